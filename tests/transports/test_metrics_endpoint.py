"""Who may read /metrics: a credential on the MCP port, or a separate listener; no caller names in it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx2
import pytest
from mcp_http_client import mcp_client

from zoom_mcp.auth.api_keys import hash_api_key
from zoom_mcp.metrics import Metrics
from zoom_mcp.transports.demo_server import DemoServer
from zoom_mcp.transports.http import RunningHttpServer, running_http_server
from zoom_mcp.transports.settings import HttpConfigError, HttpSettings, check_http_settings

pytestmark = pytest.mark.anyio
KEY = "zmcp_metrics-test-key-0123456789"
TOKEN = "scraper-token-0123456789abcdef"


@asynccontextmanager
async def serving(settings: HttpSettings) -> AsyncIterator[tuple[RunningHttpServer, Metrics]]:
    metrics = Metrics()
    demo = DemoServer(metrics)
    async with running_http_server(demo.server, settings, metrics=metrics) as running:
        yield running, metrics


def keys(tmp_path: Path) -> Path:
    path = tmp_path / "keys.yaml"
    path.write_text(f"keys:\n  - {{name: team-bot-alice, key_sha256: {hash_api_key(KEY)}, policy: {{}}}}\n")
    return path


async def test_without_authentication_or_token_a_loopback_server_keeps_metrics_open() -> None:
    async with serving(HttpSettings(port=0)) as (running, _), httpx2.AsyncClient(base_url=running.base_url) as http:
        assert (await http.get("/metrics")).status_code == 200


async def test_a_metrics_token_is_required_when_set() -> None:
    settings = HttpSettings(port=0, metrics_token=TOKEN)
    async with serving(settings) as (running, _), httpx2.AsyncClient(base_url=running.base_url) as http:
        missing = await http.get("/metrics")
        wrong = await http.get("/metrics", headers={"authorization": "Bearer nope"})
        right = await http.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert missing.status_code == wrong.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer") and "ZOOM_MCP_METRICS_TOKEN" in missing.text
    assert right.status_code == 200 and "zoom_mcp_tool_calls_total" in right.text


async def test_with_api_keys_an_outsider_gets_401_and_the_exposition_names_no_caller(tmp_path: Path) -> None:
    settings = HttpSettings(port=0, api_keys_file=keys(tmp_path), metrics_token=TOKEN)
    async with serving(settings) as (running, metrics):
        async with mcp_client(running.mcp_url, {"x-api-key": KEY}, mode="legacy") as client:
            await client.call_tool("meetings_list", {})
            await client.call_tool("team-bot-alice-made-up-tool", {})
        async with httpx2.AsyncClient(base_url=running.base_url) as http:
            outsider = await http.get("/metrics")
            by_key = await http.get("/metrics", headers={"x-api-key": KEY})
            by_token = await http.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert outsider.status_code == 401 and "zoom_mcp" not in outsider.text
    assert by_key.status_code == by_token.status_code == 200
    assert 'zoom_mcp_tool_calls_total{tool="meetings_list",outcome="ok"} 1' in by_token.text
    assert 'tool="unknown"' in by_token.text  # an invented tool name makes no series of its own
    assert "alice" not in by_token.text and KEY not in by_token.text
    assert metrics.call_count("meetings_list", "ok") == 1


async def test_metrics_listen_serves_metrics_apart_and_not_on_the_mcp_port() -> None:
    settings = HttpSettings(port=0, metrics_listen="127.0.0.1:0", metrics_token=TOKEN)
    async with serving(settings) as (running, _):
        assert running.metrics_port is not None
        async with httpx2.AsyncClient() as http:
            on_mcp_port = await http.get(running.base_url + "/metrics", headers={"authorization": f"Bearer {TOKEN}"})
            apart = await http.get(f"http://127.0.0.1:{running.metrics_port}/metrics")
    assert on_mcp_port.status_code == 404
    assert apart.status_code == 200 and "zoom_mcp_http_sessions" in apart.text


def test_metrics_listen_must_be_host_and_port() -> None:
    with pytest.raises(HttpConfigError, match="HOST:PORT"):
        check_http_settings(HttpSettings(metrics_listen="9100"))
