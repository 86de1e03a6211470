"""The gate through a real MCP exchange with an eliciting client, in both protocol eras.

`legacy` is the handshake era (2025-11-25, form elicitation while the call waits); `auto` against an
in-process server is the modern era (2026-07-28, InputRequiredResult and a sealed request_state).
"""

from __future__ import annotations

import logging

import anyio
import pytest
from mcp.client import Client
from mcp_types import ElicitResult

from .harness import answering, build_harness, text_of

pytestmark = pytest.mark.anyio

ERAS = ["legacy", "auto"]
DELETE = ("meeting_delete", {"meetingId": "85746065432"})
END = ("meeting_status_update", {"meetingId": "85746065432", "action": "end"})
PURGE = ("recordings_delete", {"meetingId": "85746065432", "action": "delete"})


@pytest.mark.parametrize("mode", ERAS)
@pytest.mark.parametrize("call", [DELETE, END], ids=["destructive_tool", "destructive_arguments"])
async def test_accept_sends_exactly_one_request(mode: str, call: tuple[str, dict[str, str]]) -> None:
    harness = build_harness()
    seen: list[str] = []
    async with Client(
        harness.server, mode=mode, elicitation_callback=answering("accept", {"confirm": True}, seen)
    ) as c:
        result = await c.call_tool(*call)
    assert not result.is_error, text_of(result)
    assert harness.sent == [call]
    assert harness.results[-1].gate == "elicit" and harness.results[-1].outcome == "accepted"
    # the person saw the operation, the target as they know it, and whether it can be undone
    assert len(seen) == 1
    assert "Weekly sync" in seen[0] and "cannot be undone" in seen[0]


@pytest.mark.parametrize("mode", ERAS)
@pytest.mark.parametrize(
    ("answer", "outcome"),
    [
        (answering("decline"), "declined"),
        (answering("cancel"), "cancelled"),
        (answering("accept", {"confirm": False}), "not_confirmed"),
        (answering("accept", {}), "not_confirmed"),
        (answering("accept", {"confirm": "true"}), "not_confirmed"),
    ],
)
async def test_no_consent_sends_nothing_and_says_so(mode: str, answer: object, outcome: str) -> None:
    harness = build_harness()
    async with Client(harness.server, mode=mode, elicitation_callback=answer) as c:  # type: ignore[arg-type]
        result = await c.call_tool(*END)
    assert harness.sent == []
    assert result.is_error
    assert "Nothing was sent to Zoom" in text_of(result) and "NOT done" in text_of(result)
    assert harness.results[-1].outcome == outcome


@pytest.mark.parametrize("mode", ERAS)
async def test_high_danger_requires_the_typed_id(mode: str) -> None:
    harness = build_harness()
    wrong = answering("accept", {"confirm": True, "confirm_id": "85746065433"})
    async with Client(harness.server, mode=mode, elicitation_callback=wrong) as c:
        result = await c.call_tool(*PURGE)
    assert harness.sent == [] and result.is_error
    assert harness.results[-1].outcome == "wrong_id"

    missing = answering("accept", {"confirm": True})
    async with Client(harness.server, mode=mode, elicitation_callback=missing) as c:
        await c.call_tool(*PURGE)
    assert harness.sent == []

    seen: list[str] = []
    right = answering("accept", {"confirm": True, "confirm_id": " 85746065432 "}, seen)
    async with Client(harness.server, mode=mode, elicitation_callback=right) as c:
        result = await c.call_tool(*PURGE)
    assert not result.is_error
    assert harness.sent == [PURGE]
    assert "type the ID 85746065432" in seen[0]


@pytest.mark.parametrize("mode", ERAS)
async def test_high_danger_form_asks_for_the_id(mode: str) -> None:
    harness = build_harness()
    schemas: list[dict[str, object]] = []

    async def capture(context: object, params: object) -> ElicitResult:
        schemas.append(params.requested_schema)  # type: ignore[attr-defined]
        return ElicitResult(action="decline")

    async with Client(harness.server, mode=mode, elicitation_callback=capture) as c:
        await c.call_tool(*PURGE)
        await c.call_tool(*END)
    assert schemas[0]["required"] == ["confirm", "confirm_id"]
    assert schemas[1]["required"] == ["confirm"]
    assert harness.sent == []


@pytest.mark.parametrize("mode", ERAS)
async def test_not_gated_calls_go_through_without_asking(mode: str) -> None:
    harness = build_harness()
    seen: list[str] = []
    async with Client(harness.server, mode=mode, elicitation_callback=answering("decline", None, seen)) as c:
        await c.call_tool("meetings_list", {"userId": "me"})
        await c.call_tool("meeting_status_update", {"meetingId": "1", "action": "recover"})
        await c.call_tool("meeting_create", {"userId": "me", "topic": "x", "confirmation_token": "ignored"})
    assert seen == []
    assert [name for name, _ in harness.sent] == ["meetings_list", "meeting_status_update", "meeting_create"]
    assert "confirmation_token" not in harness.sent[2][1]
    assert {r.gate for r in harness.results} == {"none"}


@pytest.mark.parametrize("mode", ERAS)
async def test_confirm_never_skips_the_gate_and_logs_loudly(mode: str, caplog: pytest.LogCaptureFixture) -> None:
    harness = build_harness(confirm="never")
    caplog.set_level(logging.WARNING, logger="zoom_mcp.gates")
    async with Client(harness.server, mode=mode) as c:
        await c.call_tool(*DELETE)
    assert harness.sent == [DELETE]
    assert harness.results[-1].gate == "never"
    assert any(r.levelno == logging.WARNING and "meeting_delete" in r.getMessage() for r in caplog.records)


async def test_handshake_era_callback_failure_sends_nothing() -> None:
    harness = build_harness()

    async def broken(context: object, params: object) -> ElicitResult:
        raise RuntimeError("the client's UI crashed")

    async with Client(harness.server, mode="legacy", elicitation_callback=broken) as c:
        result = await c.call_tool(*DELETE)
    assert harness.sent == [] and result.is_error
    assert harness.results[-1].outcome == "no_answer"


async def test_handshake_era_no_answer_in_time_sends_nothing() -> None:
    harness = build_harness(timeout=0.2)

    async def never_answers(context: object, params: object) -> ElicitResult:
        await anyio.sleep(5)
        return ElicitResult(action="accept", content={"confirm": True})

    async with Client(harness.server, mode="legacy", elicitation_callback=never_answers) as c:
        result = await c.call_tool(*DELETE)
    assert harness.sent == [] and result.is_error
    assert "No answer" in text_of(result)


async def test_modern_era_callback_failure_sends_nothing() -> None:
    harness = build_harness()

    async def broken(context: object, params: object) -> ElicitResult:
        raise RuntimeError("the client's UI crashed")

    async with Client(harness.server, elicitation_callback=broken) as c:
        with pytest.raises(BaseException):  # noqa: B017 - whatever the client raises, nothing may be sent
            await c.call_tool(*DELETE)
    assert harness.sent == []
