"""Host and Origin are matched exactly: the prefix tricks of an attack run are refused; `name:*` means any port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx2
import pytest
from mcp_http_client import INIT_BODY, MCP_HEADERS

from zoom_mcp.metrics import Metrics
from zoom_mcp.transports.demo_server import DemoServer
from zoom_mcp.transports.host_check import host_allowed, origin_allowed, parse_host
from zoom_mcp.transports.http import RunningHttpServer, running_http_server
from zoom_mcp.transports.settings import HttpSettings

pytestmark = pytest.mark.anyio

LOOPBACK_PATTERNS = ["127.0.0.1", "localhost", "[::1]", "127.0.0.1:*", "localhost:*", "[::1]:*"]


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:1@evil.example",
        "127.0.0.1:8000.evil.example",
        "127.0.0.1:80/evil",
        "127.0.0.1:99999",
        "127.0.0.1:",
        "127.0.0.1:8000 evil",
        "evil.example",
        "127.0.0.1.evil.example:80",
        "localhost:80:80",
        "",
    ],
)
def test_hosts_that_only_begin_like_an_allowed_one_are_refused(host: str) -> None:
    assert not host_allowed(host, LOOPBACK_PATTERNS)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "LOCALHOST:5", "[::1]:443", "localhost"])
def test_allowed_hosts_with_and_without_a_port(host: str) -> None:
    assert host_allowed(host, LOOPBACK_PATTERNS)


def test_a_pattern_port_is_exact_and_star_means_any_port() -> None:
    assert host_allowed("mcp.example.com:8443", ["mcp.example.com:8443"])
    assert not host_allowed("mcp.example.com:8444", ["mcp.example.com:8443"])
    assert not host_allowed("mcp.example.com:8443", ["mcp.example.com"])
    assert host_allowed("mcp.example.com:1", ["mcp.example.com:*"])
    assert not host_allowed("mcp.example.com", ["mcp.example.com:*"])
    assert parse_host("Mcp.Example.com:08") is not None


@pytest.mark.parametrize(
    "origin",
    [
        "http://127.0.0.1:8000@evil.example",
        "http://127.0.0.1:8000.evil.example",
        "http://127.0.0.1:8000/path",
        "http://user@127.0.0.1:8000",
        "ftp://127.0.0.1:8000",
        "null",
        "http://evil.example",
        "",
    ],
)
def test_origins_that_only_begin_like_an_allowed_one_are_refused(origin: str) -> None:
    assert not origin_allowed(origin, ["http://127.0.0.1:*", "http://127.0.0.1", "https://localhost:*"])


def test_allowed_origins_and_an_absent_origin() -> None:
    patterns = ["http://127.0.0.1:*", "https://app.example.com"]
    assert origin_allowed(None, patterns)
    assert origin_allowed("http://127.0.0.1:8000", patterns)
    assert origin_allowed("HTTPS://App.Example.com", patterns)
    assert not origin_allowed("http://app.example.com", patterns)
    assert not origin_allowed("https://app.example.com:8443", patterns)


@asynccontextmanager
async def serving(**settings: Any) -> AsyncIterator[tuple[RunningHttpServer, DemoServer]]:
    metrics = Metrics()
    demo = DemoServer(metrics)
    async with running_http_server(demo.server, HttpSettings(port=0, **settings), metrics=metrics) as running:
        yield running, demo


async def test_the_attack_run_headers_are_refused_by_the_endpoint() -> None:
    async with serving() as (running, demo), httpx2.AsyncClient(base_url=running.base_url) as http:
        port = running.settings.port
        bad_host = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "host": "127.0.0.1:1@evil.example"})
        bad_origin = await http.post(
            "/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "origin": f"http://127.0.0.1:{port}@evil.example"}
        )
        sse_host = await http.get("/sse", headers={"host": "127.0.0.1:1@evil.example"})
        good = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "origin": f"http://127.0.0.1:{port}"})
    assert (bad_host.status_code, bad_origin.status_code, sse_host.status_code) == (421, 403, 421)
    assert good.status_code == 200
    assert demo.sent == 0


async def test_allowed_hosts_name_star_means_any_port() -> None:
    async with (
        serving(allowed_hosts=("mcp.example.com:*",), allowed_origins=("https://mcp.example.com",)) as (running, _),
        httpx2.AsyncClient(base_url=running.base_url) as http,
    ):
        any_port = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "host": "mcp.example.com:4711"})
        tricked = await http.post(
            "/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "host": "mcp.example.com:4711@evil.example"}
        )
        origin = await http.post(
            "/mcp",
            json=INIT_BODY,
            headers={**MCP_HEADERS, "host": "mcp.example.com:1", "origin": "https://mcp.example.com.evil.example"},
        )
    assert any_port.status_code == 200
    assert tricked.status_code == 421
    assert origin.status_code == 403
