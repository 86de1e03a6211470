"""Curated tools against the real sandbox over loopback, through the real ZoomClient.

Each call goes the way the server sends it: `live_precheck` (GET the meeting), `translate`, then the
PATCH of the generated in-meeting controls operation. The sandbox enforces Zoom's live-state transitions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from zoom_mcp.live_controls import MeetingNotLive, check_live, curated_tool, live_precheck, translate
from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox_async
from zoom_mcp.sandbox.seed import LIVE_MEETING_ID
from zoom_mcp.zoom_client import BadRequest, NotFound, ZoomAPIError, ZoomClient, ZoomResponse, ZoomSettings, build_path

ACCOUNT = "sandbox-account"
SCHEDULED_MEETING_ID = 85746065001  # seeded, status "waiting"


@dataclass
class Zoom:
    sandbox: RunningSandbox
    client: ZoomClient


@pytest.fixture
async def zoom() -> AsyncIterator[Zoom]:
    config = SandboxConfig(account_type="master")
    async with running_sandbox_async(config) as sandbox:
        settings = ZoomSettings(
            api_base_url=sandbox.base_url,
            oauth_url=sandbox.oauth_url,
            account_id=config.account_id,
            client_id=config.client_id,
            client_secret=config.client_secret,
            max_retries=0,
        )
        async with ZoomClient(settings) as client:
            yield Zoom(sandbox, client)


async def call_curated(zoom: Zoom, name: str, arguments: dict[str, Any]) -> ZoomResponse | str:
    """What the server does for a curated tool: pre-check, translate, send. Returns the refusal text if refused."""
    refusal = await live_precheck(zoom.client, name, arguments, default_account_id=ACCOUNT)
    if refusal is not None:
        return refusal
    operation_id, generated = translate(name, arguments)
    assert operation_id == "inMeetingControl"
    operation = curated_tool(name)["_meta"]["zoom-mcp/operation"]
    path = build_path(
        operation["path"], {"accountId": generated.get("accountId", ACCOUNT), "meetingId": generated["meetingId"]}
    )
    body = {key: generated[key] for key in ("method", "params") if key in generated}
    return await zoom.client.request(operation["method"], path, json=body, rate_limit=operation["rateLimit"])


def live_state(zoom: Zoom) -> Any:
    return zoom.sandbox.state.live[LIVE_MEETING_ID]


def patched(zoom: Zoom) -> list[dict[str, Any]]:
    return [entry for entry in zoom.sandbox.requests() if entry["method"] == "PATCH"]


async def test_check_live_returns_the_started_meeting(zoom: Zoom) -> None:
    meeting = await check_live(zoom.client, ACCOUNT, LIVE_MEETING_ID)
    assert meeting["id"] == LIVE_MEETING_ID and meeting["status"] == "started"
    assert zoom.sandbox.requests()[-1]["path"] == f"/v2/accounts/{ACCOUNT}/meetings/{LIVE_MEETING_ID}"


async def test_check_live_refuses_a_meeting_that_has_not_started(zoom: Zoom) -> None:
    with pytest.raises(MeetingNotLive) as caught:
        await check_live(zoom.client, ACCOUNT, SCHEDULED_MEETING_ID)
    assert str(caught.value) == (
        f"meeting {SCHEDULED_MEETING_ID} is not live (status waiting): start it in the Zoom client first, then retry"
    )


async def test_check_live_surfaces_zoom_not_found(zoom: Zoom) -> None:
    with pytest.raises(NotFound):
        await check_live(zoom.client, ACCOUNT, 99999999999)


async def test_recording_start_pause_resume_stop_change_the_live_state(zoom: Zoom) -> None:
    meeting = {"meetingId": LIVE_MEETING_ID}
    assert live_state(zoom).recording == "stopped"
    for tool, expected in [
        ("live_recording_start", "recording"),
        ("live_recording_pause", "paused"),
        ("live_recording_resume", "recording"),
        ("live_recording_pause", "paused"),
        ("live_recording_stop", "stopped"),
    ]:
        response = await call_curated(zoom, tool, meeting)
        assert isinstance(response, ZoomResponse), response
        assert response.status == 202
        assert live_state(zoom).recording == expected, tool
    assert patched(zoom)[0]["path"] == f"/v2/accounts/{ACCOUNT}/live_meetings/{LIVE_MEETING_ID}/events"


async def test_resume_without_pause_is_refused_with_zoom_error(zoom: Zoom) -> None:
    await call_curated(zoom, "live_recording_start", {"meetingId": LIVE_MEETING_ID})
    with pytest.raises(BadRequest) as caught:
        await call_curated(zoom, "live_recording_resume", {"meetingId": LIVE_MEETING_ID})
    assert caught.value.status == 400 and caught.value.code == 3000
    assert "the recording is not paused" in str(caught.value)
    assert live_state(zoom).recording == "recording"


async def test_stop_when_not_recording_is_refused_with_zoom_error(zoom: Zoom) -> None:
    with pytest.raises(ZoomAPIError) as caught:
        await call_curated(zoom, "live_recording_stop", {"meetingId": LIVE_MEETING_ID})
    assert "the meeting is not being recorded" in str(caught.value)
    assert live_state(zoom).recording == "stopped"


async def test_controls_on_a_meeting_that_is_not_live_never_reach_zoom(zoom: Zoom) -> None:
    refusal = await call_curated(zoom, "live_recording_start", {"meetingId": SCHEDULED_MEETING_ID})
    assert refusal == (
        f"meeting {SCHEDULED_MEETING_ID} is not live (status waiting): start it in the Zoom client first, then retry"
    )
    assert patched(zoom) == []
    missing = await call_curated(zoom, "ai_companion_start", {"meetingId": 99999999999})
    assert isinstance(missing, str) and "was not found" in missing and "check the meeting ID" in missing


async def test_ai_companion_start_stop_and_disable(zoom: Zoom) -> None:
    meeting = {"meetingId": LIVE_MEETING_ID}
    await call_curated(zoom, "ai_companion_start", {**meeting, "mode": "summary"})
    assert (live_state(zoom).ai_companion, live_state(zoom).ai_companion_mode) == ("on", "summary")
    await call_curated(zoom, "ai_companion_stop", {**meeting, "mode": "all", "delete_meeting_assets": True})
    assert live_state(zoom).ai_companion == "off"
    with pytest.raises(ZoomAPIError, match="AI Companion is not running"):
        await call_curated(zoom, "ai_companion_stop", meeting)
    await call_curated(zoom, "ai_companion_disable", meeting)
    assert live_state(zoom).ai_companion == "disabled"
    with pytest.raises(ZoomAPIError, match="AI Companion was disabled"):
        await call_curated(zoom, "ai_companion_start", meeting)


async def test_invitations_and_waiting_room_message(zoom: Zoom) -> None:
    meeting = {"meetingId": LIVE_MEETING_ID}
    await call_curated(zoom, "live_invite_participants", {**meeting, "emails": ["alice@sandbox.example.com"]})
    await call_curated(zoom, "live_invite_by_phone", {**meeting, "phone_number": "6032331333", "invitee_name": "Jill"})
    await call_curated(zoom, "live_waiting_room_message", {**meeting, "title": "Almost there"})
    state = live_state(zoom)
    assert state.invited == [{"email": "alice@sandbox.example.com"}, {"phone_number": "6032331333"}]
    assert state.waiting_room_title == "Almost there"
    assert state.events == ["participant.invite", "participant.invite.callout", "waiting_room.update"]


async def test_call_outs_skip_the_live_check_and_work_before_the_meeting_starts(zoom: Zoom) -> None:
    arguments = {"meetingId": SCHEDULED_MEETING_ID, "call_type": "sip", "device_ip": "sip:room@example.com"}
    response = await call_curated(zoom, "live_invite_room_system", arguments)
    assert isinstance(response, ZoomResponse) and response.status == 202
    assert [entry["method"] for entry in zoom.sandbox.requests() if entry["path"].startswith("/v2")] == ["PATCH"]
