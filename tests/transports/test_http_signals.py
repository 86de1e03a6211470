"""`serve_http` in its own process: SIGTERM lets the calls in flight (Streamable HTTP and SSE) finish, then exits 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.sse import sse_client

pytestmark = pytest.mark.anyio

SERVER_CODE = """
import sys, anyio
from zoom_mcp.metrics import Metrics
from zoom_mcp.transports.demo_server import DemoServer
from zoom_mcp.transports.http import serve_http
from zoom_mcp.transports.settings import HttpSettings
demo = DemoServer(Metrics())
settings = HttpSettings(port=int(sys.argv[1]), graceful_shutdown_seconds=10)
anyio.run(lambda: serve_http(demo.server, settings, log_level="warning"))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _wait_ready(base_url: str) -> None:
    async with httpx2.AsyncClient() as http:
        for _ in range(200):
            try:
                if (await http.get(base_url + "/readyz")).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            await anyio.sleep(0.05)
    raise AssertionError("the server did not become ready")


async def _wait_for_calls_in_flight(base_url: str, count: int) -> None:
    async with httpx2.AsyncClient() as http:
        for _ in range(200):
            if f"zoom_mcp_tool_calls_in_flight {count}" in (await http.get(base_url + "/metrics")).text:
                return
            await anyio.sleep(0.02)
    raise AssertionError(f"{count} calls never were in flight together")


async def test_sigterm_drains_calls_in_flight_then_exits_cleanly() -> None:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-c", SERVER_CODE, str(port)], env={**os.environ})
    results: dict[str, Any] = {}
    try:
        await _wait_ready(base_url)

        async def over_mcp() -> None:
            async with Client(base_url + "/mcp", mode="legacy") as client:
                await client.list_tools()  # the client checks results against listed schemas: list before
                results["mcp"] = await client.call_tool("slow_echo", {"seconds": 2.0, "text": "mcp"})

        async def over_sse() -> None:
            async with Client(sse_client(base_url + "/sse"), mode="legacy") as client:
                await client.list_tools()
                results["sse"] = await client.call_tool("slow_echo", {"seconds": 2.0, "text": "sse"})

        async with anyio.create_task_group() as tg:
            tg.start_soon(over_mcp)
            tg.start_soon(over_sse)
            await _wait_for_calls_in_flight(base_url, 2)
            sent_at = time.monotonic()
            process.send_signal(signal.SIGTERM)
        code = await anyio.to_thread.run_sync(lambda: process.wait(timeout=15))
        finished_after = time.monotonic() - sent_at
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert results["mcp"].content[0].text == "mcp" and not results["mcp"].is_error
    assert results["sse"].content[0].text == "sse" and not results["sse"].is_error
    assert code == 0
    assert finished_after < 6
