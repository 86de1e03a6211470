"""Tool modes: what `tools/list` shows. The policy decides which operations exist; the mode, how they are shown.

- `discover` (default of `zoom-mcp serve`): the four discovery meta-tools (search, describe, call a
  read-only tool, call any tool), the curated in-meeting tools and `DISCOVER_DIRECT_TOOLS`; every other
  allowed operation is found by `zoom_search_tools` and run through `zoom_call_read_tool` / `zoom_call_tool`.
  About 30 KB of `tools/list`, under 20 tools.
- `toolsets`: the tools of the enabled toolsets (at start the everyday set when no `--toolsets`/`--tools`
  is given, else everything the selection allows) plus `zoom_list_toolsets`, `zoom_enable_toolsets` and the
  discovery meta-tools (where a connection has no session, they are how the rest is reached);
  `zoom_enable_toolsets` adds toolsets to the session. One operation is listed once: when every curated tool
  is listed, the generated tool whose operation they front (`meeting_live_controls`, one `method` per curated
  tool) is left out of the list (it stays callable and searchable). At start with the everyday set: 130 tools
  (regular), 110 (master).
- `all`: every allowed tool, as before tool modes existed (the default of `zoom-mcp tools list`).

In every mode a tool the policy allows can also be called by its own name, listed or not.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol, cast

from zoom_mcp.discovery import meta_tools
from zoom_mcp.selection import DEFAULT_TOOLSETS

ToolMode = Literal["discover", "toolsets", "all"]
TOOL_MODES: tuple[ToolMode, ...] = ("discover", "toolsets", "all")
TOOL_MODE_ENV = "ZOOM_MCP_TOOL_MODE"
SERVE_DEFAULT_MODE: ToolMode = "discover"
LIST_DEFAULT_MODE: ToolMode = "all"
# everyday reads listed directly in discover mode, next to the curated in-meeting tools
DISCOVER_DIRECT_TOOLS: tuple[str, ...] = ("meetings_list", "meeting_get")
MANY_TOOLS = 128  # GitHub Copilot (VS Code, JetBrains, Eclipse) refuses requests with more tools


class ToolModeError(ValueError):
    """An unknown tool mode (flag or environment); the message lists the valid ones."""


class ListedTool(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def toolset(self) -> str: ...

    @property
    def operation_id(self) -> str | None: ...

    def to_mcp_dict(self) -> dict[str, Any]: ...


def parse_tool_mode(value: str, *, source: str) -> ToolMode:
    mode = value.strip().lower()
    if mode not in TOOL_MODES:
        raise ToolModeError(f"unknown tool mode {value!r} in {source}; use one of: {', '.join(TOOL_MODES)}")
    return mode


def add_tool_mode_argument(parser: argparse.ArgumentParser, *, default: ToolMode, help_text: str) -> None:
    parser.add_argument(
        "--tool-mode",
        metavar="MODE",
        default=None,
        help=f"{help_text} ({' | '.join(TOOL_MODES)}; default: ${TOOL_MODE_ENV}, else {default})",
    )
    parser.set_defaults(_tool_mode_default=default)


def tool_mode_from_args(args: argparse.Namespace, *, environ: Mapping[str, str] | None = None) -> ToolMode:
    """`--tool-mode`, else `ZOOM_MCP_TOOL_MODE`, else the command's default; `ToolModeError` when unknown."""
    flag = getattr(args, "tool_mode", None)
    if flag:
        return parse_tool_mode(flag, source="--tool-mode")
    env = (os.environ if environ is None else environ).get(TOOL_MODE_ENV, "").strip()
    if env:
        return parse_tool_mode(env, source=TOOL_MODE_ENV)
    return cast(ToolMode, getattr(args, "_tool_mode_default", SERVE_DEFAULT_MODE))


def starting_toolsets(selection_given: bool, available: Iterable[str]) -> frozenset[str]:
    """Toolsets listed at the start of a `toolsets`-mode session: everyday without a selection, else all."""
    names = frozenset(available)
    return names if selection_given else names & DEFAULT_TOOLSETS


def listed_tools(
    mode: ToolMode,
    allowed: Sequence[ListedTool],
    *,
    toolsets: Sequence[str],
    direct: Collection[str] = (),
    curated: Collection[str] = (),
    enabled_toolsets: Collection[str] = (),
    read_only: bool = False,
) -> list[dict[str, Any]]:
    """The tools/list entries of `mode`, given the tools the policy allows (catalogue order).

    `direct`: names listed directly in discover mode (the curated tools and `DISCOVER_DIRECT_TOOLS`);
    `curated`: the names of every curated tool (toolsets mode lists an operation once, see `fronted_operations`);
    `enabled_toolsets`: toolsets listed in toolsets mode; `toolsets`: every toolset name (meta-tool enums);
    `read_only`: a read-only policy, whose list leaves out `zoom_call_tool` (`zoom_call_read_tool` reaches all).
    """
    if mode == "all":
        return [tool.to_mcp_dict() for tool in allowed]
    meta = meta_tools.meta_tool_definitions(toolsets)
    if read_only:
        meta.pop(meta_tools.CALL)
    if mode == "discover":
        wanted = set(direct) | set(DISCOVER_DIRECT_TOOLS)
        return [meta[name] for name in meta_tools.DISCOVER_TOOLS if name in meta] + [
            tool.to_mcp_dict() for tool in allowed if tool.name in wanted
        ]
    enabled = set(enabled_toolsets)
    shown = [tool for tool in allowed if tool.toolset in enabled]
    fronted = fronted_operations(shown, curated)
    return [meta[name] for name in (*meta_tools.TOOLSET_TOOLS, *meta_tools.DISCOVER_TOOLS) if name in meta] + [
        tool.to_mcp_dict() for tool in shown if tool.name in curated or tool.operation_id not in fronted
    ]


def fronted_operations(shown: Iterable[ListedTool], curated: Collection[str]) -> frozenset[str]:
    """Operations whose curated tools are all in `shown`: their generated tool would count them twice.

    The curated in-meeting tools are one short-schema tool per `method` of the generated in-meeting controls
    operation; when every one of them is listed, so is every method, and the generated tool is left out of the
    list. When the policy hides any curated tool (`--exclude-tools`, a read-only policy, an API-key policy) the
    generated tool stays listed, so that nothing a listed tool could do before is lost.
    """
    tools = list(shown)
    names = {tool.name for tool in tools}
    if not curated or not set(curated) <= names:
        return frozenset()
    return frozenset(tool.operation_id for tool in tools if tool.name in curated and tool.operation_id)


def many_tools_warning(count: int, mode: ToolMode = "all") -> str | None:
    """What the server says on stderr when it starts listing more tools than some clients accept."""
    if count <= MANY_TOOLS:
        return None
    return (
        f"zoom-mcp: listing {count} tools (--tool-mode {mode}). Some clients refuse more than {MANY_TOOLS} tools "
        "(GitHub Copilot in VS Code, JetBrains and Eclipse), and every client spends context on them: "
        "--tool-mode discover (the default) lists a few tools that search, describe and call all of them"
        + (", or name fewer --toolsets." if mode == "toolsets" else ".")
    )


def warn_about_many_tools(count: int, mode: ToolMode = "all") -> None:
    message = many_tools_warning(count, mode)
    if message:
        print(message, file=sys.stderr, flush=True)
