"""Who is calling and what they may do: `CallerPolicy`, `Caller`, and the facts a policy reads from a tool.

A policy narrows the catalogue (toolsets, an allow-list of tools, an exclude-list, read-only mode)
and sets how destructive calls are confirmed (`confirm`: "elicit", "url", "token" or "never"; see
`zoom_mcp.gates.flow` for what each guarantees).
Read-only mode wins over every allow-list: a read-only policy never allows a tool whose
`readOnlyHint` is not true, whatever else the policy says.

`spec_facts(spec)` reads a tool either from a catalogue `ToolSpec` (attributes `name`, `title`,
`annotations`, `operation`) or from a plain `tools.json` entry (a dict), so the policy, the
selection and the gates work with both. The `readOnlyHint` / `destructiveHint` annotations are the
single source of truth for read-only mode and for the confirmation gates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

ConfirmMode = Literal["elicit", "url", "token", "never"]
CONFIRM_MODES: tuple[ConfirmMode, ...] = ("elicit", "url", "token", "never")
OPERATION_META_KEY = "zoom-mcp/operation"


@dataclass(frozen=True)
class SpecFacts:
    """What the policy and the gates need to know about one tool."""

    name: str
    title: str
    toolset: str
    read_only: bool
    destructive: bool
    danger: str
    destructive_when: tuple[Mapping[str, Any], ...]
    arguments: Mapping[str, Any]
    method: str
    path: str


def _operation_of(spec: Any) -> Mapping[str, Any]:
    if isinstance(spec, Mapping):
        meta = spec.get("_meta") or {}
        operation = meta.get(OPERATION_META_KEY) or spec.get("operation") or {}
    else:
        operation = getattr(spec, "operation", None) or {}
    return operation if isinstance(operation, Mapping) else {}


def spec_facts(spec: Any) -> SpecFacts:
    """Read a `ToolSpec` or a `tools.json` tool entry (dict) into `SpecFacts`.

    An omitted `destructiveHint` counts as destructive (as MCP clients treat it); an omitted
    `readOnlyHint` counts as not read-only. Fails safe in both directions.
    """
    if isinstance(spec, Mapping):
        name = str(spec.get("name", ""))
        annotations = spec.get("annotations") or {}
        title = str(spec.get("title") or annotations.get("title") or name)
        top_danger = spec.get("danger")
    else:
        name = str(spec.name)
        annotations = getattr(spec, "annotations", None) or {}
        title = str(getattr(spec, "title", None) or annotations.get("title") or name)
        top_danger = getattr(spec, "danger", None)
    operation = _operation_of(spec)
    read_only = annotations.get("readOnlyHint") is True
    destructive = (not read_only) and annotations.get("destructiveHint", True) is not False
    danger = str(operation.get("danger") or top_danger or "normal")
    when = operation.get("destructiveWhen") or []
    return SpecFacts(
        name=name,
        title=title,
        toolset=str(operation.get("toolset") or ""),
        read_only=read_only,
        destructive=destructive,
        danger="high" if danger == "high" else "normal",
        destructive_when=tuple(entry for entry in when if isinstance(entry, Mapping)),
        arguments=operation.get("arguments") or {},
        method=str(operation.get("method") or ""),
        path=str(operation.get("path") or ""),
    )


@dataclass(frozen=True)
class CallerPolicy:
    """What one caller may see and call, and how its destructive calls are confirmed.

    `toolsets` / `tools` are allow-lists (`None` = no restriction from that list); a tool passes when
    it is in an allowed toolset OR named in `tools` (when only one list is given, only that one
    applies), is not in `exclude_tools`, and, with `read_only`, is read-only.
    """

    name: str = "default"
    toolsets: frozenset[str] | None = None
    tools: frozenset[str] | None = None
    exclude_tools: frozenset[str] = field(default_factory=frozenset)
    read_only: bool = False
    confirm: ConfirmMode = "elicit"
    calls_per_minute: int | None = None

    def __post_init__(self) -> None:
        if self.confirm not in CONFIRM_MODES:
            raise ValueError(f"confirm must be one of {', '.join(CONFIRM_MODES)}; got {self.confirm!r}")
        if self.calls_per_minute is not None and self.calls_per_minute <= 0:
            raise ValueError(f"calls_per_minute must be positive or None; got {self.calls_per_minute!r}")

    def allows(self, spec: Any) -> bool:
        """Whether this policy lists and allows the tool (`ToolSpec` or tools.json dict)."""
        facts = spec if isinstance(spec, SpecFacts) else spec_facts(spec)
        if self.read_only and not facts.read_only:
            return False  # read-only wins over any allow-list
        if facts.name in self.exclude_tools:
            return False
        if self.toolsets is None and self.tools is None:
            return True
        in_toolsets = self.toolsets is not None and facts.toolset in self.toolsets
        in_tools = self.tools is not None and facts.name in self.tools
        return in_toolsets or in_tools

    def describe(self) -> str:
        """A short human description, e.g. for "tool not available to this caller" messages."""
        parts: list[str] = []
        parts.append("toolsets " + (", ".join(sorted(self.toolsets)) if self.toolsets is not None else "all"))
        if self.tools is not None:
            parts.append("tools " + (", ".join(sorted(self.tools)) or "none"))
        if self.exclude_tools:
            parts.append("excluding " + ", ".join(sorted(self.exclude_tools)))
        if self.read_only:
            parts.append("read-only")
        parts.append(f"confirm={self.confirm}")
        if self.calls_per_minute is not None:
            parts.append(f"{self.calls_per_minute} calls/minute")
        return "; ".join(parts)

    def cache_key(self) -> str:
        """A stable key: two policies with the same key list exactly the same tools."""

        def names(values: frozenset[str] | None) -> str:
            return "*" if values is None else ",".join(sorted(values))

        return "|".join(
            [
                f"ts={names(self.toolsets)}",
                f"t={names(self.tools)}",
                f"x={names(self.exclude_tools)}",
                f"ro={int(self.read_only)}",
            ]
        )


@dataclass(frozen=True)
class Caller:
    """The authenticated party making a call: `id` ("local" over stdio) and its policy."""

    id: str
    policy: CallerPolicy = field(default_factory=CallerPolicy)
