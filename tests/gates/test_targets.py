"""describe_from_arguments: the target named by its path IDs, and as the describer of a real exchange."""

from __future__ import annotations

from typing import Any

import mcp_types as types
import pytest
from mcp.client import Client
from mcp.server import Server

from zoom_mcp.gates import ConfirmationGate, ConfirmationTokens, check_gate, describe_from_arguments
from zoom_mcp.policy import Caller

from . import specs
from .harness import answering

pytestmark = pytest.mark.anyio


async def test_describe_from_arguments() -> None:
    target = await describe_from_arguments(specs.RECORDINGS_DELETE, {"meetingId": "42", "action": "trash"})
    assert target.text == "meeting 42" and target.target_id == "42" and target.undoable
    whole = await describe_from_arguments(specs.SIP_NUMBERS_DELETE, {"accountId": "acc"})
    assert whole.text == "the whole account (delete all sip numbers)" and whole.target_id is None
    assert not whole.undoable


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_used_as_the_describer_the_person_sees_the_ids_not_the_account(mode: str) -> None:
    gate = ConfirmationGate(ConfirmationTokens([b"h" * 40]))

    async def on_call_tool(ctx: Any, params: types.CallToolRequestParams) -> Any:
        result = await check_gate(
            ctx,
            Caller("local"),
            specs.BY_NAME[params.name],
            dict(params.arguments or {}),
            describe_target=describe_from_arguments,
            gate=gate,
        )
        assert not result.proceed and result.result is not None
        return result.result

    async def on_list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=[types.Tool.model_validate(t) for t in specs.ALL_TOOLS])

    server = Server("targets-test", on_call_tool=on_call_tool, on_list_tools=on_list_tools)
    server.middleware.append(gate.request_state_middleware())
    seen: list[str] = []
    async with Client(server, mode=mode, elicitation_callback=answering("decline", None, seen)) as c:
        refused = await c.call_tool("meeting_delete", {"meetingId": "85746065432", "accountId": "acc"})
    assert refused.is_error
    target_line = next(line for line in seen[0].splitlines() if line.startswith("Target:"))
    assert target_line == "Target: meeting 85746065432"
