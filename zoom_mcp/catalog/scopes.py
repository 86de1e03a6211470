"""Which scopes a Zoom app needs, per toolset, read from a catalogue (for `zoom-mcp doctor`, `zoom-mcp tools
scopes` and the README's app setup tables).

A tool works when the token holds any of its scopes or granular scopes (Zoom accepts either). The scope to
*add* for a tool is one granular scope of the app's kind: for a regular account's Server-to-Server app the
`:admin` granular scope (account-wide), for a master account the `:master` one; the classic scope when the
operation lists no granular one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from zoom_mcp.catalog.registry import ToolSpec


def scope_to_add(tool: ToolSpec, variant: str) -> str | None:
    """The one scope to grant so that `tool` works (None when the operation lists none)."""
    suffix = ":master" if variant == "master" else ":admin"
    granular = list(tool.granular_scopes)
    classic = list(tool.scopes)
    for candidates in (granular, classic):
        for scope in candidates:
            if scope.endswith(suffix):
                return scope
    if variant != "master":
        plain = [s for s in granular + classic if not s.endswith(":master")]
        if plain:
            return plain[0]
    return (granular + classic)[0] if granular + classic else None


def usable(tool: ToolSpec, granted: Collection[str]) -> bool:
    needed = (*tool.scopes, *tool.granular_scopes)
    return not needed or any(scope in granted for scope in needed)


@dataclass
class ToolsetScopes:
    toolset: str
    tools: int
    scopes: list[str] = field(default_factory=list)  # to grant so that every tool works
    failing: list[str] = field(default_factory=list)  # tools the granted scopes do not cover
    add: list[str] = field(default_factory=list)  # scopes to add for the failing tools

    def to_dict(self) -> dict[str, object]:
        return {
            "toolset": self.toolset,
            "tools": self.tools,
            "usable": self.tools - len(self.failing),
            "failing": self.failing,
            "add_scopes": self.add,
        }


def toolset_scopes(
    tools: Iterable[ToolSpec], variant: str, granted: Collection[str] | None = None
) -> list[ToolsetScopes]:
    """Per toolset (sorted): the scopes to grant, and with `granted` the tools that fail and what to add."""
    by_toolset: dict[str, ToolsetScopes] = {}
    for tool in tools:
        entry = by_toolset.setdefault(tool.toolset, ToolsetScopes(tool.toolset, 0))
        entry.tools += 1
        scope = scope_to_add(tool, variant)
        if scope is not None and scope not in entry.scopes:
            entry.scopes.append(scope)
        if granted is not None and not usable(tool, granted):
            entry.failing.append(tool.name)
            if scope is not None and scope not in entry.add:
                entry.add.append(scope)
    for entry in by_toolset.values():
        entry.scopes.sort()
        entry.add.sort()
    return [by_toolset[name] for name in sorted(by_toolset)]


def scopes_table(tools: Iterable[ToolSpec], variant: str) -> list[str]:
    """A Markdown table: toolset, tools, the scopes to grant in the Zoom app (what `zoom-mcp tools scopes` prints)."""
    lines = ["| toolset | tools | scopes to add to the Zoom app |", "|---|---:|---|"]
    for entry in toolset_scopes(tools, variant):
        lines.append(f"| {entry.toolset} | {entry.tools} | {' '.join(f'`{s}`' for s in entry.scopes)} |")
    return lines
