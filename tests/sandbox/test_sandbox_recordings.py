"""Recordings: trash, recover, permanent delete, summaries, and VTT downloads that need a token."""

from __future__ import annotations

from urllib.parse import quote

import httpx2

from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox import seed as s
from zoom_mcp.sandbox.config import DEFAULT_STATIC_TOKEN

UUID_PATH = quote(s.RECORDED_MEETING_UUID, safe="")


def file_ids(answer: httpx2.Response) -> set[str]:
    assert answer.status_code == 200, answer.text
    return {f["id"] for f in answer.json()["recording_files"]}


def test_recording_files_include_mp4_transcript_and_captions(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    answer = api.get(f"/accounts/me/meetings/{UUID_PATH}/recordings")
    files = {f["file_type"]: f for f in answer.json()["recording_files"]}
    assert set(files) == {"MP4", "TRANSCRIPT", "CC"}
    assert files["TRANSCRIPT"]["download_url"] == f"{sandbox.root_url}/rec/download/{s.RECORDING_TRANSCRIPT_FILE_ID}"
    by_number = api.get(f"/accounts/me/meetings/{s.RECORDED_MEETING_ID}/recordings")
    assert by_number.json()["uuid"] == s.RECORDED_MEETING_UUID


def test_vtt_download_needs_a_bearer_token(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    url = f"{sandbox.root_url}/rec/download/{s.RECORDING_TRANSCRIPT_FILE_ID}"
    denied = httpx2.get(url)
    assert denied.status_code == 401
    assert denied.json()["code"] == 124
    allowed = httpx2.get(url, headers={"Authorization": f"Bearer {DEFAULT_STATIC_TOKEN}"})
    assert allowed.status_code == 200
    assert allowed.headers["content-type"].startswith("text/vtt")
    text = allowed.text
    assert text.startswith("WEBVTT")
    assert {"Olivia Owner:", "Alice Analyst:", "Bob Builder:"} <= {
        line.split(" ")[0] + " " + line.split(" ")[1] for line in text.splitlines() if ": " in line
    }
    assert any(e["path"] == f"/rec/download/{s.RECORDING_TRANSCRIPT_FILE_ID}" for e in sandbox.requests())


def test_trash_recover_and_permanent_delete(api: httpx2.Client) -> None:
    path = f"/accounts/me/meetings/{UUID_PATH}/recordings"
    assert api.delete(path, params={"action": "trash"}).status_code == 204
    gone = api.get(path)
    assert gone.status_code == 404
    assert gone.json()["code"] == 3301
    trash = api.get("/accounts/me/users/me/recordings", params={"trash": "true"}).json()["meetings"]
    assert [m["uuid"] for m in trash] == [s.RECORDED_MEETING_UUID]
    assert api.put(f"/accounts/me/meetings/{UUID_PATH}/recordings/status", json={"action": "recover"}).status_code in (
        200,
        204,
    )
    assert len(file_ids(api.get(path))) == 3
    assert api.delete(path, params={"action": "delete"}).status_code == 204
    assert api.get(path).status_code == 404
    assert (
        api.put(f"/accounts/me/meetings/{UUID_PATH}/recordings/status", json={"action": "recover"}).status_code == 404
    )


def test_one_file_can_be_trashed_and_recovered(api: httpx2.Client) -> None:
    path = f"/accounts/me/meetings/{UUID_PATH}/recordings"
    one = f"{path}/{s.RECORDING_MP4_FILE_ID}"
    assert api.delete(one, params={"action": "trash"}).status_code == 204
    assert s.RECORDING_MP4_FILE_ID not in file_ids(api.get(path))
    assert api.put(one + "/status", json={"action": "recover"}).status_code == 204
    assert s.RECORDING_MP4_FILE_ID in file_ids(api.get(path))
    assert api.delete(one, params={"action": "delete"}).status_code == 204
    assert s.RECORDING_MP4_FILE_ID not in file_ids(api.get(path))


def test_summaries_by_uuid_and_missing_summary(api: httpx2.Client) -> None:
    summary = api.get(f"/accounts/me/meetings/{UUID_PATH}/meeting_summary")
    assert summary.status_code == 200
    assert summary.json()["summary_content"].startswith("## Quarterly planning review")
    listed = api.get("/accounts/me/meetings/meeting_summaries").json()["summaries"]
    assert {x["meeting_uuid"] for x in listed} == {s.RECORDED_MEETING_UUID, s.SLASH_MEETING_UUID}
    missing = api.get(f"/accounts/me/meetings/{quote(s.NO_SUMMARY_MEETING_UUID, safe='')}/meeting_summary")
    assert missing.status_code == 404
    assert "still being processed" in missing.json()["message"]


def test_uuid_with_slashes_works_double_encoded(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    double = quote(quote(s.SLASH_MEETING_UUID, safe=""), safe="")
    answer = api.get(f"/accounts/me/meetings/{double}/meeting_summary")
    assert answer.status_code == 200, answer.text
    assert answer.json()["meeting_uuid"] == s.SLASH_MEETING_UUID
    assert sandbox.requests()[-1]["path"] == f"/v2/accounts/me/meetings/{double}/meeting_summary"
    assert api.get(f"/accounts/me/meetings/{double}/recordings").json()["uuid"] == s.SLASH_MEETING_UUID
