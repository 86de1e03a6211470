"""In-meeting controls follow Zoom's recording transitions and need a meeting in progress."""

from __future__ import annotations

import httpx2

from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox import seed as s

LIVE = f"/accounts/me/live_meetings/{s.LIVE_MEETING_ID}/events"


def control(api: httpx2.Client, method: str, path: str = LIVE, **params: object) -> httpx2.Response:
    body: dict[str, object] = {"method": method}
    if params:
        body["params"] = params
    return api.patch(path, json=body)


def test_recording_transitions(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    live = sandbox.state.live[s.LIVE_MEETING_ID]
    assert control(api, "recording.stop").status_code == 400
    assert control(api, "recording.pause").status_code == 400
    assert control(api, "recording.resume").status_code == 400
    assert control(api, "recording.start").status_code == 202
    assert live.recording == "recording"
    again = control(api, "recording.start")
    assert again.status_code == 400
    assert "already being recorded" in again.json()["message"]
    assert control(api, "recording.resume").status_code == 400
    assert control(api, "recording.pause").status_code == 202
    assert live.recording == "paused"
    assert control(api, "recording.pause").status_code == 400
    assert control(api, "recording.resume").status_code == 202
    assert control(api, "recording.pause").status_code == 202
    assert control(api, "recording.stop").status_code == 202
    assert live.recording == "stopped"


def test_ai_companion_waiting_room_and_invites(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    live = sandbox.state.live[s.LIVE_MEETING_ID]
    assert control(api, "ai_companion.stop").status_code == 400
    assert control(api, "ai_companion.start", ai_companion_mode="summary").status_code == 202
    assert (live.ai_companion, live.ai_companion_mode) == ("on", "summary")
    assert control(api, "ai_companion.stop").status_code == 202
    assert control(api, "ai_companion.disable").status_code == 202
    assert control(api, "ai_companion.start").status_code == 400
    assert control(api, "waiting_room.update", waiting_room_title="Back soon").status_code == 202
    assert live.waiting_room_title == "Back soon"
    assert control(api, "participant.invite", contacts=[{"email": s.ALICE_EMAIL}]).status_code == 202
    assert live.invited == [{"email": s.ALICE_EMAIL}]


def test_meeting_not_in_progress_is_an_error(api: httpx2.Client) -> None:
    path = f"/accounts/me/live_meetings/{s.SCHEDULED_MEETING_ID}/events"
    answer = control(api, "recording.start", path)
    assert answer.status_code == 400
    assert "not in progress" in answer.json()["message"]
    unknown = control(api, "recording.start", "/accounts/me/live_meetings/12345678901/events")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == 3001


def test_ending_the_meeting_ends_the_live_state(api: httpx2.Client) -> None:
    assert api.put(f"/accounts/me/meetings/{s.LIVE_MEETING_ID}/status", json={"action": "end"}).status_code == 204
    assert control(api, "recording.start").status_code == 400
