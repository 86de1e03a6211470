"""The request log keeps raw paths; encoded slashes never reach another route."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2

from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.sandbox import seed as s
from zoom_mcp.sandbox.config import DEFAULT_STATIC_TOKEN


def test_encoded_slash_stays_encoded_and_yields_404(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    sandbox.clear_requests()
    answer = api.get(f"/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}%2Frecordings")
    assert answer.status_code == 404
    entry = sandbox.requests()[-1]
    assert entry["path"] == f"/v2/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}%2Frecordings"
    assert entry["operationId"] == "meeting"
    assert entry["status"] == 404


def test_extra_raw_segments_match_nothing(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    answer = api.get(f"/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}/recordings/extra/segments/here")
    assert answer.status_code == 404
    assert "operationId" not in sandbox.requests()[-1]


def test_single_encoded_leading_slash_uuid_is_rejected_like_zoom(api: httpx2.Client) -> None:
    answer = api.get("/accounts/me/meetings/%2Fajxp112QmuoKj4854875%3D%3D/meeting_summary")
    assert answer.status_code == 404
    assert "encoded twice" in answer.json()["message"]


def test_log_entries_have_method_query_status_and_time(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    sandbox.clear_requests()
    api.get("/accounts/me/users/me/meetings", params={"type": "live", "page_size": 5})
    (entry,) = sandbox.requests()
    assert entry["method"] == "GET"
    assert entry["path"] == "/v2/accounts/me/users/me/meetings"
    assert entry["query"] == "type=live&page_size=5"
    assert entry["status"] == 200
    assert entry["operationId"] == "meetings"
    assert entry["time"].endswith("+00:00")
    over_http = httpx2.get(sandbox.control_url + "/requests").json()
    assert over_http == [entry]
    assert httpx2.delete(sandbox.control_url + "/requests").status_code == 204
    assert sandbox.requests() == []


def test_log_file_gets_one_json_object_per_line(tmp_path: Path) -> None:
    log_file = tmp_path / "requests.jsonl"
    with running_sandbox(SandboxConfig(account_type="master", request_log_path=log_file)) as sandbox:
        headers = {"Authorization": f"Bearer {DEFAULT_STATIC_TOKEN}"}
        httpx2.get(sandbox.base_url + "/accounts/me/meetings/a%2F..%2Fb", headers=headers)
        httpx2.post(sandbox.oauth_url, params={"grant_type": "account_credentials", "account_id": "x"})
        lines = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert [(e["method"], e["path"], e["status"]) for e in lines] == [
        ("GET", "/v2/accounts/me/meetings/a%2F..%2Fb", 404),
        ("POST", "/oauth/token", 401),
    ]
    assert lines[1]["query"] == "grant_type=account_credentials&account_id=x"
