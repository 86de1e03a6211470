"""The issue's "Done when", as a user would do it: `zoom-mcp sandbox --account-type regular|master` in its own
process, its printed credentials in the environment of a plain `zoom-mcp serve` (stdio), the SDK's real
Client; then `zoom-mcp doctor` on the same settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from zoom_mcp.live_controls import curated_tool_names
from zoom_mcp.sandbox.seed import RECORDED_MEETING_ID

CURATED = frozenset(curated_tool_names())

pytestmark = pytest.mark.anyio


@contextmanager
def sandbox_process(account_type: str, log: Path) -> Iterator[dict[str, str]]:
    """`zoom-mcp sandbox` on a free port; yields the ZOOM_* variables it prints."""
    argv = [sys.executable, "-m", "zoom_mcp", "sandbox", "--port", "0", "--account-type", account_type]
    process = subprocess.Popen([*argv, "--request-log", str(log)], stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        variables: dict[str, str] = {}
        for line in process.stderr:
            text = line.strip()
            if text.startswith("ZOOM_") and "=" in text:
                name, _, value = text.partition("=")
                variables[name] = value.split()[0]
            if text.startswith("Press Ctrl+C"):
                break
        threading.Thread(target=process.stderr.read, daemon=True).start()
        assert {
            "ZOOM_API_BASE_URL",
            "ZOOM_OAUTH_URL",
            "ZOOM_ACCOUNT_ID",
            "ZOOM_CLIENT_ID",
            "ZOOM_CLIENT_SECRET",
        } <= set(variables)
        yield variables
    finally:
        process.terminate()
        process.wait(timeout=10)


def environment(variables: dict[str, str], **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")}
    return env | variables | extra


def requests_in(log: Path) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in map(json.loads, log.read_text().splitlines()) if e.get("path")]


async def test_regular_account_end_to_end(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    errlog_path = tmp_path / "serve-stderr.txt"
    with sandbox_process("regular", log) as variables:
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "zoom_mcp", "serve", "--confirm", "token"],  # this client cannot elicit: the token flow
            env=environment(variables, ZOOM_MCP_LOG_LEVEL="INFO", ZOOM_MCP_TOOL_MODE="all"),  # count every tool
        )
        from mcp.client.stdio import stdio_client

        with errlog_path.open("w") as errlog:
            async with Client(stdio_client(params, errlog=errlog), mode="auto") as client:
                tools = {t.name: t for t in (await client.list_tools()).tools}
                assert len([name for name in tools if name not in CURATED]) == 168
                assert tools["meeting_create"].meta["zoom-mcp/operation"]["variant"] == "regular"
                assert "accountId" not in tools["meeting_create"].input_schema["properties"]
                created = await client.call_tool("meeting_create", {"userId": "me", "topic": "Regular one", "type": 2})
                assert not created.is_error
                meeting_id = created.structured_content["id"]
                assert isinstance(meeting_id, int)
                got = await client.call_tool("meeting_get", {"meetingId": meeting_id})
                assert not got.is_error and got.structured_content["topic"] == "Regular one"
                updated = await client.call_tool("meeting_update", {"meetingId": meeting_id, "topic": "Renamed"})
                assert not updated.is_error
                again = await client.call_tool("meeting_get", {"meetingId": meeting_id})
                assert again.structured_content["topic"] == "Renamed"
                participants = await client.call_tool(
                    "past_meeting_participants_list", {"meetingId": RECORDED_MEETING_ID}
                )
                assert not participants.is_error
                assert len(participants.structured_content["participants"]) == 3
                transcript_tool = await client.call_tool("meeting_transcript_get", {"meetingId": RECORDED_MEETING_ID})
                assert transcript_tool.structured_content["can_download"] is True
                transcript = await client.read_resource(f"zoom://meetings/{RECORDED_MEETING_ID}/transcript")
                assert "[00:00:" in transcript.contents[0].text  # type: ignore[union-attr]
                deleted = await client.call_tool("meeting_delete", {"meetingId": meeting_id})
                assert deleted.is_error  # --confirm token: a preview first, then the call with its token
                token = deleted.structured_content["confirmation_token"]  # type: ignore[index]
                deleted = await client.call_tool(
                    "meeting_delete", {"meetingId": meeting_id, "confirmation_token": token}
                )
                assert not deleted.is_error
        seen = requests_in(log)
        assert "POST /v2/users/me/meetings" in seen
        assert f"GET /v2/meetings/{meeting_id}" in seen
        assert f"PATCH /v2/meetings/{meeting_id}" in seen
        assert f"DELETE /v2/meetings/{meeting_id}" in seen
        assert f"GET /v2/past_meetings/{RECORDED_MEETING_ID}/participants" in seen
        assert f"GET /v2/meetings/{RECORDED_MEETING_ID}/transcript" in seen
        assert not [line for line in seen if "/accounts/" in line]
        stderr = errlog_path.read_text()
        assert "API variant: regular" in stderr and "no :master scope" in stderr

        doctor = subprocess.run(
            [sys.executable, "-m", "zoom_mcp", "doctor"], env=environment(variables), capture_output=True, text=True
        )
        assert doctor.returncode == 0, doctor.stdout + doctor.stderr
        assert "api variant: regular" in doctor.stdout
        wrong = subprocess.run(
            [sys.executable, "-m", "zoom_mcp", "doctor"],
            env=environment(variables, ZOOM_CLIENT_SECRET="not-the-secret"),
            capture_output=True,
            text=True,
        )
        assert wrong.returncode == 1
        assert "ZOOM_CLIENT_SECRET" in wrong.stdout and "secret is wrong" in wrong.stdout
        assert "not-the-secret" not in wrong.stdout


async def test_master_account_sees_the_159_master_tools(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    with sandbox_process("master", log) as variables:
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "zoom_mcp", "serve"],
            env=environment(variables, ZOOM_MCP_TOOL_MODE="all"),  # count every tool (serve's default: discover)
        )
        async with Client(params, mode="auto") as client:
            tools = (await client.list_tools()).tools
            generated = [t for t in tools if t.name not in CURATED]
            assert len(generated) == 159
            assert {t.meta["zoom-mcp/operation"]["variant"] for t in generated} == {"master"}  # type: ignore[index]
            created = await client.call_tool("meeting_create", {"userId": "me", "topic": "Master one", "type": 2})
            assert not created.is_error
        assert "POST /v2/accounts/sandbox-account/users/me/meetings" in requests_in(log)
        doctor = subprocess.run(
            [sys.executable, "-m", "zoom_mcp", "doctor", "--json"],
            env=environment(variables),
            capture_output=True,
            text=True,
        )
        assert doctor.returncode == 0, doctor.stdout
        report = json.loads(doctor.stdout)
        assert report["ok"] is True and report["variant"]["name"] == "master"
        wrong = subprocess.run(
            [sys.executable, "-m", "zoom_mcp", "doctor", "--json"],
            env=environment(variables, ZOOM_CLIENT_SECRET="nope"),
            capture_output=True,
            text=True,
        )
        assert wrong.returncode == 1
        assert json.loads(wrong.stdout)["token"]["setting"] == "ZOOM_CLIENT_SECRET"
