"""`zoom-mcp tools list [--json] [--stats] [selection]`: the tools, one line each, or exactly as tools/list
sends them. The selection options are the server's (`--toolsets`, `--tools`, `--exclude-tools`,
`--read-only`), so the size printed is the size of the `tools/list` a server started with them sends.
`--curated` adds the curated in-meeting tools that `zoom-mcp serve` lists next to the generated ones (so does
naming one with `--tools`); `--tools` / `--exclude-tools` accept their names, as on `serve`.
`--api regular|master|auto` (or ZOOM_API_VARIANT) picks the catalogue like `serve` does: plain `tools list` shows
the regular variant (168 tools; the sandbox's account type), `--api master` the master-account one (159).

`--tool-mode discover|toolsets|all` shows what `zoom-mcp serve` lists in that mode (with the curated tools, as
the server lists them; so `--tool-mode all` is the catalogue plus the curated tools). Unlike `serve`, whose
default is `discover`, the default here is the whole generated catalogue (`all` without the curated tools, as
before tool modes), unless `--tool-mode` or `ZOOM_MCP_TOOL_MODE` says otherwise."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zoom_mcp.catalog.registry import Catalog, ToolSpec


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the tools as tools/list sends them")
    parser.add_argument("--stats", action="store_true", help="print tools and tools/list bytes per toolset")
    parser.add_argument(
        "--catalog", type=Path, default=None, help="catalogue file to read (default: the built-in one of --api)"
    )
    from zoom_mcp.api_variant import add_api_argument

    add_api_argument(parser)
    parser.add_argument(
        "--curated", action="store_true", help="include the curated in-meeting tools the server lists too"
    )
    from zoom_mcp.discovery.modes import LIST_DEFAULT_MODE, add_tool_mode_argument
    from zoom_mcp.selection import add_selection_arguments

    add_tool_mode_argument(
        parser,
        default=LIST_DEFAULT_MODE,
        help_text=(
            "show what `zoom-mcp serve --tool-mode MODE` lists; without this flag and without the variable this "
            "command shows the whole catalogue (all), while `serve` defaults to discover"
        ),
    )
    add_selection_arguments(parser)


def selected_tools(catalog: Catalog, args: argparse.Namespace) -> list[ToolSpec]:
    """The tools a server started with the same selection options would list (SelectionError on bad names)."""
    from zoom_mcp.catalog.registry import ToolSpec
    from zoom_mcp.live_controls import curated_tools
    from zoom_mcp.selection import policy_from_args, select_tools

    curated = [ToolSpec.from_dict(raw) for raw in curated_tools(catalog.variant)]
    # the server serves the curated tools beside the catalogue, so --tools / --exclude-tools may name them
    policy = policy_from_args(args, known_tools=[*catalog.tools, *curated])
    named = policy.tools or frozenset()
    shown = getattr(args, "curated", False) or any(tool.name in named for tool in curated)
    return select_tools([*catalog.tools, *curated] if shown else list(catalog.tools), policy)


def format_line(tool: ToolSpec | dict[str, Any]) -> str:
    from zoom_mcp.policy import spec_facts

    facts = spec_facts(tool)
    if facts.read_only:
        kind = "read-only"
    elif facts.destructive:
        kind = "destructive"
    elif facts.destructive_when:
        kind = "destructive-if"  # destructive for some argument values
    else:
        kind = "write"
    toolset = facts.toolset or "discovery"  # meta-tools have no Zoom operation
    return f"{facts.name:<40}  {toolset:<23}  {kind:<14}  {facts.title}"


def stats_lines(tools: list[ToolSpec]) -> list[str]:
    """A Markdown table: tools and tools/list bytes per toolset, then the total (tokens estimated as bytes/4)."""
    from zoom_mcp.catalog.registry import tools_list_size

    toolsets: dict[str, list[ToolSpec]] = {}
    for tool in tools:
        toolsets.setdefault(tool.toolset, []).append(tool)
    lines = ["| toolset | tools | bytes |", "|---|---:|---:|"]
    for name in sorted(toolsets):
        lines.append(f"| {name} | {len(toolsets[name])} | {tools_list_size(toolsets[name])} |")
    size = tools_list_size(tools)
    lines.append(f"| **total** | **{len(tools)}** | **{size}** (~{size // 4} tokens) |")
    return lines


def listing_variant(args: argparse.Namespace) -> str:
    """The variant `tools list` shows: `--api`/ZOOM_API_VARIANT, else what `serve` would choose for the
    credentials in the environment (a token request for a Server-to-Server app; regular when that fails, with a
    warning on stderr, so that listing never needs the network to work)."""
    import anyio

    from zoom_mcp.api_variant import credential_problem, credentials_set, detect_variant, requested_api, sandbox_choice
    from zoom_mcp.zoom_client import ZoomError, ZoomSettings

    requested = requested_api(args)
    if requested != "auto" or not credentials_set():
        return sandbox_choice(requested).variant
    problem = credential_problem()
    if problem is not None:
        print(f"warning: {problem} Listing the regular variant.", file=sys.stderr)
        return "regular"
    try:
        return anyio.run(detect_variant, requested, ZoomSettings.from_env()).variant
    except ZoomError as exc:
        print(
            f"warning: could not ask Zoom which variant the credentials use ({exc}); listing the regular "
            "variant (pass --api master for a master account)",
            file=sys.stderr,
        )
        return "regular"


def load_for_listing(args: argparse.Namespace) -> Catalog:
    """The catalogue `--catalog` names, else the built-in one of the chosen variant."""
    from zoom_mcp.catalog.registry import load_catalog

    if args.catalog is not None:
        return load_catalog(args.catalog)
    return load_catalog(variant=listing_variant(args))


def run(args: argparse.Namespace) -> int:
    from zoom_mcp.api_variant import VariantError
    from zoom_mcp.catalog.registry import CatalogNotFound, tools_list_payload, tools_list_size

    try:
        catalog = load_for_listing(args)
    except (CatalogNotFound, VariantError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    from zoom_mcp.selection import SelectionError

    try:
        tools = selected_tools(catalog, args)
    except SelectionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from zoom_mcp.discovery.modes import ToolModeError, tool_mode_from_args

    try:
        mode = tool_mode_from_args(args)
    except ToolModeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if mode != "all":
        return _print_mode(mode, catalog, args)
    if _mode_given(args) and not args.curated:
        # `--tool-mode all` (or ZOOM_MCP_TOOL_MODE=all) shows what `serve --tool-mode all` lists: curated tools too
        tools = selected_tools(catalog, argparse.Namespace(**{**vars(args), "curated": True}))
    if args.json:
        print(json.dumps(tools_list_payload(tools), indent=1, ensure_ascii=False))
        return 0
    if args.stats:
        for line in stats_lines(tools):
            print(line)
        return 0
    for tool in tools:
        print(format_line(tool))
    size = tools_list_size(tools)
    print(f"{len(tools)} tools; tools/list size {size} bytes (~{size // 4} tokens at bytes/4)")
    return 0


def _mode_given(args: argparse.Namespace) -> bool:
    """Whether the mode came from `--tool-mode` or ZOOM_MCP_TOOL_MODE rather than this command's default."""
    import os

    from zoom_mcp.discovery.modes import TOOL_MODE_ENV

    return bool(getattr(args, "tool_mode", None) or os.environ.get(TOOL_MODE_ENV, "").strip())


def _print_mode(mode: Any, catalog: Catalog, args: argparse.Namespace) -> int:
    """`--tool-mode discover|toolsets`: what the server lists at the start of a session in that mode."""
    from zoom_mcp.catalog.registry import ToolSpec
    from zoom_mcp.discovery.modes import listed_tools, starting_toolsets
    from zoom_mcp.live_controls import curated_tools
    from zoom_mcp.selection import policy_from_args, select_tools

    curated = [ToolSpec.from_dict(raw) for raw in curated_tools(catalog.variant)]
    everything = [*catalog.tools, *curated]
    policy = policy_from_args(args, known_tools=everything)
    allowed = select_tools(everything, policy)
    given = policy.toolsets is not None or policy.tools is not None
    entries = listed_tools(
        mode,
        allowed,
        toolsets=sorted({tool.toolset for tool in everything}),
        direct={tool.name for tool in curated},
        curated={tool.name for tool in curated},
        enabled_toolsets=starting_toolsets(given, {tool.toolset for tool in allowed}),
        read_only=policy.read_only,
    )
    size = len(json.dumps({"tools": entries}, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    if args.json:
        print(json.dumps(entries, indent=1, ensure_ascii=False))
        return 0
    for entry in entries:
        print(format_line(entry))
    print(
        f"{len(entries)} tools listed in {mode} mode (reaching {len(allowed)} tools); "
        f"tools/list size {size} bytes (~{size // 4} tokens at bytes/4)"
    )
    return 0
