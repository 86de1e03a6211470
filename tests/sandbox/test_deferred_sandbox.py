"""`deferred_sandbox`: the port listens at once; the sandbox is built at the first connection or at `start()`."""

from __future__ import annotations

import socket

import httpx2
import pytest

from zoom_mcp.sandbox import SandboxConfig, deferred_sandbox
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID
from zoom_mcp.server.sandbox_wiring import sandbox_variables


def test_a_first_connection_builds_and_serves_it() -> None:
    with deferred_sandbox(SandboxConfig()) as sandbox:
        assert sandbox.base_url == f"http://127.0.0.1:{sandbox.port}/v2"
        assert sandbox_variables(sandbox)["ZOOM_API_BASE_URL"] == sandbox.base_url
        headers = {"Authorization": f"Bearer {sandbox.config.static_tokens[0]}"}
        # no start(): the connection waits in the backlog until the sandbox thread has built the app
        answer = httpx2.get(f"{sandbox.base_url}/meetings/{SCHEDULED_MEETING_ID}", headers=headers, timeout=60)
        assert answer.status_code == 200, answer.text
        assert answer.json()["id"] == SCHEDULED_MEETING_ID
        assert sandbox.running().requests()[-1]["path"] == f"/v2/meetings/{SCHEDULED_MEETING_ID}"


def test_start_builds_it_without_a_connection() -> None:
    with deferred_sandbox(SandboxConfig(account_type="master")) as sandbox:
        sandbox.start()
        running = sandbox.running()
        assert running.port == sandbox.port
        assert running.config.account_type == "master"
        assert running.requests() == []


def test_closing_before_any_use_releases_the_port() -> None:
    with deferred_sandbox() as sandbox:
        port = sandbox.port
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # free again
    with pytest.raises(RuntimeError, match="could not be built"):
        sandbox.running(timeout=5)
