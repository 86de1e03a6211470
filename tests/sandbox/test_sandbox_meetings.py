"""Meetings, occurrences, registrants and webinars keep state across calls."""

from __future__ import annotations

import httpx2

from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox import seed as s


def test_meeting_crud(api: httpx2.Client) -> None:
    created = api.post(
        f"/accounts/me/users/{s.OWNER_EMAIL}/meetings",
        json={
            "topic": "Roadmap review",
            "type": 2,
            "start_time": "2026-02-01T10:00:00Z",
            "duration": 30,
            "settings": {"join_before_host": True},
        },
    )
    assert created.status_code == 201, created.text
    meeting = created.json()
    assert len(str(meeting["id"])) == 11
    assert meeting["topic"] == "Roadmap review"
    assert meeting["host_id"] == s.OWNER_ID
    path = f"/accounts/me/meetings/{meeting['id']}"
    assert api.get(path).json()["settings"]["join_before_host"] is True
    listed = api.get("/accounts/me/users/me/meetings").json()
    assert meeting["id"] in [m["id"] for m in listed["meetings"]]
    assert listed["total_records"] == len(listed["meetings"])
    assert api.patch(path, json={"topic": "Roadmap review (moved)", "duration": 45}).status_code == 204
    assert api.get(path).json()["topic"] == "Roadmap review (moved)"
    assert api.delete(path).status_code == 204
    gone = api.get(path)
    assert gone.status_code == 404
    assert gone.json()["code"] == 3001


def test_unknown_user_is_404_code_1001(api: httpx2.Client) -> None:
    answer = api.get("/accounts/me/users/nobody@example.com/meetings")
    assert answer.status_code == 404
    assert answer.json()["code"] == 1001


def test_recurring_meeting_has_occurrences_and_one_can_be_moved(api: httpx2.Client) -> None:
    path = f"/accounts/me/meetings/{s.RECURRING_MEETING_ID}"
    meeting = api.get(path).json()
    assert [o["occurrence_id"] for o in meeting["occurrences"]] == list(s.RECURRING_OCCURRENCE_IDS)
    occurrence = s.RECURRING_OCCURRENCE_IDS[1]
    moved = api.patch(path, params={"occurrence_id": occurrence}, json={"start_time": "2027-01-16T10:30:00Z"})
    assert moved.status_code == 204
    after = {o["occurrence_id"]: o for o in api.get(path).json()["occurrences"]}
    assert after[occurrence]["start_time"] == "2027-01-16T10:30:00Z"
    assert api.patch(path, params={"occurrence_id": "123"}, json={"duration": 10}).status_code == 400


def test_registrant_approval(api: httpx2.Client) -> None:
    base = f"/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}/registrants"
    pending = api.get(base, params={"status": "pending"}).json()["registrants"]
    assert {r["id"] for r in pending} == set(s.MEETING_REGISTRANT_PENDING_IDS)
    target = s.MEETING_REGISTRANT_PENDING_IDS[0]
    answer = api.put(base + "/status", json={"action": "approve", "registrants": [{"id": target}]})
    assert answer.status_code == 204
    approved = {r["id"] for r in api.get(base, params={"status": "approved"}).json()["registrants"]}
    assert approved == {s.MEETING_REGISTRANT_APPROVED_ID, target}
    assert api.get(f"{base}/{target}").json()["status"] == "approved"
    denied = api.put(
        base + "/status", json={"action": "deny", "registrants": [{"id": s.MEETING_REGISTRANT_PENDING_IDS[1]}]}
    )
    assert denied.status_code == 204
    assert api.get(base, params={"status": "pending"}).json()["registrants"] == []


def test_new_registrant_waits_for_manual_approval(api: httpx2.Client) -> None:
    base = f"/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}/registrants"
    added = api.post(base, json={"email": "ivan@example.org", "first_name": "Ivan"})
    assert added.status_code == 201, added.text
    registrant_id = added.json()["registrant_id"]
    assert api.get(f"{base}/{registrant_id}").json()["status"] == "pending"
    assert api.delete(f"{base}/{registrant_id}").status_code == 204
    assert api.get(f"{base}/{registrant_id}").status_code == 404


def test_webinar_registrants_panelists_and_polls(api: httpx2.Client) -> None:
    base = f"/accounts/me/webinars/{s.WEBINAR_ID}"
    assert api.get(base).json()["id"] == s.WEBINAR_ID
    pending = api.get(base + "/registrants", params={"status": "pending"}).json()["registrants"]
    assert len(pending) == 2
    cancel = api.put(
        base + "/registrants/status",
        json={"action": "cancel", "registrants": [{"id": s.WEBINAR_REGISTRANT_APPROVED_ID}]},
    )
    assert cancel.status_code == 204
    assert api.get(base + "/registrants").json()["registrants"] == []
    panelists = api.get(base + "/panelists").json()["panelists"]
    assert [p["id"] for p in panelists] == [s.WEBINAR_PANELIST_ID]
    assert api.get(f"{base}/polls/{s.WEBINAR_POLL_ID}").json()["id"] == s.WEBINAR_POLL_ID


def test_state_can_be_reset_over_http(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    path = f"/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}"
    assert api.delete(path).status_code == 204
    assert httpx2.post(sandbox.control_url + "/reset").status_code == 204
    assert api.get(path).status_code == 200
    state = httpx2.get(sandbox.control_url + "/state").json()
    assert str(s.LIVE_MEETING_ID) in state["live"]


def test_lists_are_paged_like_zoom(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    from zoom_mcp.sandbox.fixtures import generate_meetings

    generate_meetings(sandbox.sandbox, 35)
    first = api.get("/accounts/me/users/me/meetings", params={"page_size": 30}).json()
    assert len(first["meetings"]) == 30
    assert first["total_records"] == 38  # 35 generated + scheduled, recurring and live seeded meetings
    token = first["next_page_token"]
    assert token
    second = api.get("/accounts/me/users/me/meetings", params={"page_size": 30, "next_page_token": token}).json()
    assert len(second["meetings"]) == 8
    assert second["next_page_token"] == ""
    assert not {m["id"] for m in first["meetings"]} & {m["id"] for m in second["meetings"]}
    bad = api.get("/accounts/me/users/me/meetings", params={"next_page_token": "garbage!"})
    assert bad.status_code == 400
    assert bad.json()["message"] == "The next page token is invalid or expired."


def test_past_meeting_report_lists_participants(api: httpx2.Client) -> None:
    details = api.get(f"/accounts/me/report/meetings/{s.RECORDED_MEETING_ID}").json()
    assert details["uuid"] == s.RECORDED_MEETING_UUID
    assert details["participants_count"] == 3
    participants = api.get(f"/accounts/me/report/meetings/{s.RECORDED_MEETING_ID}/participants").json()
    assert [p["user_email"] for p in participants["participants"]] == [s.OWNER_EMAIL, s.ALICE_EMAIL, s.BOB_EMAIL]
    assert api.get("/accounts/me/report/meetings/12345678901/participants").status_code == 404


def test_new_recurring_meeting_gets_weekly_occurrences(api: httpx2.Client) -> None:
    body = {
        "topic": "Weekly 1:1",
        "type": 8,
        "start_time": "2027-03-01T09:00:00Z",
        "duration": 30,
        "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2", "end_times": 4},
    }
    created = api.post("/accounts/me/users/me/meetings", json=body).json()
    starts = [o["start_time"] for o in created["occurrences"]]
    assert starts == ["2027-03-01T09:00:00Z", "2027-03-08T09:00:00Z", "2027-03-15T09:00:00Z", "2027-03-22T09:00:00Z"]
    assert created["occurrences"][0]["occurrence_id"] == "1803891600000"
    assert (
        api.delete(f"/accounts/me/meetings/{created['id']}", params={"occurrence_id": "1803891600000"}).status_code
        == 204
    )
    after = api.get(f"/accounts/me/meetings/{created['id']}").json()
    assert after["occurrences"][0]["status"] == "deleted"
