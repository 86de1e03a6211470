"""The sandbox serves both layouts: a regular account only the regular one (master paths get Zoom's "not a
master account" answer), a master account both over one state; the token grants the account type's scopes."""

from __future__ import annotations

import httpx2
import pytest

from zoom_mcp.sandbox import SandboxConfig, running_sandbox
from zoom_mcp.sandbox.seed import LIVE_MEETING_ID, OWNER_EMAIL, OWNER_ID, RECORDED_MEETING_ID, SCHEDULED_MEETING_ID


def token(base: str, oauth_url: str) -> dict[str, object]:
    answer = httpx2.post(
        oauth_url,
        params={"grant_type": "account_credentials", "account_id": "sandbox-account"},
        auth=("sandbox-client-id", "sandbox-client-secret"),
    )
    assert answer.status_code == 200
    body: dict[str, object] = answer.json()
    return body


def test_regular_account() -> None:
    with running_sandbox(SandboxConfig(account_type="regular")) as sandbox:
        granted = str(token(sandbox.base_url, sandbox.oauth_url)["scope"]).split()
        assert "meeting:write:meeting:admin" in granted and not [s for s in granted if s.endswith(":master")]
        api = httpx2.Client(base_url=sandbox.base_url, headers={"Authorization": "Bearer sandbox-static-token"})
        made = api.post("/users/me/meetings", json={"topic": "Plain", "type": 2})
        assert made.status_code == 201
        assert api.get(f"/meetings/{made.json()['id']}").json()["topic"] == "Plain"
        master = api.get(f"/accounts/sandbox-account/meetings/{SCHEDULED_MEETING_ID}")
        assert master.status_code == 400 and master.json()["code"] == 300
        assert master.json()["message"].startswith("This account is not a master account.")


def test_master_account_serves_both_layouts_over_one_state() -> None:
    with running_sandbox(SandboxConfig(account_type="master")) as sandbox:
        granted = str(token(sandbox.base_url, sandbox.oauth_url)["scope"]).split()
        assert "meeting:write:meeting:master" in granted
        api = httpx2.Client(base_url=sandbox.base_url, headers={"Authorization": "Bearer sandbox-static-token"})
        made = api.post("/accounts/sandbox-account/users/me/meetings", json={"topic": "Both", "type": 2})
        assert made.status_code == 201
        assert api.get(f"/meetings/{made.json()['id']}").json()["topic"] == "Both"
        assert api.patch(f"/meetings/{made.json()['id']}", json={"topic": "Renamed"}).status_code == 204
        fetched = api.get(f"/accounts/me/meetings/{made.json()['id']}")
        assert fetched.json()["topic"] == "Renamed"


@pytest.mark.parametrize("account_type", ["regular", "master"])
def test_past_meetings_and_transcripts_are_stateful(account_type: str) -> None:
    with running_sandbox(SandboxConfig(account_type=account_type)) as sandbox:
        api = httpx2.Client(base_url=sandbox.base_url, headers={"Authorization": "Bearer sandbox-static-token"})
        assert api.get(f"/past_meetings/{LIVE_MEETING_ID}").json()["code"] == 3001  # still running
        assert api.put(f"/meetings/{LIVE_MEETING_ID}/status", json={"action": "end"}).status_code == 204
        ended = api.get(f"/past_meetings/{LIVE_MEETING_ID}")
        assert ended.status_code == 200 and ended.json()["participants_count"] == 1
        people = api.get(f"/past_meetings/{LIVE_MEETING_ID}/participants").json()
        assert people["total_records"] == 1 and people["participants"][0]["user_email"] == "owner@sandbox.example.com"
        transcript = api.get(f"/meetings/{RECORDED_MEETING_ID}/transcript").json()
        assert transcript["can_download"] is True
        assert "WEBVTT" in httpx2.get(transcript["download_url"], headers=api.headers).text
        assert api.delete(f"/meetings/{RECORDED_MEETING_ID}/transcript").status_code == 204
        after = api.get(f"/meetings/{RECORDED_MEETING_ID}/transcript").json()
        assert after["can_download"] is False and after["download_restriction_reason"] == "DELETED_OR_TRASHED"
        files = api.get(f"/meetings/{RECORDED_MEETING_ID}/recordings").json()["recording_files"]
        assert "TRANSCRIPT" not in {f["file_type"] for f in files}
        assert api.delete(f"/meetings/{RECORDED_MEETING_ID}/transcript").status_code == 404


@pytest.mark.parametrize("account_type", ["regular", "master"])
def test_an_ended_meeting_reads_the_same_in_past_meetings_reports_and_instances(account_type: str) -> None:
    """One record of meetings that took place: the regular-only past-meeting reads, the meeting reports, the
    instances list and the account report of a user's meetings all show the instance that ending recorded."""
    with running_sandbox(SandboxConfig(account_type=account_type)) as sandbox:
        api = httpx2.Client(base_url=sandbox.base_url, headers={"Authorization": "Bearer sandbox-static-token"})
        live = LIVE_MEETING_ID
        for path in (f"/past_meetings/{live}", f"/report/meetings/{live}", f"/report/meetings/{live}/participants"):
            answer = api.get(path)
            assert (answer.status_code, answer.json()["code"]) == (404, 3001), path
            assert answer.json()["message"] == f"Meeting {live} not found or has expired."
        assert api.get(f"/past_meetings/{live}/instances").status_code == 404
        assert api.put(f"/meetings/{live}/status", json={"action": "end"}).status_code == 204
        details = api.get(f"/past_meetings/{live}").json()
        report = api.get(f"/report/meetings/{live}").json()
        instances = api.get(f"/past_meetings/{live}/instances").json()["meetings"]
        assert [i["uuid"] for i in instances] == [details["uuid"]] == [report["uuid"]] == ["L1veMeet1ngUU1DAAAAAAw=="]
        assert details["start_time"] == report["start_time"] == instances[0]["start_time"] == "2026-01-15T09:00:00Z"
        assert details["participants_count"] == report["participants_count"] == 1
        assert details["total_minutes"] == report["total_minutes"] == 60
        people = api.get(f"/past_meetings/{live}/participants").json()["participants"]
        reported = api.get(f"/report/meetings/{live}/participants").json()["participants"]
        assert [p["user_email"] for p in people] == [p["user_email"] for p in reported] == [OWNER_EMAIL]
        by_uuid = api.get(f"/past_meetings/{details['uuid']}").json()
        assert (by_uuid["id"], by_uuid["participants_count"]) == (live, 1)
        mine = api.get(f"/report/users/{OWNER_ID}/meetings", params={"from": "2026-01-15", "to": "2026-01-15"})
        rows = [(m["uuid"], m["participants_count"]) for m in mine.json()["meetings"]]
        assert rows == [("L1veMeet1ngUU1DAAAAAAw==", 1)]
