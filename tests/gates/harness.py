"""A tiny real MCP server whose tools/call goes through `check_gate` and counts what would be "sent" to Zoom.

No Zoom behind it: a call that passes the gate is appended to `Harness.sent`, so a test can assert
that nothing (or exactly one request) got through. Driven by the SDK's real `Client` in both eras.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import mcp_types as types
from mcp.server import Server

from zoom_mcp.gates.flow import ConfirmationGate, check_gate
from zoom_mcp.gates.messages import TargetDescription
from zoom_mcp.gates.outcome import GateResult
from zoom_mcp.gates.tokens import ConfirmationTokens
from zoom_mcp.policy import Caller, CallerPolicy, ConfirmMode, spec_facts

from . import specs

CALLER_META_KEY = "test/caller"
KEY = b"test-confirm-key-0123456789abcdef-0123"


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Harness:
    server: Server[Any]
    gate: ConfirmationGate
    clock: Clock
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    results: list[GateResult] = field(default_factory=list)
    described: list[str] = field(default_factory=list)


async def describe_target(spec: Any, arguments: dict[str, Any]) -> TargetDescription:
    meeting_id = arguments.get("meetingId")
    if meeting_id is None:  # the gate falls back to the path ID (or the tool name) for the typed confirmation
        return TargetDescription(text=f"the target of {spec_facts(spec).title}", target_id=None, undoable=False)
    return TargetDescription(
        text=f'meeting "Weekly sync" (ID {meeting_id}) starting 2026-11-26 10:00 UTC',
        target_id=str(meeting_id),
        undoable=False,
    )


def _listed(spec: Any) -> types.Tool:
    raw = dict(spec) if isinstance(spec, dict) else spec.to_mcp_dict()
    raw.pop("outputSchema", None)  # this fake answers without structured content
    return types.Tool.model_validate(raw)


def build_harness(
    *,
    confirm: ConfirmMode = "elicit",
    middleware: bool = True,
    timeout: float = 10.0,
    keys: list[bytes] | None = None,
    tools: list[Any] | None = None,
) -> Harness:
    """A server over `tools` (tools.json dicts or catalogue `ToolSpec`s; default: the specs in `specs`)."""
    catalogue = tools if tools is not None else specs.ALL_TOOLS
    by_name = {(t["name"] if isinstance(t, dict) else t.name): t for t in catalogue}
    listed = [_listed(t) for t in catalogue]
    clock = Clock()
    gate = ConfirmationGate(ConfirmationTokens(keys or [KEY], clock=clock), elicitation_timeout_seconds=timeout)
    harness: Harness

    async def on_list_tools(ctx: Any, params: types.PaginatedRequestParams | None) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def on_call_tool(
        ctx: Any, params: types.CallToolRequestParams
    ) -> types.CallToolResult | types.InputRequiredResult:
        spec = by_name[params.name]
        meta = params.meta or {}
        caller = Caller(id=str(meta.get(CALLER_META_KEY, "alice")), policy=CallerPolicy(confirm=confirm))

        async def describe(spec: Any, arguments: dict[str, Any]) -> TargetDescription:
            harness.described.append(params.name)
            return await describe_target(spec, arguments)

        result = await check_gate(ctx, caller, spec, params.arguments or {}, describe_target=describe, gate=gate)
        harness.results.append(result)
        if result.proceed:
            assert result.arguments is not None
            harness.sent.append((params.name, result.arguments))
            return types.CallToolResult(content=[types.TextContent(text=f"sent {params.name}")])
        assert result.result is not None
        return result.result

    server: Server[Any] = Server("gate-test", on_list_tools=on_list_tools, on_call_tool=on_call_tool)
    if middleware:
        server.middleware.append(gate.request_state_middleware(audience="gate-test"))
    harness = Harness(server=server, gate=gate, clock=clock)
    return harness


def answering(action: str, content: dict[str, Any] | None = None, seen: list[str] | None = None) -> Any:
    """An elicitation callback that answers every request with `action` (and `content` when accepting)."""

    async def callback(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        if seen is not None:
            seen.append(params.message)
        return types.ElicitResult(action=action, content=content)  # type: ignore[arg-type]

    return callback


async def typing_the_id(context: Any, params: Any) -> types.ElicitResult:
    """Answers like a person: ticks confirm and types the ID the form asks for."""
    content: dict[str, Any] = {"confirm": True}
    confirm_id = params.requested_schema["properties"].get("confirm_id")
    if confirm_id is not None:
        content["confirm_id"] = re.fullmatch(r"Type (\S+) exactly", confirm_id["description"]).group(1)  # type: ignore[union-attr]
    return types.ElicitResult(action="accept", content=content)


def text_of(result: types.CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, types.TextContent))


def token_from(result: types.CallToolResult) -> str:
    assert result.is_error and result.structured_content is not None, text_of(result)
    token = result.structured_content["confirmation_token"]
    assert isinstance(token, str)
    return token
