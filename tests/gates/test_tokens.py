"""Confirmation tokens: binding to tool, arguments and caller; expiry; single use; keys and rotation."""

from __future__ import annotations

import anyio
import pytest

from zoom_mcp.gates.tokens import (
    ConfirmationTokens,
    TokenFailure,
    arguments_digest,
    keys_from_environment,
    request_state_keys,
)

KEY = b"k" * 32
ARGS = {"meetingId": "85746065432", "action": "end"}


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make(clock: Clock | None = None, keys: list[bytes] | None = None) -> ConfirmationTokens:
    return ConfirmationTokens(keys or [KEY], clock=clock or Clock())


def redeem(tokens: ConfirmationTokens, token: str | None, **overrides: object) -> TokenFailure | None:
    kwargs: dict[str, object] = {"tool": "meeting_status_update", "arguments": ARGS, "caller_id": "alice"}
    kwargs.update(overrides)
    check = anyio.run(lambda: tokens.redeem(token, **kwargs))  # type: ignore[arg-type]
    return check.failure


def issue(tokens: ConfirmationTokens) -> str:
    return tokens.issue(tool="meeting_status_update", arguments=ARGS, caller_id="alice").token


def test_valid_token_redeems_once_then_is_a_replay() -> None:
    tokens = make()
    token = issue(tokens)
    assert redeem(tokens, token) is None
    assert redeem(tokens, token) is TokenFailure.REPLAYED


def test_token_argument_itself_is_not_part_of_the_binding() -> None:
    tokens = make()
    token = issue(tokens)
    assert redeem(tokens, token, arguments={**ARGS, "confirmation_token": token}) is None


def test_argument_order_does_not_matter_but_values_do() -> None:
    assert arguments_digest({"a": 1, "b": {"c": 2, "d": 3}}) == arguments_digest({"b": {"d": 3, "c": 2}, "a": 1})
    assert arguments_digest({"a": 1}) != arguments_digest({"a": "1"})


@pytest.mark.parametrize(
    ("overrides", "failure"),
    [
        ({"tool": "meeting_delete"}, TokenFailure.OTHER_TOOL),
        ({"arguments": {**ARGS, "meetingId": "1"}}, TokenFailure.OTHER_ARGUMENTS),
        ({"arguments": {"meetingId": "85746065432"}}, TokenFailure.OTHER_ARGUMENTS),
        ({"caller_id": "mallory"}, TokenFailure.OTHER_CALLER),
        ({"purpose": "state"}, TokenFailure.MALFORMED),
    ],
)
def test_token_for_something_else_is_refused_and_stays_unused(
    overrides: dict[str, object], failure: TokenFailure
) -> None:
    tokens = make()
    token = issue(tokens)
    assert redeem(tokens, token, **overrides) is failure
    assert redeem(tokens, token) is None  # the right call can still use it


def test_other_tool_reports_the_tool_it_was_issued_for() -> None:
    tokens = make()
    token = issue(tokens)
    check = anyio.run(lambda: tokens.redeem(token, tool="meeting_delete", arguments=ARGS, caller_id="alice"))
    assert check.failure is TokenFailure.OTHER_TOOL and check.issued_for_tool == "meeting_status_update"


def test_expired_after_five_minutes() -> None:
    clock = Clock()
    tokens = make(clock)
    token = issue(tokens)
    clock.now += 299
    still_good = issue(tokens)
    clock.now += 2
    assert redeem(tokens, token) is TokenFailure.EXPIRED
    assert redeem(tokens, still_good) is None


@pytest.mark.parametrize("token", [None, "", "   "])
def test_missing(token: str | None) -> None:
    assert redeem(make(), token) is TokenFailure.MISSING


@pytest.mark.parametrize("token", ["abc", "zmc1.x", "zmc1.!!!.???", "zmc2.e30.e30", "zmc1.e30.e30.e30"])
def test_malformed(token: str) -> None:
    assert redeem(make(), token) in (TokenFailure.MALFORMED, TokenFailure.BAD_SIGNATURE)


def test_tampered_payload_or_other_key_is_a_bad_signature() -> None:
    tokens = make()
    token = issue(tokens)
    prefix, body, mac = token.split(".")
    other_body = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    assert redeem(tokens, f"{prefix}.{other_body}.{mac}") in (TokenFailure.BAD_SIGNATURE, TokenFailure.MALFORMED)
    assert redeem(make(keys=[b"z" * 32]), token) is TokenFailure.BAD_SIGNATURE


def test_token_survives_a_restart_with_the_same_keys_and_rotation() -> None:
    old, new = b"o" * 32, b"n" * 32
    token = make(keys=[old]).issue(tool="meeting_status_update", arguments=ARGS, caller_id="alice").token
    restarted = make(keys=[new, old])  # new key signs, old still verifies
    assert redeem(restarted, token) is None


def test_keys_from_environment_and_random_default() -> None:
    assert keys_from_environment({"ZOOM_MCP_CONFIRM_KEYS": " a" * 1 + "x" * 40 + ", " + "y" * 40}) == [
        b"a" + b"x" * 40,
        b"y" * 40,
    ]
    first, second = keys_from_environment({}), keys_from_environment({})
    assert len(first) == 1 and len(first[0]) == 32 and first != second


def test_short_key_is_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    keys_from_environment({"ZOOM_MCP_CONFIRM_KEYS": "short"})
    assert any("at least 32" in r.getMessage() for r in caplog.records)


def test_request_state_keys_are_32_bytes_and_distinct_from_the_secret() -> None:
    derived = request_state_keys([b"s" * 40])
    assert len(derived[0]) == 32 and derived[0] != b"s" * 32
