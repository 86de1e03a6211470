"""The token flow (`--confirm token`) through a real MCP exchange, with and without client elicitation.

Every way to get a destructive request through without the preview's token fails and sends nothing:
missing, wrong, expired, replayed, for other arguments, for another caller, for another tool.
"""

from __future__ import annotations

import pytest
from mcp.client import Client

from .harness import CALLER_META_KEY, answering, build_harness, text_of, token_from

pytestmark = pytest.mark.anyio

ERAS = ["legacy", "auto"]
END = ("meeting_status_update", {"meetingId": "85746065432", "action": "end"})
DELETE = ("meeting_delete", {"meetingId": "85746065432"})


def with_token(arguments: dict[str, str], token: str) -> dict[str, str]:
    return {**arguments, "confirmation_token": token}


@pytest.mark.parametrize("mode", ERAS)
async def test_confirm_token_gives_a_preview_then_the_token_sends_exactly_one(mode: str) -> None:
    harness = build_harness(confirm="token")
    async with Client(harness.server, mode=mode) as c:
        preview = await c.call_tool(*END)
        assert harness.sent == []
        text = text_of(preview)
        assert "Nothing was sent to Zoom" in text and "Weekly sync" in text and "cannot be undone" in text
        token = token_from(preview)
        assert f"call meeting_status_update again with the same arguments plus confirmation_token={token}" in text
        assert harness.results[-1].outcome == "preview"

        done = await c.call_tool(END[0], with_token(END[1], token))
        assert not done.is_error
        assert harness.sent == [END]  # the token itself is never sent on
        assert harness.results[-1].outcome == "token_accepted"

        replay = await c.call_tool(END[0], with_token(END[1], token))
    assert replay.is_error and "already used" in text_of(replay)
    assert harness.sent == [END]


@pytest.mark.parametrize("mode", ERAS)
async def test_confirm_token_policy_uses_tokens_even_when_the_client_can_elicit(mode: str) -> None:
    harness = build_harness(confirm="token")
    seen: list[str] = []
    async with Client(
        harness.server, mode=mode, elicitation_callback=answering("accept", {"confirm": True}, seen)
    ) as c:
        preview = await c.call_tool(*DELETE)
        assert harness.sent == [] and seen == []
        await c.call_tool(DELETE[0], with_token(DELETE[1], token_from(preview)))
    assert harness.sent == [DELETE]


@pytest.mark.parametrize("mode", ERAS)
async def test_token_in_request_meta_works_too(mode: str) -> None:
    harness = build_harness(confirm="token")
    async with Client(harness.server, mode=mode) as c:
        token = token_from(await c.call_tool(*DELETE))
        await c.call_tool(*DELETE, meta={"zoom-mcp/confirmation-token": token})
    assert harness.sent == [DELETE]


@pytest.mark.parametrize("mode", ERAS)
@pytest.mark.parametrize(
    ("make_call", "outcome", "phrase"),
    [
        (lambda t: (END[0], with_token(END[1], "not-a-token")), "token_malformed", "not one this server issued"),
        (lambda t: (END[0], with_token(END[1], t[:-3] + "AAA")), "token_bad_signature", "not valid"),
        (
            lambda t: (END[0], with_token({**END[1], "meetingId": "99999999999"}, t)),
            "token_other_arguments",
            "different arguments",
        ),
        (lambda t: ("meeting_delete", with_token({"meetingId": "85746065432"}, t)), "token_other_tool", "issued for"),
    ],
    ids=["wrong", "tampered", "other_arguments", "other_tool"],
)
async def test_bad_tokens_send_nothing_and_say_how_to_proceed(
    mode: str, make_call: object, outcome: str, phrase: str
) -> None:
    harness = build_harness(confirm="token")
    async with Client(harness.server, mode=mode) as c:
        token = token_from(await c.call_tool(*END))
        name, arguments = make_call(token)  # type: ignore[operator]
        result = await c.call_tool(name, arguments)
    assert harness.sent == []
    assert result.is_error
    text = text_of(result)
    assert phrase in text and "Nothing was sent to Zoom" in text
    assert "WITHOUT confirmation_token" in text and "fresh preview" in text
    assert harness.results[-1].outcome == outcome


@pytest.mark.parametrize("mode", ERAS)
async def test_expired_token_sends_nothing(mode: str) -> None:
    harness = build_harness(confirm="token")
    async with Client(harness.server, mode=mode) as c:
        token = token_from(await c.call_tool(*END))
        harness.clock.now += 301
        result = await c.call_tool(END[0], with_token(END[1], token))
    assert harness.sent == [] and "expired" in text_of(result)
    assert harness.results[-1].outcome == "token_expired"


@pytest.mark.parametrize("mode", ERAS)
async def test_token_issued_to_another_caller_sends_nothing(mode: str) -> None:
    harness = build_harness(confirm="token")
    async with Client(harness.server, mode=mode) as c:
        token = token_from(await c.call_tool(*END, meta={CALLER_META_KEY: "alice"}))
        result = await c.call_tool(END[0], with_token(END[1], token), meta={CALLER_META_KEY: "mallory"})
        assert harness.sent == [] and "another caller" in text_of(result)
        await c.call_tool(END[0], with_token(END[1], token), meta={CALLER_META_KEY: "alice"})
    assert harness.sent == [END]


@pytest.mark.parametrize("mode", ERAS)
async def test_token_survives_a_restart_with_the_same_keys(mode: str) -> None:
    first = build_harness(confirm="token", keys=[b"r" * 40])
    async with Client(first.server, mode=mode) as c:
        token = token_from(await c.call_tool(*END))
    restarted = build_harness(confirm="token", keys=[b"r" * 40])
    restarted.clock.now = first.clock.now
    async with Client(restarted.server, mode=mode) as c:
        await c.call_tool(END[0], with_token(END[1], token))
    assert restarted.sent == [END]


@pytest.mark.parametrize("mode", ERAS)
async def test_token_from_a_server_with_other_keys_is_refused(mode: str) -> None:
    other = build_harness(confirm="token", keys=[b"o" * 40])
    async with Client(other.server, mode=mode) as c:
        token = token_from(await c.call_tool(*END))
    harness = build_harness(confirm="token")
    async with Client(harness.server, mode=mode) as c:
        result = await c.call_tool(END[0], with_token(END[1], token))
    assert harness.sent == [] and harness.results[-1].outcome == "token_bad_signature"
    assert result.is_error


@pytest.mark.parametrize("mode", ERAS)
async def test_a_token_outside_token_mode_is_never_issued_nor_accepted(mode: str) -> None:
    token_server = build_harness(confirm="token")
    async with Client(token_server.server, mode=mode) as c:
        token = token_from(await c.call_tool(*END))
    harness = build_harness()  # default --confirm elicit, same keys and caller
    async with Client(harness.server, mode=mode) as c:
        result = await c.call_tool(END[0], with_token(END[1], token))
    assert harness.sent == [] and result.is_error
    assert harness.results[-1].outcome == "no_elicitation"
    assert "confirmation_token" not in (result.structured_content or {})
