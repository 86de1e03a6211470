"""References to earlier results inside scenario steps, and the dotted paths used everywhere.

Syntax (inside any string of a step's target or arguments):

- `${steps.<id>.result.<path>}`: the structured content of step `<id>`'s result (a tool call's
  `structuredContent`; for a resource read of JSON, the parsed JSON). `structuredContent` is a synonym
  of `result`.
- `${steps.<id>.text}`: the text of that result (tool text content, resource text, prompt messages).
- `${steps.<id>.preview.<path>}`: with `confirm: token`, the preview that carried the token.
- `${seed.<NAME>}`: a constant of the seeded sandbox account (`zoom_mcp.sandbox.seed`), e.g.
  `${seed.SCHEDULED_MEETING_ID}`, `${seed.RECORDED_MEETING_UUID}`.

A string that is exactly one reference takes the referenced value with its type (a number stays a
number); a reference inside longer text is replaced by its text. `$${` writes a literal `${`. Mapping keys
are resolved too, so a dotted path can filter on an earlier result: `registrants[id=${steps.add.result.id}]`.

Paths are dotted: `meetings.0.id` (list index), `registrants[email=dave@example.org].status`
(the first list item whose key equals the value; dots inside brackets are fine), `meetings.-1.topic`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from zoom_mcp.sandbox import seed as seed_module

_REFERENCE = re.compile(r"(?<!\$)\$\{([^}]+)\}")
_FILTER = re.compile(r"^(?P<key>[^\[\]]*)\[(?P<field>[^=\]]+)=(?P<value>[^\]]*)\]$")
MISSING = object()


class UnresolvedReference(LookupError):
    """A `${...}` reference or a dotted path points at nothing; the message says what exists."""


def split_path(path: str) -> list[str]:
    """`a.b[email=x.y].c` -> ["a", "b[email=x.y]", "c"] (dots inside brackets do not split)."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in path:
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        if char == "." and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return [p for p in parts if p != ""]


def lookup(data: Any, path: str) -> Any:
    """The value at dotted `path` in `data`, or `MISSING`."""
    value = data
    for part in split_path(path):
        value = _step_into(value, part)
        if value is MISSING:
            return MISSING
    return value


def _step_into(value: Any, part: str) -> Any:
    match = _FILTER.match(part)
    if match is not None:
        if match["key"]:
            value = _step_into(value, match["key"])
        if not isinstance(value, list):
            return MISSING
        wanted = match["value"]
        for item in value:
            if isinstance(item, Mapping) and str(item.get(match["field"], MISSING)) == wanted:
                return item
        return MISSING
    if isinstance(value, Mapping):
        if part in value:
            return value[part]
        return MISSING
    if isinstance(value, list | tuple) and re.fullmatch(r"-?\d+", part):
        index = int(part)
        return value[index] if -len(value) <= index < len(value) else MISSING
    return MISSING


def seed_constants() -> dict[str, Any]:
    """The upper-case constants of the seeded sandbox account."""
    return {
        name: value
        for name, value in vars(seed_module).items()
        if name.isupper() and isinstance(value, str | int | tuple) and not name.startswith("_")
    }


def resolve(value: Any, steps: Mapping[str, Mapping[str, Any]], *, where: str = "") -> Any:
    """`value` with every `${...}` reference replaced (recursing into lists and mappings)."""
    if isinstance(value, str):
        return _resolve_text(value, steps, where)
    if isinstance(value, list):
        return [resolve(item, steps, where=where) for item in value]
    if isinstance(value, Mapping):  # keys too: a dotted path such as `registrants[id=${steps.add.result.id}]`
        return {
            (resolve(key, steps, where=where) if isinstance(key, str) else key): resolve(item, steps, where=where)
            for key, item in value.items()
        }
    return value


def is_whole_reference(text: str) -> bool:
    """Whether `text` is exactly one `${...}` reference (and so keeps the referenced value's type)."""
    return _REFERENCE.fullmatch(text) is not None


def _resolve_text(text: str, steps: Mapping[str, Mapping[str, Any]], where: str) -> Any:
    whole = _REFERENCE.fullmatch(text)
    if whole is not None:
        return _value_of(whole[1].strip(), steps, where)
    replaced = _REFERENCE.sub(lambda m: _as_text(_value_of(m[1].strip(), steps, where)), text)
    return replaced.replace("$${", "${")


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _value_of(expression: str, steps: Mapping[str, Mapping[str, Any]], where: str) -> Any:
    parts = split_path(expression)
    prefix = f"{where}: " if where else ""
    if len(parts) >= 2 and parts[0] == "seed":
        constants = seed_constants()
        value = lookup(constants, ".".join(parts[1:]))
        if value is MISSING:
            raise UnresolvedReference(
                f"{prefix}${{{expression}}}: no seed constant {parts[1]!r}; known: {', '.join(sorted(constants))}."
            )
        return value
    if len(parts) >= 2 and parts[0] == "steps":
        step_id = parts[1]
        if step_id not in steps:
            known = ", ".join(steps) or "none yet"
            raise UnresolvedReference(
                f"{prefix}${{{expression}}}: no earlier step with id {step_id!r} (earlier steps: {known})."
            )
        record = steps[step_id]
        rest = ".".join(parts[2:])
        if not rest:
            raise UnresolvedReference(f"{prefix}${{{expression}}}: say what to take, e.g. steps.{step_id}.result.id.")
        value = lookup(record, rest)
        if value is MISSING:
            raise UnresolvedReference(
                f"{prefix}${{{expression}}}: step {step_id!r} has nothing at {rest!r}; "
                f"its result was {_short(record.get('result'))}."
            )
        return value
    raise UnresolvedReference(f"{prefix}${{{expression}}}: references start with steps.<id>. or seed.")


def _short(value: Any, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
