"""ServerGateHook (the server's `gate=` hook shape) and describe_from_arguments, over a real MCP exchange."""

from __future__ import annotations

from typing import Any

import mcp_types as types
import pytest
from mcp.client import Client
from mcp.server import Server

from zoom_mcp.gates import ConfirmationGate, ConfirmationTokens, ServerGateHook, describe_from_arguments
from zoom_mcp.policy import Caller, CallerPolicy

from . import specs
from .harness import answering, text_of

pytestmark = pytest.mark.anyio


def hook_server(sent: list[dict[str, Any]], hook: ServerGateHook) -> Server[Any]:
    async def on_call_tool(ctx: Any, params: types.CallToolRequestParams) -> Any:
        allowed, refusal, gate, outcome = await hook(ctx, specs.BY_NAME[params.name], dict(params.arguments or {}))
        if allowed is None:
            assert refusal is not None and gate in {"elicit", "token"} and outcome
            return refusal
        sent.append(allowed)
        return types.CallToolResult(content=[types.TextContent(text=f"{gate}/{outcome}")])

    async def on_list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=[types.Tool.model_validate(t) for t in specs.ALL_TOOLS])

    return Server("hook-test", on_call_tool=on_call_tool, on_list_tools=on_list_tools)


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_hook_refuses_then_proceeds(mode: str) -> None:
    sent: list[dict[str, Any]] = []
    gate = ConfirmationGate(ConfirmationTokens([b"h" * 40]))
    hook = ServerGateHook(caller_for=lambda ctx: Caller("local", CallerPolicy()), gate=gate)
    server = hook_server(sent, hook)
    server.middleware.append(gate.request_state_middleware())
    seen: list[str] = []
    async with Client(server, mode=mode, elicitation_callback=answering("decline", None, seen)) as c:
        refused = await c.call_tool("meeting_delete", {"meetingId": "85746065432", "accountId": "acc"})
    assert refused.is_error and sent == []
    assert "meeting 85746065432" in seen[0] and "acc" not in seen[0].split("Target:")[1].split("\n")[0]
    async with Client(server, mode=mode, elicitation_callback=answering("accept", {"confirm": True})) as c:
        done = await c.call_tool("meeting_delete", {"meetingId": "85746065432"})
    assert text_of(done) == "elicit/accepted" and sent == [{"meetingId": "85746065432"}]


async def test_describe_from_arguments() -> None:
    target = await describe_from_arguments(specs.RECORDINGS_DELETE, {"meetingId": "42", "action": "trash"})
    assert target.text == "meeting 42" and target.target_id == "42" and target.undoable
    whole = await describe_from_arguments(specs.SIP_NUMBERS_DELETE, {"accountId": "acc"})
    assert whole.text == "the whole account (delete all sip numbers)" and whole.target_id is None
    assert not whole.undoable
