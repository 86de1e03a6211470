"""MCP wiring: the low-level `mcp.server.Server` with every handler of zoom-mcp.

`build_server(runtime)` is the only place where MCP meets the rest of the package: tools come from
the catalogue of the runtime's API variant (`tool_specs/tools-regular.json` or `tool_specs/tools.json`),
calls go through `ToolCallService`, resources and prompts through their services.
"""

from __future__ import annotations

from typing import Any

from mcp.server import Server
from mcp_types import (
    CallToolRequestParams,
    CallToolResult,
    InputRequiredResult,
    ListToolsResult,
    PaginatedRequestParams,
)

from zoom_mcp import __version__
from zoom_mcp.server import results
from zoom_mcp.server.meta_tools import MetaToolService
from zoom_mcp.server.notifications import install_notifications
from zoom_mcp.server.runtime import ServerRuntime
from zoom_mcp.server.tool_modes import ListChangedServer, ToolSurface

INSTRUCTIONS = (
    "Tools for the whole Zoom Meetings API (meetings, webinars, recordings, reports, users' meetings, "
    "in-meeting controls). When a tool you need is not listed, find it with zoom_search_tools and run it "
    "with zoom_call_read_tool / zoom_call_tool. Destructive calls need confirmation: the person is asked "
    "through the client (a form, or a link to a confirmation page). When the server answers with a preview "
    "and a confirmation_token instead, show the preview to the person and call again with the token only if "
    "they agree. Meeting summaries and "
    "transcripts are resources: zoom://meetings/{meetingId}/summary and .../transcript."
)


def build_server(runtime: ServerRuntime) -> Server[Any]:
    """A low-level MCP server exposing `runtime`'s tools, resources and prompts."""
    surface = ToolSurface(runtime, runtime.options.tool_mode)  # what tools/list shows (tool modes)
    meta = MetaToolService(runtime, surface)

    async def on_list_tools(ctx: Any, params: PaginatedRequestParams | None) -> ListToolsResult:
        return surface.list_tools(ctx, runtime.caller_for(ctx))

    async def on_call_tool(ctx: Any, params: CallToolRequestParams) -> CallToolResult | InputRequiredResult:
        caller = runtime.caller_for(ctx)
        if meta.handles(params.name):
            try:
                return await meta.call(ctx, caller, params.name, params.arguments or {})
            except Exception:  # never leak internals as a protocol error
                runtime.logger.exception("tool %s failed unexpectedly", params.name)
                return results.error(f"{params.name} failed inside zoom-mcp (an internal error, logged on the server).")
        spec = runtime.find_tool(caller, params.name)
        if isinstance(spec, CallToolResult):
            return spec
        try:
            return await runtime.call_tool(ctx, caller, spec, params.arguments or {})
        except Exception:  # never leak internals as a protocol error
            runtime.logger.exception("tool %s failed unexpectedly", params.name)
            return results.error(
                f"{params.name} failed inside zoom-mcp (an internal error, logged on the server). "
                "Nothing more is known; retry once, and report it if it persists."
            )

    def input_schema(name: str) -> dict[str, Any] | None:
        return surface.input_schema(name)

    handlers = runtime.resource_and_prompt_handlers()

    server_class = ListChangedServer if surface.announces_list_changed else Server
    server: Server[Any] = server_class(
        "zoom-mcp",
        version=__version__,
        title="Zoom Meetings",
        instructions=INSTRUCTIONS,
        get_tool_input_schema=input_schema,
        on_list_tools=on_list_tools,
        on_call_tool=on_call_tool,
        **handlers,
    )
    runtime.install_middleware(server)
    install_notifications(server)
    return server
