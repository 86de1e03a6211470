"""Modern era (2026-07-28): a client driving the InputRequiredResult loop by hand cannot forge,
reuse or redirect a confirmation: the sealed request_state holds a single-use token bound to the
tool, the arguments and the caller."""

from __future__ import annotations

import pytest
from mcp.client import Client
from mcp.shared.exceptions import MCPError
from mcp_types import CallToolResult, ElicitResult, InputRequiredResult

from .harness import CALLER_META_KEY, build_harness, text_of

pytestmark = pytest.mark.anyio

END = ("meeting_status_update", {"meetingId": "85746065432", "action": "end"})
ACCEPT = {"confirm": ElicitResult(action="accept", content={"confirm": True})}


async def ask(c: Client, meta: dict[str, str] | None = None) -> InputRequiredResult:
    first = await c.session.call_tool(*END, allow_input_required=True, meta=meta)
    assert isinstance(first, InputRequiredResult)
    assert first.input_requests is not None and "confirm" in first.input_requests
    assert first.request_state is not None
    return first


async def test_one_confirmation_sends_once_and_cannot_be_replayed() -> None:
    harness = build_harness()
    async with Client(harness.server, elicitation_callback=lambda *a: None) as c:  # type: ignore[arg-type, return-value]
        first = await ask(c)
        assert harness.sent == []
        done = await c.session.call_tool(*END, input_responses=ACCEPT, request_state=first.request_state)
        assert isinstance(done, CallToolResult) and not done.is_error
        again = await c.session.call_tool(*END, input_responses=ACCEPT, request_state=first.request_state)
    assert isinstance(again, CallToolResult) and again.is_error
    assert "Nothing was sent" in text_of(again)
    assert harness.results[-1].outcome == "state_invalid"
    assert harness.sent == [END]


async def test_answer_without_state_sends_nothing() -> None:
    harness = build_harness()
    async with Client(harness.server, elicitation_callback=lambda *a: None) as c:  # type: ignore[arg-type, return-value]
        result = await c.session.call_tool(*END, input_responses=ACCEPT)
    assert isinstance(result, CallToolResult) and result.is_error
    assert harness.sent == []


async def test_forged_state_is_rejected() -> None:
    harness = build_harness()
    async with Client(harness.server, elicitation_callback=lambda *a: None) as c:  # type: ignore[arg-type, return-value]
        with pytest.raises(MCPError):
            await c.session.call_tool(*END, input_responses=ACCEPT, request_state="v1.forged")
    assert harness.sent == []


async def test_state_for_other_arguments_is_rejected() -> None:
    harness = build_harness()
    async with Client(harness.server, elicitation_callback=lambda *a: None) as c:  # type: ignore[arg-type, return-value]
        first = await ask(c)
        with pytest.raises(MCPError):
            await c.session.call_tool(
                END[0], {**END[1], "meetingId": "1"}, input_responses=ACCEPT, request_state=first.request_state
            )
    assert harness.sent == []


async def test_without_the_sdk_middleware_our_own_seal_still_holds() -> None:
    harness = build_harness(middleware=False)
    async with Client(harness.server, elicitation_callback=lambda *a: None) as c:  # type: ignore[arg-type, return-value]
        first = await ask(c, meta={CALLER_META_KEY: "alice"})
        forged = await c.session.call_tool(*END, input_responses=ACCEPT, request_state="zmc1.e30.e30")
        other_caller = await c.session.call_tool(
            *END, input_responses=ACCEPT, request_state=first.request_state, meta={CALLER_META_KEY: "mallory"}
        )
        other_args = await c.session.call_tool(
            END[0], {**END[1], "meetingId": "1"}, input_responses=ACCEPT, request_state=first.request_state
        )
        assert harness.sent == []
        for refused in (forged, other_caller, other_args):
            assert isinstance(refused, CallToolResult) and refused.is_error
        done = await c.session.call_tool(
            *END, input_responses=ACCEPT, request_state=first.request_state, meta={CALLER_META_KEY: "alice"}
        )
    assert isinstance(done, CallToolResult) and not done.is_error
    assert harness.sent == [END]


async def test_expired_state_sends_nothing() -> None:
    harness = build_harness(middleware=False)
    async with Client(harness.server, elicitation_callback=lambda *a: None) as c:  # type: ignore[arg-type, return-value]
        first = await ask(c)
        harness.clock.now += 301
        result = await c.session.call_tool(*END, input_responses=ACCEPT, request_state=first.request_state)
    assert isinstance(result, CallToolResult) and result.is_error
    assert harness.sent == []
