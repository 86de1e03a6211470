"""A `describe_target` that needs no Zoom call: names the target of a gated call by its path IDs.

The server's own describer fetches topics, start times and file counts; this one is the plain
fallback (tests, one-shot paths, or when nothing better is wired).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zoom_mcp.gates.messages import TargetDescription
from zoom_mcp.policy import spec_facts


def _words(argument: str) -> str:
    """`meetingId` -> "meeting", `recordingId` -> "recording"."""
    base = argument[:-2] if argument.endswith("Id") else argument
    out = "".join(" " + ch.lower() if ch.isupper() else ch for ch in base)
    return out.strip().replace("_", " ")


async def describe_from_arguments(spec: Any, arguments: Mapping[str, Any]) -> TargetDescription:
    """'meeting 85746065432, recording abc' from the path arguments (accountId left out)."""
    facts = spec_facts(spec)
    parts: list[str] = []
    target_id: str | None = None
    for name, where in facts.arguments.items():
        if isinstance(where, Mapping) and where.get("in") == "path" and name != "accountId" and name in arguments:
            parts.append(f"{_words(name)} {arguments[name]}")
            target_id = str(arguments[name])
    text = ", ".join(parts) if parts else f"the whole account ({facts.title.lower()})"
    undoable = str(arguments.get("action", "")).lower() == "trash"
    return TargetDescription(text=text, target_id=target_id, undoable=undoable)
