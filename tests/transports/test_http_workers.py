"""Multi-process serving (`--workers N`) and the start-up heap freeze of `serve_http`."""

from __future__ import annotations

import argparse
import gc
import re
import signal
import socket
import subprocess
import sys
import time

import anyio
import httpx2
import pytest
from deployment.spreading import spreading_client, spreading_factory
from mcp import Client
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from state.redis_server import RedisServer

from zoom_mcp.sandbox import running_sandbox
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID
from zoom_mcp.selection import add_selection_arguments
from zoom_mcp.server.sandbox_wiring import sandbox_environment
from zoom_mcp.state.options import add_state_arguments
from zoom_mcp.transports.http import _settle_heap
from zoom_mcp.transports.settings import HttpConfigError, add_http_arguments, settings_from_args
from zoom_mcp.transports.workers import CONFIRM_KEYS_ENV, WORKER_ENV, WorkersConfigError, prepare_workers

pytestmark = pytest.mark.anyio

MODERN = "2026-07-28"


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_http_arguments(parser)
    add_state_arguments(parser)
    add_selection_arguments(parser)
    parser.add_argument("--sandbox", action="store_true")
    return parser.parse_args(list(argv))


@pytest.fixture
def zoom_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Real-looking Zoom credentials (no embedded sandbox), no state URL, pacing on (the default plan)."""
    for name, value in {"ZOOM_ACCOUNT_ID": "a", "ZOOM_CLIENT_ID": "c", "ZOOM_CLIENT_SECRET": "s"}.items():
        monkeypatch.setenv(name, value)
    for name in ("ZOOM_MCP_STATE_URL", "ZOOM_RATE_PLAN", "ZOOM_ACCESS_TOKEN", WORKER_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(CONFIRM_KEYS_ENV, "k" * 40)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "/nonexistent-zoom-mcp-test")  # keep prepare_workers off os.environ
    monkeypatch.setattr(sys, "argv", ["zoom-mcp", "serve", "--transport", "http"])
    return monkeypatch


def test_workers_need_a_state_url_or_stateless_mode(zoom_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(HttpConfigError, match="--workers needs --state-url"):
        settings_from_args(_parse("--workers", "2"))
    with pytest.raises(HttpConfigError, match="--workers must be 1 or more"):
        settings_from_args(_parse("--workers", "0", "--stateless"))
    settings = settings_from_args(_parse("--workers", "2", "--state-url", "redis://127.0.0.1:6379/0"))
    assert settings.state_url == "redis://127.0.0.1:6379/0" and settings.worker_command


def test_workers_without_a_store_are_refused_when_confirmations_or_pacing_would_diverge(
    zoom_env: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(WorkersConfigError) as caught:
        settings_from_args(_parse("--workers", "2", "--stateless"))
    message = str(caught.value)
    assert "--state-url" in message and "redeemed again" in message and "exceed the account's rate" in message
    with pytest.raises(WorkersConfigError, match="redeemed again"):  # pacing off, confirmations still possible
        zoom_env.setenv("ZOOM_RATE_PLAN", "off")
        settings_from_args(_parse("--workers", "2", "--stateless"))
    zoom_env.setenv("ZOOM_RATE_PLAN", "pro")
    with pytest.raises(WorkersConfigError, match="exceed the account's rate"):
        settings_from_args(_parse("--workers", "2", "--stateless", "--read-only"))
    zoom_env.setenv("ZOOM_RATE_PLAN", "off")  # nothing can diverge: allowed as before
    assert settings_from_args(_parse("--workers", "2", "--stateless", "--read-only")).worker_command
    assert settings_from_args(_parse("--workers", "2", "--stateless", "--confirm", "never")).worker_command


def test_workers_refuse_an_embedded_sandbox() -> None:
    with pytest.raises(HttpConfigError, match="zoom-mcp sandbox"):
        settings_from_args(_parse("--workers", "2", "--stateless", "--sandbox", "--state-url", "redis://h:1/0"))


def test_prepare_workers_generates_one_confirmation_key_and_reruns_the_command_line() -> None:
    environ: dict[str, str] = {}
    command = prepare_workers(embedded_sandbox=False, argv=["serve", "--transport", "http"], environ=environ)
    assert command == (sys.executable, "-m", "zoom_mcp", "serve", "--transport", "http")
    key = environ[CONFIRM_KEYS_ENV]
    assert len(key) >= 40
    prepare_workers(embedded_sandbox=False, argv=["serve"], environ=environ)
    assert environ[CONFIRM_KEYS_ENV] == key  # an operator's (or an earlier) key is kept
    with pytest.raises(WorkersConfigError, match="zoom-mcp serve"):
        prepare_workers(embedded_sandbox=False, argv=["eval"], environ={})


def test_settle_heap_freezes_the_start_up_objects() -> None:
    gc.unfreeze()
    try:
        _settle_heap()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _listening_sockets(port: int) -> int:
    """How many sockets listen on `port` (Linux /proc/net/tcp: state 0A = LISTEN)."""
    with open("/proc/net/tcp", encoding="ascii") as table:
        rows = [line.split() for line in table.readlines()[1:]]
    return sum(1 for row in rows if row[1].endswith(f":{port:04X}") and row[3] == "0A")


async def _call(base_url: str) -> dict[str, object]:
    """One modern-era tools/call on a fresh connection (so the kernel picks a process for it)."""
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {
            "name": "meetings_list",
            "arguments": {"userId": "me"},
            "_meta": {
                "io.modelcontextprotocol/protocolVersion": MODERN,
                "io.modelcontextprotocol/clientInfo": {"name": "test", "version": "0"},
                "io.modelcontextprotocol/clientCapabilities": {},
            },
        },
    }
    headers = {
        "accept": "application/json, text/event-stream",
        "mcp-protocol-version": MODERN,
        "mcp-method": "tools/call",
        "mcp-name": "meetings_list",
    }
    async with httpx2.AsyncClient(timeout=30) as http:
        response = await http.post(base_url + "/mcp", json=body, headers=headers)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


async def test_two_workers_share_the_port_their_state_and_sessions_and_stop_with_the_first_process(
    redis_server: RedisServer,
) -> None:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with running_sandbox() as sandbox:
        env = sandbox_environment(sandbox)
        env.pop(CONFIRM_KEYS_ENV, None)
        env.pop(WORKER_ENV, None)
        argv = [
            sys.executable,
            "-m",
            "zoom_mcp",
            "serve",
            "--transport",
            "http",
            "--workers",
            "2",
            "--tool-mode",
            "all",
        ]
        argv += ["--state-url", redis_server.url, "--confirm", "token"]
        process = subprocess.Popen([*argv, "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 30
            while _listening_sockets(port) < 2:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                assert time.monotonic() < deadline, "the worker never listened on the shared port"
                await anyio.sleep(0.1)
            for _ in range(12):
                answer = await _call(base_url)
                assert "result" in answer and not answer["result"].get("isError"), answer  # type: ignore[union-attr]
            # handshake-era sessions: every request on a new connection, so the kernel picks either process
            async with (
                spreading_client([port]) as http,
                Client(streamable_http_client(base_url + "/mcp", http_client=http), mode="legacy") as client,
            ):
                for _ in range(8):
                    result = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
                    assert not result.is_error, result
            sse = sse_client(base_url + "/sse", httpx_client_factory=spreading_factory([port]))
            async with Client(sse, mode="legacy") as client:
                for _ in range(8):
                    assert len((await client.list_tools()).tools) > 100
            async with spreading_client([port]) as http:  # whichever process answers counts every process
                for _ in range(4):
                    text = (await http.get(base_url + "/metrics")).text
                    assert 'zoom_mcp_tool_calls_total{tool="meetings_list",outcome="ok"} 12' in text
                    assert 'zoom_mcp_tool_calls_total{tool="meeting_get",outcome="ok"} 8' in text
                    forwarded = re.search(r'zoom_mcp_session_forwards_total\{result="forwarded"\} (\d+)', text)
                    assert forwarded is not None and int(forwarded.group(1)) > 0  # sessions crossed processes
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
            assert _listening_sockets(port) == 0  # the worker stopped with it
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
