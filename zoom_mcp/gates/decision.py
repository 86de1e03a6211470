"""Whether one tool call needs a person's confirmation, and why.

A call is gated when the tool's `destructiveHint` is true, or when any `destructiveWhen` entry of
the catalogue matches the arguments: every dotted path in the entry's `when` must resolve in the
arguments to the given value (a list of values means any of them). The answer carries the danger
level ("high" means the person must type the target's ID) and a sentence saying why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zoom_mcp.catalog.registry import wire_name
from zoom_mcp.policy import SpecFacts, spec_facts

_MISSING = object()
ACCOUNT_ARGUMENT = "accountId"


@dataclass(frozen=True)
class GateReason:
    """Why a call is gated: `danger` is "high" or "normal"; `why` is one human sentence."""

    tool: str
    title: str
    danger: str
    why: str
    fallback_target_id: str | None
    destructive_values: tuple[tuple[str, Any], ...] = ()  # (dotted argument, value) that made the call destructive

    @property
    def needs_typed_id(self) -> bool:
        return self.danger == "high"


def _resolve(arguments: Mapping[str, Any], dotted: str) -> Any:
    """`params.delete_meeting_assets` -> arguments["params"]["delete_meeting_assets"]; `_MISSING` if absent."""
    if dotted in arguments:
        return arguments[dotted]
    current: Any = arguments
    for part in dotted.split("."):
        if not isinstance(current, Mapping) or part not in current:
            return _MISSING
        current = current[part]
    return current


def _value_matches(actual: Any, expected: Any) -> bool:
    if actual is _MISSING:
        return False
    options = expected if isinstance(expected, list) else [expected]
    for option in options:
        # bool is an int in Python: True must not match 1.
        if type(actual) is bool or type(option) is bool:
            if actual is option:
                return True
        elif isinstance(actual, str) and isinstance(option, str):
            if actual.strip().lower() == option.strip().lower():
                return True
        elif actual == option:
            return True
    return False


def matching_condition(facts: SpecFacts, arguments: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The first `destructiveWhen` entry whose every condition holds, or None."""
    for entry in facts.destructive_when:
        when = entry.get("when")
        if not isinstance(when, Mapping) or not when:
            continue
        if all(_value_matches(_resolve(arguments, path), expected) for path, expected in when.items()):
            return entry
    return None


def fallback_target_id(facts: SpecFacts, arguments: Mapping[str, Any]) -> str | None:
    """The ID a person would type when nothing better is known: the last path argument other than accountId."""
    path_arguments = [
        name
        for name, where in facts.arguments.items()
        if isinstance(where, Mapping) and where.get("in") == "path" and name != ACCOUNT_ARGUMENT
    ]

    def position(name: str) -> int:
        return facts.path.find("{" + (wire_name(name, facts.arguments[name]) or name) + "}")

    order = {name: position(name) for name in path_arguments}
    for name in sorted(path_arguments, key=lambda n: order[n], reverse=True):
        value = arguments.get(name)
        if value is not None and str(value) != "":
            return str(value)
    return None


def gate_reason(spec: Any, arguments: Mapping[str, Any]) -> GateReason | None:
    """Why this call needs confirmation, or None when it does not (`spec`: `ToolSpec` or tools.json dict)."""
    facts = spec if isinstance(spec, SpecFacts) else spec_facts(spec)
    if facts.read_only:
        return None
    entry = matching_condition(facts, arguments)
    values: tuple[tuple[str, Any], ...] = ()
    if entry is not None:
        values = tuple((path, _resolve(arguments, path)) for path in dict(entry.get("when") or {}))
        conditions = ", ".join(f"{path}={_show(value)}" for path, value in dict(entry.get("when") or {}).items())
        reason = str(entry.get("reason") or "").strip()
        why = f"{facts.title} with {conditions} is destructive" + (f": {reason}" if reason else "")
    elif facts.destructive:
        where = f" ({facts.method} {facts.path})" if facts.method and facts.path else ""
        why = f"{facts.title} is destructive: it deletes or irreversibly changes data in Zoom{where}"
    else:
        return None
    return GateReason(
        tool=facts.name,
        title=facts.title,
        danger=facts.danger,
        why=why.rstrip(".") + ".",
        fallback_target_id=fallback_target_id(facts, arguments),
        destructive_values=values,
    )


def _show(value: Any) -> str:
    if isinstance(value, list):
        return " or ".join(_show(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
