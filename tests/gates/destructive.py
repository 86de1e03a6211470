"""The calls that make a tool destructive, for the gate sweeps: the tool itself when it is destructive, and one
call per `destructiveWhen` entry for each value of a listed alternative (`action: [deny, cancel]` gives two)."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from zoom_mcp.catalog.registry import ToolSpec


def set_dotted(arguments: dict[str, Any], dotted: str, value: Any) -> None:
    """`params.delete_meeting_assets` -> arguments["params"]["delete_meeting_assets"] = value."""
    *parents, leaf = dotted.split(".")
    for part in parents:
        arguments = arguments.setdefault(part, {})
    arguments[leaf] = value


def placeholder_ids(spec: ToolSpec) -> dict[str, str]:
    """A made-up ID for each path argument of `spec` but `accountId`."""
    return {
        name: f"8574606543{index}"
        for index, (name, where) in enumerate(spec.arguments.items())
        if where.get("in") == "path" and name != "accountId"
    }


def destructive_calls(spec: ToolSpec, base: Mapping[str, Any]) -> list[dict[str, Any]]:
    """`base` (a copy each time) as every destructive call of `spec` sends it."""
    calls: list[dict[str, Any]] = [copy.deepcopy(dict(base))] if spec.destructive else []
    for entry in spec.destructive_when:
        when = dict(entry["when"])
        lists = {k: v for k, v in when.items() if isinstance(v, list)}
        variants = [when] if not lists else [{**when, k: option} for k, vs in lists.items() for option in vs]
        for variant in variants:
            arguments = copy.deepcopy(dict(base))
            for path, value in variant.items():
                set_dotted(arguments, path, value)
            calls.append(arguments)
    return calls
