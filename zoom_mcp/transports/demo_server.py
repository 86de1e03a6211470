"""A tiny low-level MCP server for exercising the HTTP endpoint without Zoom (transport tests, load benchmark).

It behaves like the real server where the transport is concerned: tools are filtered by the caller's
policy (`current_caller`), every call is counted in `Metrics`, the destructive tool asks for a person's
confirmation (elicitation in the handshake era, `InputRequiredResult` in the modern era), and
`DemoServer.sent` counts the calls that would have reached Zoom.

Tools: `meetings_list` and `meeting_get` (read-only), `whoami` (read-only; the caller id and policy name),
`slow_echo` (read-only; sleeps), `meeting_delete` (destructive, confirmed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import anyio
from mcp.server import Server
from mcp.server.context import ServerRequestContext
from mcp_types import (
    CallToolRequestParams,
    CallToolResult,
    ElicitRequest,
    ElicitRequestFormParams,
    InputRequiredResult,
    ListToolsResult,
    PaginatedRequestParams,
    TextContent,
    Tool,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from zoom_mcp.auth.caller import current_caller
from zoom_mcp.metrics import Metrics
from zoom_mcp.policy import Caller

_CONFIRM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"confirm": {"type": "boolean", "title": "Delete the meeting?"}},
    "required": ["confirm"],
}


def _tool(name: str, toolset: str, read_only: bool, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "title": name.replace("_", " "),
        "description": f"Demo tool {name}.",
        "inputSchema": {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        },
        "annotations": {
            "title": name.replace("_", " "),
            "readOnlyHint": read_only,
            "destructiveHint": not read_only,
            "idempotentHint": True,
            "openWorldHint": True,
        },
        "_meta": {"zoom-mcp/operation": {"toolset": toolset}},
    }


DEMO_TOOLS: tuple[dict[str, Any], ...] = (
    _tool("meetings_list", "meetings", True, {"userId": {"type": "string"}}, []),
    _tool("meeting_get", "meetings", True, {"meetingId": {"type": "string"}}, ["meetingId"]),
    _tool("whoami", "users", True, {}, []),
    _tool("slow_echo", "users", True, {"seconds": {"type": "number"}, "text": {"type": "string"}}, ["seconds"]),
    _tool("meeting_delete", "meetings", False, {"meetingId": {"type": "string"}}, ["meetingId"]),
)


def _text(text: str, *, error: bool = False, structured: dict[str, Any] | None = None) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=error, structured_content=structured)


@dataclass
class DemoServer:
    """The demo server's state: what it counted, and the low-level `Server` (`.server`)."""

    metrics: Metrics
    default_caller: Caller = field(default_factory=lambda: Caller(id="local"))
    sent: int = 0
    deleted: list[str] = field(default_factory=list)
    server: Server[Any] = field(init=False)

    def __post_init__(self) -> None:
        by_name = {tool["name"]: tool for tool in DEMO_TOOLS}
        self.metrics.allow_tools(by_name)
        self.server = Server(
            "zoom-mcp-demo",
            version="0",
            on_list_tools=self._list_tools,
            on_call_tool=self._call_tool,
            get_tool_input_schema=lambda name: by_name[name]["inputSchema"] if name in by_name else None,
        )

    def visible_tools(self, caller: Caller) -> dict[str, dict[str, Any]]:
        return {tool["name"]: tool for tool in DEMO_TOOLS if caller.policy.allows(tool)}

    async def _list_tools(
        self, ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None
    ) -> ListToolsResult:
        caller = current_caller(self.default_caller)
        return ListToolsResult(tools=[Tool.model_validate(tool) for tool in self.visible_tools(caller).values()])

    async def _call_tool(
        self, ctx: ServerRequestContext[Any], params: CallToolRequestParams
    ) -> CallToolResult | InputRequiredResult:
        caller = current_caller(self.default_caller)
        if params.name not in self.visible_tools(caller):
            self.metrics.record_call(params.name, "refused")
            return _text(
                f"Tool {params.name!r} is not available to caller {caller.id!r} (policy {caller.policy.name!r}).",
                error=True,
            )
        args = params.arguments or {}
        if params.name == "meeting_delete":
            return await self._delete(ctx, params, caller, str(args.get("meetingId", "")))
        self.sent += 1
        self.metrics.observe_zoom_latency(0.001)
        self.metrics.record_call(params.name, "ok")
        if params.name == "whoami":
            return _text(caller.id, structured={"caller": caller.id, "policy": caller.policy.name})
        if params.name == "slow_echo":
            await anyio.sleep(float(args.get("seconds", 0)))
            return _text(str(args.get("text", "")))
        if params.name == "meeting_get":
            return _text("meeting", structured={"id": args.get("meetingId"), "topic": "Demo"})
        return _text("meetings", structured={"meetings": [{"id": "1", "topic": "Demo"}], "total_records": 1})

    async def _delete(
        self, ctx: ServerRequestContext[Any], params: CallToolRequestParams, caller: Caller, meeting_id: str
    ) -> CallToolResult | InputRequiredResult:
        message = f"Delete meeting {meeting_id}? This cannot be undone."
        if caller.policy.confirm != "never":
            if ctx.protocol_version in MODERN_PROTOCOL_VERSIONS:
                answer = (params.input_responses or {}).get("confirm")
                if answer is None:
                    self.metrics.record_confirmation("asked")
                    form = ElicitRequestFormParams(message=message, requested_schema=_CONFIRM_SCHEMA)
                    return InputRequiredResult(input_requests={"confirm": ElicitRequest(params=form)})
                accepted = _accepted(answer)
            else:
                self.metrics.record_confirmation("asked")
                result = await ctx.session.elicit_form(message, _CONFIRM_SCHEMA, related_request_id=ctx.request_id)
                accepted = result.action == "accept" and bool((result.content or {}).get("confirm"))
            if not accepted:
                self.metrics.record_confirmation("declined")
                self.metrics.record_call(params.name, "declined")
                return _text(f"Not deleted: meeting {meeting_id} was not confirmed.", error=True)
            self.metrics.record_confirmation("given")
        self.sent += 1
        self.deleted.append(meeting_id)
        self.metrics.record_call(params.name, "ok")
        return _text(f"Deleted meeting {meeting_id}.")


def _accepted(answer: Any) -> bool:
    data = answer.model_dump() if hasattr(answer, "model_dump") else answer
    if not isinstance(data, dict):
        return False
    content = data.get("content") or {}
    return data.get("action") == "accept" and isinstance(content, dict) and bool(content.get("confirm"))
