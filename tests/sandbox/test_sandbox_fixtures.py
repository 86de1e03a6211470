"""Extra data added through `zoom_mcp.sandbox.fixtures` is served like the seeded data."""

from __future__ import annotations

from urllib.parse import quote

import httpx2

from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.fixtures import add_meeting, add_user, add_webinar, generate_meetings


def test_added_user_hosts_added_meetings(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    user = add_user(sandbox.sandbox, "zoe@sandbox.example.com", "Zoe", "Zed")
    meeting = add_meeting(sandbox.sandbox, "Zoe's 1:1", host="zoe@sandbox.example.com")
    listed = api.get(f"/accounts/me/users/{user['id']}/meetings").json()["meetings"]
    assert [m["id"] for m in listed] == [meeting["id"]]
    assert len(str(meeting["id"])) == 11


def test_added_live_meeting_accepts_controls(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    meeting = add_meeting(sandbox.sandbox, "All hands", status="started")
    answer = api.patch(f"/accounts/me/live_meetings/{meeting['id']}/events", json={"method": "recording.start"})
    assert answer.status_code == 202
    assert sandbox.state.live[meeting["id"]].recording == "recording"


def test_added_recorded_meeting_has_transcript_and_summary(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nZoe Zed: Hello.\n"
    meeting = add_meeting(
        sandbox.sandbox,
        "Retro",
        status="finished",
        recorded=True,
        summary=True,
        transcript=vtt,
        summary_markdown="## Retro\n- fine",
    )
    uuid = quote(meeting["uuid"], safe="")
    files = api.get(f"/accounts/me/meetings/{uuid}/recordings").json()["recording_files"]
    transcript = next(f for f in files if f["file_type"] == "TRANSCRIPT")
    assert api.get(transcript["download_url"]).text == vtt
    assert api.get(f"/accounts/me/meetings/{uuid}/meeting_summary").json()["summary_content"] == "## Retro\n- fine"
    assert (
        api.get(f"/accounts/me/past_meetings/{meeting['id']}/instances").json()["meetings"][0]["uuid"]
        == meeting["uuid"]
    )


def test_added_webinar_and_generated_meetings(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    webinar = add_webinar(sandbox.sandbox, "Partner webinar")
    assert api.get(f"/accounts/me/webinars/{webinar['id']}").json()["topic"] == "Partner webinar"
    generated = generate_meetings(sandbox.sandbox, 40, topic="Bulk")
    assert len({m["id"] for m in generated}) == 40
    listed = api.get("/accounts/me/users/me/meetings", params={"page_size": 300}).json()["meetings"]
    assert sum(1 for m in listed if m["topic"].startswith("Bulk ")) == 40


def test_sip_trunks_numbers_and_account_tsp_keep_state(api: httpx2.Client) -> None:
    added = api.post("/accounts/me/sip_trunk/trunks", json={"sip_trunks": [{"dnis": "9000", "id": "x"}]})
    assert added.status_code == 201, added.text
    trunk_id = added.json()["sip_trunks"][0]["id"]
    listed = api.get("/accounts/me/sip_trunk/trunks").json()["sip_trunks"]
    assert trunk_id in [t["id"] for t in listed]
    assert api.delete(f"/accounts/me/sip_trunk/trunks/{trunk_id}").status_code == 204
    assert api.post("/accounts/me/sip_trunk/numbers", json={"phone_numbers": ["+1 555 0100"]}).status_code == 201
    assert {"country": "US", "number": "+1 555 0100"} in api.get("/sip_trunk/numbers").json()["phone_numbers"]
    assert api.patch("/accounts/me/tsp", json={"tsp_provider": "Acme"}).status_code == 204
    assert api.get("/accounts/me/tsp").json()["tsp_provider"] == "Acme"
