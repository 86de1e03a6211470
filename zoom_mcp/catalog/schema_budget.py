"""Keeping every tool's `inputSchema` within what every client accepts.

claude.ai drops a tool whose `inputSchema` is over 16 KiB; Zoom's biggest operations (`meeting_create`,
`meeting_update`, `webinar_create`, `webinar_update`) are 18-26 KB, almost all of it descriptions of
nested settings. `fit_input_schema(schema)` shortens those descriptions, never the structure: every
field keeps its name, type, enum, limits and nesting, so every field is still reachable and typed.

    1. nothing happens when the compact JSON is within `budget` (12 KiB: 4 KiB below the 16 KiB cap, headroom
       for later growth such as integer-or-string ID arguments);
    2. descriptions below the top level (inside an argument's object) are cut to their first sentence
       (at most `NESTED_SENTENCE` characters);
    3. while still over budget, nested descriptions are dropped, deepest first, then longest first.

Top-level argument descriptions are never touched. Every description that was shortened or dropped is
returned in full, keyed by its dotted field path (`settings.waiting_room_options.mode`; `[]` marks list
items), and stored in tools.json as the tool's `fieldDescriptions`; `zoom_describe_tools` sends them
on demand. A schema whose structure alone is over the budget is a build error (`SchemaBudgetError`).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

JSONSchema = dict[str, Any]

INPUT_SCHEMA_CAP = 16 * 1024  # claude.ai drops tools whose inputSchema is larger
INPUT_SCHEMA_BUDGET = 12 * 1024  # what the compiler aims for
DESCRIPTION_CAP = 2048  # Claude Code cuts tool descriptions here
NESTED_SENTENCE = 100
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


class SchemaBudgetError(ValueError):
    """A schema cannot be brought within the budget without losing structure."""


@dataclass
class _Described:
    node: JSONSchema
    path: str
    depth: int  # 1 = a top-level argument


def schema_size(schema: Any) -> int:
    """Bytes of the compact JSON (as tools/list sends it)."""
    return len(json.dumps(schema, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def first_sentence(text: str, limit: int = NESTED_SENTENCE) -> str:
    match = _SENTENCE_END.search(text)
    sentence = text[: match.start()] if match else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return sentence


def fit_input_schema(schema: JSONSchema, budget: int = INPUT_SCHEMA_BUDGET) -> tuple[JSONSchema, dict[str, str]]:
    """`schema` within `budget` bytes, and the full text of every description it shortened or dropped."""
    if schema_size(schema) <= budget:
        return schema, {}
    fitted = copy.deepcopy(schema)
    notes: dict[str, str] = {}
    nested = [entry for entry in _described(fitted) if entry.depth >= 2]
    for entry in nested:
        full = entry.node["description"]
        short = first_sentence(full)
        if short != full:
            notes.setdefault(entry.path, full)
            entry.node["description"] = short
    size = schema_size(fitted)
    for entry in sorted(nested, key=lambda e: (-e.depth, -len(e.node["description"]), e.path)):
        if size <= budget:
            break
        text = entry.node.pop("description")
        notes.setdefault(entry.path, text)
        size = schema_size(fitted)
    if size > budget:
        raise SchemaBudgetError(
            f"inputSchema is {size} bytes with every nested description removed (budget {budget}); "
            "split the operation's arguments or raise the budget"
        )
    return fitted, notes


def _described(schema: JSONSchema) -> Iterator[_Described]:
    """Every schema node with a string description, with its dotted path and property depth."""
    stack: list[tuple[Any, str, int]] = [(schema, "", 0)]
    while stack:
        node, path, depth = stack.pop()
        if not isinstance(node, dict):
            continue
        if depth > 0 and isinstance(node.get("description"), str):
            yield _Described(node, path, depth)
        for name, sub in (node.get("properties") or {}).items():
            stack.append((sub, f"{path}.{name}" if path else name, depth + 1))
        items = node.get("items")
        if isinstance(items, dict):
            stack.append((items, f"{path}[]", depth))
        for keyword in ("anyOf", "oneOf"):
            for variant in node.get(keyword) or ():
                stack.append((variant, path, depth))


def field_paths(schema: JSONSchema) -> set[tuple[str, str]]:
    """(dotted path, type) of every field: guard tests compare them before and after fitting."""
    found: set[tuple[str, str]] = set()
    stack: list[tuple[Any, str]] = [(schema, "")]
    while stack:
        node, path = stack.pop()
        if not isinstance(node, dict):
            continue
        if path:
            found.add((path, json.dumps(node.get("type"), sort_keys=True)))
        for name, sub in (node.get("properties") or {}).items():
            stack.append((sub, f"{path}.{name}" if path else name))
        items = node.get("items")
        if isinstance(items, dict):
            stack.append((items, f"{path}[]"))
        for keyword in ("anyOf", "oneOf"):
            for index, variant in enumerate(node.get(keyword) or ()):
                stack.append((variant, f"{path}<{keyword}{index}>"))
    return found
