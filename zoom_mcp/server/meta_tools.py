"""Serving the meta-tools: search, describe, call (any / read-only), list and enable toolsets.

The caller's policy decides what exists: a tool the policy does not allow is not found by search, not
described and not callable. `zoom_call_tool` / `zoom_call_read_tool` hand the inner tool and its
arguments to `ServerRuntime.call_tool`, the very path of a direct call (validation, accountId default,
confirmation gates in both eras, curated-tool translation, audit trail under the inner tool's name,
metrics, Zoom errors), and return the inner tool's result unchanged.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mcp_types import CallToolResult, InputRequiredResult, TextContent

from zoom_mcp.catalog.registry import ToolSpec
from zoom_mcp.discovery import meta_tools as defs
from zoom_mcp.discovery.search import ToolSearch
from zoom_mcp.gates.elicitation import is_modern_era
from zoom_mcp.policy import Caller
from zoom_mcp.server import results
from zoom_mcp.server.arguments import ArgumentValidator
from zoom_mcp.server.tool_modes import ToolSurface, session_state

if TYPE_CHECKING:
    from zoom_mcp.server.runtime import ServerRuntime

SUMMARY_LIMIT = 200
NO_SESSION = (
    "This connection has no session to keep enabled toolsets in ({why}), so zoom_enable_toolsets cannot add "
    "tools to its list. Every tool this server offers is still reachable: find it with zoom_search_tools, "
    "read its schema with zoom_describe_tools and run it with zoom_call_tool (zoom_call_read_tool for "
    "read-only tools)."
)


def _summary(spec: ToolSpec) -> str:
    line = spec.summary.strip()
    if len(line) <= SUMMARY_LIMIT:
        return line
    cut = line[:SUMMARY_LIMIT]
    end = cut.rfind(". ")
    return cut[: end + 1] if end > SUMMARY_LIMIT // 2 else cut.rsplit(" ", 1)[0] + " …"


def _object_from_text(text: str) -> Any:
    """`"{...}"` -> the object; anything else stays as it was (and fails validation with a clear message)."""
    if not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return text
    return value if isinstance(value, dict) else text


def _result(structured: dict[str, Any], text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=structured)


class MetaToolService:
    def __init__(self, runtime: ServerRuntime, surface: ToolSurface) -> None:
        self.runtime = runtime
        self.surface = surface
        self._validator = ArgumentValidator()
        self._search: ToolSearch | None = None
        runtime.metrics.allow_tools(surface.meta_names)  # counted under their own names, not as "unknown"

    @property
    def search_index(self) -> ToolSearch:
        """Built on first use (about 10 ms), over every tool of the catalogue; callers' policies filter."""
        if self._search is None:
            self._search = ToolSearch(spec.to_mcp_dict() for spec in self.runtime.all_tools.values())
        return self._search

    def handles(self, name: str) -> bool:
        return self.surface.is_meta(name)

    async def call(
        self, ctx: Any, caller: Caller, name: str, arguments: Mapping[str, Any]
    ) -> CallToolResult | InputRequiredResult:
        args = dict(arguments)
        if isinstance(args.get("arguments"), str):  # some models send the object as JSON text
            args["arguments"] = _object_from_text(args["arguments"])
        problems = self._validator.problems(name, self.surface.meta[name]["inputSchema"], args)
        if problems:
            return results.invalid_arguments(name, problems)
        if name in (defs.CALL, defs.CALL_READ):
            return await self._call(ctx, caller, args, read_only=name == defs.CALL_READ)
        handler = {
            defs.SEARCH: self._search_tools,
            defs.DESCRIBE: self._describe,
            defs.LIST_TOOLSETS: self._list_toolsets,
            defs.ENABLE_TOOLSETS: self._enable_toolsets,
        }[name]
        result = await handler(ctx, caller, args)
        self.runtime.metrics.record_call(name, "error" if result.is_error else "ok")
        return result

    # ----- search and describe ---------------------------------------------------------------------
    async def _search_tools(self, ctx: Any, caller: Caller, args: dict[str, Any]) -> CallToolResult:
        allowed = self.runtime.visible_tools(caller)
        limit = int(args.get("limit") or defs.SEARCH_DEFAULT_LIMIT)
        hits = self.search_index.search(str(args["query"]), limit=limit, allowed=allowed, toolset=args.get("toolset"))
        found: list[dict[str, Any]] = []
        for hit in hits:
            spec = allowed[hit.name]
            found.append(
                {
                    "name": spec.name,
                    "title": spec.title,
                    "summary": _summary(spec),
                    "toolset": spec.toolset,
                    "readOnly": spec.read_only,
                    "destructive": spec.gated and not spec.read_only,
                    "required": list(spec.input_schema.get("required") or []),
                }
            )
        if not found:
            text = (
                f"No tool matches {args['query']!r}"
                + (f" in toolset {args['toolset']}" if args.get("toolset") else "")
                + ". Try other words (what you want done, or Zoom's words such as 'registrants' or 'GET /meetings')."
            )
            return _result({"tools": []}, text)
        lines = [
            f"{i}. {t['name']} ({'read-only' if t['readOnly'] else 'destructive' if t['destructive'] else 'write'}; "
            f"{t['toolset']}): {t['title']}. Required: {', '.join(t['required']) or 'none'}. {t['summary']}"
            for i, t in enumerate(found, start=1)
        ]
        lines.append(
            "Next: zoom_describe_tools for the inputSchema, then zoom_call_read_tool (read-only) or zoom_call_tool."
        )
        return _result({"tools": found}, "\n".join(lines))

    async def _describe(self, ctx: Any, caller: Caller, args: dict[str, Any]) -> CallToolResult:
        allowed = self.runtime.visible_tools(caller)
        names = [str(name) for name in args["names"]]
        unknown = [name for name in names if name not in allowed]
        if unknown:
            lines = [f"Unknown tool name{'s' if len(unknown) > 1 else ''} (nothing was described):"]
            for name in unknown:
                close = difflib.get_close_matches(name, list(allowed), n=3, cutoff=0.5)
                hint = f"closest: {', '.join(close)}" if close else "find it with zoom_search_tools"
                lines.append(f"- {name!r}: {hint}")
            return results.error("\n".join(lines))
        tools = []
        for name in dict.fromkeys(names):
            spec = allowed[name]
            tool = spec.to_mcp_dict()
            if spec.field_descriptions:
                tool["fieldDescriptions"] = spec.field_descriptions
            tools.append(tool)
        payload = {"tools": tools}
        return _result(payload, results.compact_json(payload))

    # ----- calls -------------------------------------------------------------------------------------
    async def _call(
        self, ctx: Any, caller: Caller, args: dict[str, Any], *, read_only: bool
    ) -> CallToolResult | InputRequiredResult:
        name = str(args["name"])
        inner = dict(args.get("arguments") or {})
        if "confirmation_token" in args:  # given next to `arguments`: the inner call's token
            inner.setdefault("confirmation_token", args["confirmation_token"])
        spec = self.runtime.find_tool(caller, name)
        if isinstance(spec, CallToolResult):
            return spec
        if read_only and not spec.read_only:
            return results.error(
                f"{name} is not read-only (it can change or delete things in Zoom), so {defs.CALL_READ} refuses it. "
                f"Call it with {defs.CALL} instead; destructive calls ask the person to confirm first."
            )
        return await self.runtime.call_tool(ctx, caller, spec, inner)

    # ----- toolsets -------------------------------------------------------------------------------------
    def _toolset_counts(self, caller: Caller) -> dict[str, int]:
        counts: dict[str, int] = {}
        for spec in self.runtime.visible_tools(caller).values():
            counts[spec.toolset] = counts.get(spec.toolset, 0) + 1
        return dict(sorted(counts.items()))

    async def _list_toolsets(self, ctx: Any, caller: Caller, args: dict[str, Any]) -> CallToolResult:
        enabled = self.surface.enabled_toolsets(ctx, caller)
        rows = [
            {"name": name, "tools": count, "enabled": name in enabled}
            for name, count in self._toolset_counts(caller).items()
        ]
        has_session = session_state(ctx) is not None
        lines = [f"{r['name']}: {r['tools']} tools{' (enabled)' if r['enabled'] else ''}" for r in rows]
        if not has_session:
            lines.append("This connection has no session: run tools of other toolsets with zoom_call_tool.")
        return _result({"toolsets": rows, "session": has_session}, "\n".join(lines))

    async def _enable_toolsets(self, ctx: Any, caller: Caller, args: dict[str, Any]) -> CallToolResult:
        counts = self._toolset_counts(caller)
        wanted = [str(name) for name in args["toolsets"]]
        unknown = [name for name in wanted if name not in counts]
        if unknown:
            return results.error(
                f"Unknown or unavailable toolset(s): {', '.join(unknown)}. This server offers: {', '.join(counts)}."
            )
        before = set(self.surface.listed_names(ctx, caller))
        if not self.surface.enable(ctx, frozenset(wanted)):
            return results.error(NO_SESSION.format(why=no_session_reason(ctx)))
        after = self.surface.listed_names(ctx, caller)
        added = [name for name in after if name not in before]
        if added:
            await ctx.session.send_tool_list_changed()
        enabled = sorted(self.surface.enabled_toolsets(ctx, caller))
        text = (
            f"Enabled {', '.join(wanted)}: {len(added)} tool{'s' if len(added) != 1 else ''} added to this "
            "session's list (tools/list_changed sent)."
            if added
            else f"{', '.join(wanted)} already enabled; nothing added."
        )
        return _result({"enabled": enabled, "added_tools": added}, text)


def no_session_reason(ctx: Any) -> str:
    if is_modern_era(ctx):
        return "the 2026-07-28 protocol is stateless: every request stands alone"
    return "stateless HTTP: every request gets a fresh connection"
