"""Serving the sandbox: the async runner, `zoom-mcp sandbox` as a process, rate limits set over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx2
import pytest

from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox_async
from zoom_mcp.sandbox import seed as s
from zoom_mcp.sandbox.config import DEFAULT_STATIC_TOKEN

MEETING = f"/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}"


@pytest.mark.anyio
async def test_async_runner_serves_in_the_current_event_loop() -> None:
    async with running_sandbox_async(SandboxConfig(account_type="master", token_ttl_seconds=2)) as sandbox:
        async with httpx2.AsyncClient(base_url=sandbox.base_url) as client:
            token = await client.post(
                sandbox.oauth_url,
                params={"grant_type": "account_credentials", "account_id": "sandbox-account"},
                auth=("sandbox-client-id", "sandbox-client-secret"),
            )
            assert token.json()["expires_in"] == 2
            answer = await client.get(MEETING, headers={"Authorization": f"Bearer {token.json()['access_token']}"})
            assert answer.status_code == 200
        assert [e["status"] for e in sandbox.requests()] == [200, 200]


def test_rate_limits_can_be_set_over_http(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    answer = httpx2.post(sandbox.control_url + "/faults", json={"rate_limits": {"per_second": {"light": 1}}})
    assert answer.status_code == 200
    assert answer.json()["rate_limits"]["per_second"]["LIGHT"] == 1
    assert [api.get(MEETING).status_code for _ in range(2)] == [200, 429]


def test_command_serves_the_sandbox_and_prints_how_to_reach_it(tmp_path: Path) -> None:
    log_file = tmp_path / "log.jsonl"
    command = [
        sys.executable,
        "-m",
        "zoom_mcp",
        "sandbox",
        "--port",
        "0",
        "--request-log",
        str(log_file),
        "--client-id",
        "cid",
        "--client-secret",
        "csecret",
        "--account-id",
        "acc",
        "--account-type",
        "master",
    ]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            assert process.stderr is not None
            lines = []
            while not any("Ctrl+C" in line for line in lines):
                line = process.stderr.readline()
                assert line, "".join(lines)
                lines.append(line)
            printed = dict(line.strip().split("=", 1) for line in lines if line.strip().startswith("ZOOM_"))
            assert printed["ZOOM_CLIENT_ID"] == "cid"
            assert printed["ZOOM_ACCOUNT_ID"] == "acc"
            base_url = printed["ZOOM_API_BASE_URL"]
            token = httpx2.post(
                printed["ZOOM_OAUTH_URL"],
                params={"grant_type": "account_credentials", "account_id": "acc"},
                auth=("cid", "csecret"),
            )
            assert token.status_code == 200
            headers = {"Authorization": f"Bearer {DEFAULT_STATIC_TOKEN}"}
            assert httpx2.get(base_url + MEETING.replace("/me/", "/acc/"), headers=headers).status_code == 200
            other = httpx2.get(base_url + MEETING.replace("/me/", "/other/"), headers=headers)
            assert other.status_code == 400
            assert other.json()["code"] == 2001
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)
    assert process.returncode == 0
    assert log_file.read_text().count("\n") == 3
