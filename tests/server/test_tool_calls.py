"""Tool calls through the real Client against the sandbox: field-level errors, token renewal,
rate-limit retries, Zoom errors as actionable results, and path values that cannot escape their path."""

from __future__ import annotations

import pytest

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import ForcedStatus, RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.sandbox.seed import OWNER_ID, RECORDED_MEETING_ID, SCHEDULED_MEETING_ID

from .harness import ERAS, connect

pytestmark = pytest.mark.anyio


def text_of(result: object) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)  # type: ignore[attr-defined]


@pytest.mark.parametrize("era", ERAS)
async def test_create_then_read_back_a_meeting(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _):
        created = await client.call_tool(
            "meeting_create", {"userId": OWNER_ID, "topic": "Quarterly planning", "type": 2, "duration": 45}
        )
        assert not created.is_error, text_of(created)
        meeting_id = created.structured_content["id"]
        fetched = await client.call_tool("meeting_get", {"meetingId": str(meeting_id)})
        assert not fetched.is_error, text_of(fetched)
        assert fetched.structured_content["topic"] == "Quarterly planning"
        assert "Quarterly planning" in text_of(fetched)
    posted = [r for r in sandbox.requests() if r["method"] == "POST" and r["path"].endswith("/meetings")]
    assert posted and posted[0]["path"] == f"/v2/accounts/sandbox-account/users/{OWNER_ID}/meetings"


@pytest.mark.parametrize("era", ERAS)
async def test_bad_arguments_name_every_field_and_send_nothing(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _):
        sandbox.clear_requests()
        result = await client.call_tool(
            "meeting_create",
            {"topic": 42, "type": 99, "settings": {"join_before_host": "yes"}, "colour": "blue"},
        )
    assert result.is_error
    text = text_of(result)
    for expected in (
        "userId",
        "is required",
        "topic",
        "expected string",
        "type",
        "must be one of",
        "settings.join_before_host",
        "boolean",
        "colour",
        "unknown argument",
    ):
        assert expected in text, f"{expected!r} missing from: {text}"
    assert sandbox.requests() == []


@pytest.mark.parametrize("era", ERAS)
async def test_unknown_tool_suggests_close_names(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _):
        result = await client.call_tool("meeting_gett", {})
    assert result.is_error
    assert "meeting_get" in text_of(result)


async def test_expired_token_is_renewed_transparently() -> None:
    with running_sandbox(SandboxConfig(account_type="master", token_ttl_seconds=3600)) as sandbox:
        async with connect(sandbox, "modern") as (client, _):
            first = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
            assert not first.is_error
            sandbox.expire_tokens()
            second = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
            assert not second.is_error, text_of(second)
        log = sandbox.requests()
    token_requests = [r for r in log if r["path"].startswith("/oauth/token")]
    assert len(token_requests) == 2
    statuses = [r["status"] for r in log if r["path"].startswith("/v2/")]
    assert statuses == [200, 401, 200]


@pytest.mark.parametrize("era", ERAS)
async def test_a_429_is_retried_and_then_succeeds(sandbox: RunningSandbox, era: str) -> None:
    path = f"/accounts/sandbox-account/meetings/{SCHEDULED_MEETING_ID}"
    sandbox.set_faults(forced=[ForcedStatus(path=path, status=429, count=1, retry_after=0)])
    async with connect(sandbox, era) as (client, _):
        result = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
    assert not result.is_error, text_of(result)
    statuses = [r["status"] for r in sandbox.requests() if r["path"] == "/v2" + path]
    assert statuses == [429, 200]


@pytest.mark.parametrize("era", ERAS)
async def test_a_persistent_429_becomes_an_actionable_error(sandbox: RunningSandbox, era: str) -> None:
    path = f"/accounts/sandbox-account/meetings/{SCHEDULED_MEETING_ID}"
    sandbox.set_faults(forced=[ForcedStatus(path=path, status=429, retry_after=0)])
    async with connect(sandbox, era, max_retries=2) as (client, _):
        result = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
    assert result.is_error
    text = text_of(result)
    assert "429" in text and "Hint" in text
    assert len([r for r in sandbox.requests() if r["path"] == "/v2" + path]) == 3


@pytest.mark.parametrize("era", ERAS)
async def test_not_found_carries_zoom_code_message_and_hint(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _):
        result = await client.call_tool("meeting_get", {"meetingId": "99999999999"})
    assert result.is_error
    text = text_of(result)
    assert "404" in text and "3001" in text and "Hint" in text


async def test_missing_scope_names_the_scopes_the_tool_needs() -> None:
    with running_sandbox(
        SandboxConfig(account_type="master", granted_scopes=frozenset({"user:read:master"}))
    ) as sandbox:
        async with connect(sandbox, "modern") as (client, _):
            result = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
    assert result.is_error
    text = text_of(result)
    needed = load_catalog().by_name["meeting_get"].operation["scopes"]
    assert "4711" in text
    hint = text.split("Hint", 1)[1]
    assert needed and all(scope in hint for scope in needed), text


INJECTIONS = ["../users/me", "123/../../users", "123?x=1", "123#frag", "123%2F..%2Fusers", "..", "/abc", "a//b"]


@pytest.mark.parametrize("value", INJECTIONS)
async def test_path_values_never_leave_their_path(sandbox: RunningSandbox, value: str) -> None:
    async with connect(sandbox, "modern") as (client, _):
        sandbox.clear_requests()
        await client.call_tool("meeting_get", {"meetingId": value})
    api = [r for r in sandbox.requests() if r["path"].startswith("/v2/")]
    assert api, "the call should reach the sandbox"
    for request in api:
        prefix = "/v2/accounts/sandbox-account/meetings/"
        assert request["path"].startswith(prefix), request
        rest = request["path"][len(prefix) :]
        assert "/" not in rest and "?" not in rest and "#" not in rest, request
        assert request["query"] in ("", None), request


async def test_uuid_starting_with_slash_is_double_encoded(sandbox: RunningSandbox) -> None:
    async with connect(sandbox, "modern") as (client, _):
        sandbox.clear_requests()
        result = await client.call_tool("recording_get", {"meetingId": "/ajXp112QmuoKj4854875=="})
    assert not result.is_error, text_of(result)
    (request,) = [r for r in sandbox.requests() if r["path"].startswith("/v2/")]
    assert request["path"].endswith("/meetings/%252FajXp112QmuoKj4854875%253D%253D/recordings")


async def test_list_meetings_passes_query_parameters(sandbox: RunningSandbox) -> None:
    async with connect(sandbox, "modern", policy=CallerPolicy(name="t")) as (client, _):
        sandbox.clear_requests()
        result = await client.call_tool("meetings_list", {"userId": OWNER_ID, "type": "scheduled", "page_size": 2})
    assert not result.is_error, text_of(result)
    (request,) = [r for r in sandbox.requests() if r["path"].startswith("/v2/")]
    assert "type=scheduled" in request["query"] and "page_size=2" in request["query"]
    assert len(result.structured_content["meetings"]) <= 2
    _ = RECORDED_MEETING_ID
