"""The operations only regular accounts have, on a regular-account sandbox over real HTTP: their reads agree
with the master-account reports on the same records, their missing objects and wrong states answer with the
statuses the regular overlay documents, and their writes change state (chat, RTMS apps, archives)."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox import seed as s
from zoom_mcp.sandbox.seed_live import LIVE_CHAT, chat_key

LIVE = s.LIVE_MEETING_ID
LIVE_WEBINAR = s.LIVE_WEBINAR_ID
MESSAGES = s.LIVE_CHAT_MESSAGE_IDS


def code(answer: httpx2.Response) -> tuple[int, int]:
    body: dict[str, Any] = answer.json()
    assert body["message"], answer.text
    return answer.status_code, int(body["code"])


def answers(body: Any) -> list[tuple[str, Any]]:
    """(who, what they answered) of a poll answer list (the report also names first and last names)."""
    return [(q["email"], q["question_details"]) for q in body["questions"]]


@pytest.fixture(autouse=True)
def fresh(regular_sandbox: RunningSandbox) -> RunningSandbox:
    return regular_sandbox


# -- past meetings and webinars: the reports' records -------------------------------------------------------
def test_past_meeting_polls_and_qa_are_the_reports_answers(regular_api: httpx2.Client) -> None:
    meeting = s.RECORDED_MEETING_ID
    polls = regular_api.get(f"/past_meetings/{meeting}/polls").json()
    report = regular_api.get(f"/report/meetings/{meeting}/polls").json()
    assert (polls["uuid"], polls["start_time"]) == (s.RECORDED_MEETING_UUID, "2026-01-10T15:00:00Z")
    assert polls["questions"] and answers(polls) == answers(report)
    qa = regular_api.get(f"/past_meetings/{s.RECORDED_MEETING_UUID}/qa").json()
    reported = regular_api.get(f"/report/meetings/{meeting}/qa").json()["questions"]
    assert [q["email"] for q in qa["questions"]] == [q["email"] for q in reported]
    first, source = qa["questions"][0]["question_details"][0], reported[0]["question_details"][0]
    assert first == {"question": source["question"], "answer": source["answer_details"][0]["content"]}


def test_past_webinar_reads_are_the_webinar_reports(regular_api: httpx2.Client) -> None:
    webinar = s.PAST_WEBINAR_ID
    people = regular_api.get(f"/past_webinars/{webinar}/participants").json()
    reported = regular_api.get(f"/report/webinars/{webinar}/participants").json()
    assert people["total_records"] == reported["total_records"] == 2
    assert [p["user_email"] for p in people["participants"]] == ["ivan@example.org", "judy@example.org"]
    assert [p["user_email"] for p in people["participants"]] == [p["user_email"] for p in reported["participants"]]
    by_uuid = regular_api.get(f"/past_webinars/{s.PAST_WEBINAR_UUID}/participants").json()
    assert by_uuid["participants"] == people["participants"]
    polls = regular_api.get(f"/past_webinars/{webinar}/polls").json()
    assert answers(polls) == answers(regular_api.get(f"/report/webinars/{webinar}/polls").json())
    assert polls["uuid"] == s.PAST_WEBINAR_UUID and polls["questions"]
    qa = regular_api.get(f"/past_webinars/{webinar}/qa").json()
    assert qa["questions"][0]["question_details"][0]["answer"] == "fine"


def test_ending_a_meeting_or_webinar_makes_its_past_reads_answer(regular_api: httpx2.Client) -> None:
    for path in (f"/past_meetings/{LIVE}/polls",):  # the overlay documents 400 (no 404) for past meeting polls
        assert code(regular_api.get(path)) == (400, 3001)
    assert code(regular_api.get(f"/past_meetings/{LIVE}/qa")) == (404, 3001)
    for path in ("participants", "polls", "qa"):
        assert code(regular_api.get(f"/past_webinars/{LIVE_WEBINAR}/{path}")) == (404, 3001), path
    assert regular_api.put(f"/meetings/{LIVE}/status", json={"action": "end"}).status_code == 204
    assert regular_api.put(f"/webinars/{LIVE_WEBINAR}/status", json={"action": "end"}).is_success
    polls = regular_api.get(f"/past_meetings/{LIVE}/polls").json()
    assert (polls["uuid"], polls["questions"]) == ("L1veMeet1ngUU1DAAAAAAw==", [])
    people = regular_api.get(f"/past_webinars/{LIVE_WEBINAR}/participants").json()
    assert people["total_records"] == 0
    assert regular_api.get(f"/past_webinars/{LIVE_WEBINAR}/qa").json()["uuid"] == s.LIVE_WEBINAR_UUID


# -- archived files -----------------------------------------------------------------------------------------
def test_archive_reads_and_writes_share_one_record(regular_api: httpx2.Client) -> None:
    archive = regular_api.get(f"/past_meetings/{s.RECORDED_MEETING_UUID}/archive_files").json()
    assert (archive["id"], archive["topic"]) == (s.RECORDED_MEETING_ID, "Quarterly planning review")
    assert [f["id"] for f in archive["archive_files"]] == [s.ARCHIVE_FILE_ID]
    by_id = regular_api.get(f"/past_meetings/{s.RECORDED_MEETING_ID}/archive_files").json()
    assert by_id["uuid"] == s.RECORDED_MEETING_UUID  # a meeting ID means its latest instance
    stats = regular_api.get("/archive_files/statistics", params={"from": "2026-01-01", "to": "2026-01-31"}).json()
    assert stats["total_records"] == 1 and stats["statistic_by_file_extension"]["json_file_count"] == 1
    assert stats["statistic_by_file_status"] == {
        "processing_file_count": 0,
        "completed_file_count": 1,
        "failed_file_count": 0,
    }
    outside = regular_api.get("/archive_files/statistics", params={"from": "2026-02-01", "to": "2026-02-28"})
    assert outside.json()["total_records"] == 0
    assert regular_api.patch(f"/archive_files/{s.ARCHIVE_FILE_ID}", json={"auto_delete": True}).status_code == 204
    again = regular_api.get(f"/past_meetings/{s.RECORDED_MEETING_UUID}/archive_files").json()
    assert again["archive_files"][0]["auto_delete"] is True
    assert regular_api.delete(f"/past_meetings/{s.RECORDED_MEETING_UUID}/archive_files").status_code == 204
    assert regular_api.get("/archive_files", params={"from": "2026-01-01"}).json()["meetings"] == []
    assert code(regular_api.delete(f"/past_meetings/{s.RECORDED_MEETING_UUID}/archive_files")) == (404, 3301)
    assert code(regular_api.patch(f"/archive_files/{s.ARCHIVE_FILE_ID}", json={"auto_delete": False})) == (404, 3301)


def test_missing_archives(regular_api: httpx2.Client) -> None:
    assert code(regular_api.get("/past_meetings/nOtAnUU1D0000000000000==/archive_files")) == (404, 3001)
    slash = "%252Fajxp112QmuoKj4854875%253D%253D"  # a UUID of no meeting, double-encoded
    assert code(regular_api.get(f"/past_meetings/{slash}/archive_files")) == (404, 3001)
    held = "%252Fajxp112QmuoKj4854875%253D%253D".replace("ajxp", "ajXp")  # took place, never archived
    assert code(regular_api.get(f"/past_meetings/{held}/archive_files")) == (404, 3301)
    assert code(regular_api.patch("/archive_files/nOtAfIlE", json={"auto_delete": True})) == (404, 3301)
    assert code(regular_api.patch(f"/archive_files/{s.ARCHIVE_FILE_ID}", json={})) == (400, 300)


# -- live sessions: chat, join tokens, RTMS apps ------------------------------------------------------------
def test_chat_messages_are_edited_and_deleted(regular_api: httpx2.Client, regular_sandbox: RunningSandbox) -> None:
    chat = regular_sandbox.state.collection(LIVE_CHAT)
    path = f"/live_meetings/{LIVE}/chat/messages"
    assert regular_api.patch(f"{path}/{MESSAGES[0]}", json={"message_content": "Ticket #42"}).status_code == 204
    assert chat[chat_key("meeting", LIVE)][MESSAGES[0]]["message_content"] == "Ticket #42"
    stray = regular_api.delete(f"{path}/{MESSAGES[1]}", params={"file_ids": "someone-elses-file"})
    assert code(stray) == (400, 300) and MESSAGES[1] in chat[chat_key("meeting", LIVE)]
    assert regular_api.delete(f"{path}/{MESSAGES[1]}", params={"file_ids": s.LIVE_CHAT_FILE_ID}).status_code == 204
    assert list(chat[chat_key("meeting", LIVE)]) == [MESSAGES[0]]
    assert code(regular_api.delete(f"{path}/{MESSAGES[1]}")) == (404, 404)
    assert code(regular_api.patch(f"{path}/{MESSAGES[1]}", json={"message_content": "x"})) == (404, 404)
    webinar_path = f"/live_webinars/{LIVE_WEBINAR}/chat/messages/{s.LIVE_WEBINAR_CHAT_MESSAGE_ID}"
    assert regular_api.delete(webinar_path).status_code == 204
    assert chat[chat_key("webinar", LIVE_WEBINAR)] == {}
    assert code(regular_api.delete(webinar_path)) == (404, 404)


def test_live_only_operations_need_a_session_in_progress(regular_api: httpx2.Client) -> None:
    scheduled, webinar = s.SCHEDULED_MEETING_ID, s.WEBINAR_ID
    for kind in ("local_recording", "local_archiving", "live_streaming"):
        token = regular_api.get(f"/meetings/{LIVE}/jointoken/{kind}").json()
        assert token["expire_in"] == 120 and token["token"].startswith(f"sandbox-{kind.replace('_', '-')}-")
        assert regular_api.get(f"/webinars/{LIVE_WEBINAR}/jointoken/{kind}").status_code == 200
        assert code(regular_api.get(f"/meetings/{scheduled}/jointoken/{kind}")) == (400, 3000)
        assert code(regular_api.get(f"/webinars/{webinar}/jointoken/{kind}")) == (400, 3000)
        assert code(regular_api.get(f"/meetings/12345678901/jointoken/{kind}")) == (404, 3001)
    first = regular_api.get(f"/meetings/{LIVE}/jointoken/local_recording").json()["token"]
    assert regular_api.get(f"/meetings/{LIVE}/jointoken/local_recording").json()["token"] != first
    assert regular_api.put(f"/meetings/{LIVE}/status", json={"action": "end"}).status_code == 204
    assert regular_api.put(f"/webinars/{LIVE_WEBINAR}/status", json={"action": "end"}).is_success
    assert code(regular_api.get(f"/meetings/{LIVE}/jointoken/local_recording")) == (400, 3000)
    assert code(regular_api.get(f"/webinars/{LIVE_WEBINAR}/jointoken/live_streaming")) == (400, 3000)
    message = f"/live_meetings/{LIVE}/chat/messages/{MESSAGES[0]}"
    assert code(regular_api.patch(message, json={"message_content": "late"})) == (400, 3000)
    webinar_message = f"/live_webinars/{LIVE_WEBINAR}/chat/messages/{s.LIVE_WEBINAR_CHAT_MESSAGE_ID}"
    assert code(regular_api.delete(webinar_message)) == (400, 3000)
    rtms = {"action": "start", "settings": {"client_id": "app"}}
    assert code(regular_api.patch(f"/live_meetings/{LIVE}/rtms_app/status", json=rtms)) == (400, 3000)


def test_rtms_apps_follow_their_transitions(regular_api: httpx2.Client, regular_sandbox: RunningSandbox) -> None:
    path = f"/live_meetings/{LIVE}/rtms_app/status"

    def send(action: str, **settings: str) -> httpx2.Response:
        return regular_api.patch(path, json={"action": action, "settings": {"client_id": "notes-app", **settings}})

    assert code(send("pause")) == (400, 3000)
    assert send("start").status_code == 204
    assert regular_sandbox.state.live[LIVE].rtms == {"notes-app": "started"}
    assert code(send("start")) == (400, 3000)
    assert send("pause").status_code == 204 and code(send("pause")) == (400, 3000)
    assert send("resume").status_code == 204
    assert send("start", participant_user_id=s.ALICE_ID).status_code == 204
    assert regular_sandbox.state.live[LIVE].rtms == {"notes-app": "started", f"notes-app/{s.ALICE_ID}": "started"}
    assert send("stop").status_code == 204 and code(send("stop")) == (400, 3000)
    assert regular_sandbox.state.live[LIVE].rtms == {f"notes-app/{s.ALICE_ID}": "started"}
    missing = regular_api.patch(path, json={"action": "start", "settings": {}})
    assert code(missing) == (400, 300) and missing.json()["errors"][0]["field"] == "settings.client_id"
    assert code(regular_api.patch(path, json={"action": "jump", "settings": {"client_id": "x"}})) == (400, 300)


def test_sip_uris_follow_the_session_and_its_passcode(regular_api: httpx2.Client) -> None:
    meeting = s.SCHEDULED_MEETING_ID
    plain = regular_api.post(f"/meetings/{meeting}/sip_dialing", json={}).json()
    assert plain["sip_dialing"] == f"{meeting}@sandbox.zoomcrc.example" and plain["expire_in"] == 7200
    invitation = regular_api.get(f"/meetings/{meeting}/invitation").json()
    assert plain["sip_dialing"] in invitation["sip_links"]
    with_code = regular_api.post(f"/meetings/{meeting}/sip_dialing", json={"passcode": "Sandbox1"}).json()
    assert with_code["sip_dialing"] == f"{meeting}.Sandbox1@sandbox.zoomcrc.example"
    assert code(regular_api.post(f"/meetings/{meeting}/sip_dialing", json={"passcode": "guess"})) == (400, 300)
    assert regular_api.patch(f"/meetings/{meeting}", json={"password": "N3wCode"}).status_code == 204
    moved = regular_api.post(f"/meetings/{meeting}/sip_dialing", json={"passcode": "N3wCode"})
    assert moved.json()["sip_dialing"] == f"{meeting}.N3wCode@sandbox.zoomcrc.example"
    webinar = regular_api.post(f"/webinars/{s.WEBINAR_ID}/sip_dialing", json={})
    assert webinar.status_code == 201 and webinar.json()["sip_dialing"] == f"{s.WEBINAR_ID}@sandbox.zoomcrc.example"
    assert code(regular_api.post("/webinars/12345678901/sip_dialing", json={})) == (400, 3001)
    assert code(regular_api.post("/meetings/12345678901/sip_dialing", json={})) == (404, 3001)
