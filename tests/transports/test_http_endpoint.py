"""The HTTP endpoint on loopback with the SDK's clients: both eras on /mcp, SSE, limits, health, shutdown."""

from __future__ import annotations

import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from mcp_http_client import INIT_BODY, MCP_HEADERS
from mcp_types import ElicitRequestParams, ElicitResult
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSIONS

from zoom_mcp.metrics import Metrics
from zoom_mcp.transports.demo_server import DemoServer
from zoom_mcp.transports.http import RunningHttpServer, build_http_app, running_http_server
from zoom_mcp.transports.settings import HttpConfigError, HttpSettings

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def serving(**settings: Any) -> AsyncIterator[tuple[RunningHttpServer, DemoServer, Metrics]]:
    metrics = Metrics()
    demo = DemoServer(metrics)
    async with running_http_server(demo.server, HttpSettings(port=0, **settings), metrics=metrics) as running:
        yield running, demo, metrics


async def _accept(context: Any, params: ElicitRequestParams) -> ElicitResult:
    return ElicitResult(action="accept", content={"confirm": True})


async def _decline(context: Any, params: ElicitRequestParams) -> ElicitResult:
    return ElicitResult(action="decline")


@pytest.mark.parametrize("stateless", [False, True])
async def test_mcp_endpoint_serves_both_protocol_eras(stateless: bool) -> None:
    async with serving(stateless=stateless) as (running, demo, _):
        async with Client(running.mcp_url, mode="legacy") as legacy:
            assert legacy.protocol_version in HANDSHAKE_PROTOCOL_VERSIONS
            names = [tool.name for tool in (await legacy.list_tools()).tools]
            result = await legacy.call_tool("meeting_get", {"meetingId": "85746065"})
        async with Client(running.mcp_url) as modern:  # mode="auto" probes server/discover over HTTP
            assert modern.protocol_version in MODERN_PROTOCOL_VERSIONS
            modern_result = await modern.call_tool("meetings_list", {})
    assert "meeting_delete" in names and "meetings_list" in names
    assert result.structured_content == {"id": "85746065", "topic": "Demo"}
    assert modern_result.structured_content is not None and modern_result.structured_content["total_records"] == 1
    assert demo.sent == 2


async def test_sse_endpoint_serves_tools() -> None:
    async with serving() as (running, demo, _), Client(sse_client(running.sse_url), mode="legacy") as client:
        names = [tool.name for tool in (await client.list_tools()).tools]
        result = await client.call_tool("whoami", {})
    assert "whoami" in names
    assert result.structured_content == {"caller": "local", "policy": "default"}
    assert demo.sent == 1


@pytest.mark.parametrize("transport", ["mcp", "sse"])
async def test_confirmation_by_elicitation_works_over_each_handshake_transport(transport: str) -> None:
    async with serving() as (running, demo, metrics):
        source: Any = running.mcp_url if transport == "mcp" else sse_client(running.sse_url)
        async with Client(source, mode="legacy", elicitation_callback=_decline) as client:
            declined = await client.call_tool("meeting_delete", {"meetingId": "1"})
        source = running.mcp_url if transport == "mcp" else sse_client(running.sse_url)
        async with Client(source, mode="legacy", elicitation_callback=_accept) as client:
            accepted = await client.call_tool("meeting_delete", {"meetingId": "2"})
    assert declined.is_error and not accepted.is_error
    assert demo.deleted == ["2"]
    assert metrics.confirmation_count("asked") == 2
    assert metrics.confirmation_count("given") == 1
    assert metrics.confirmation_count("declined") == 1


async def test_confirmation_in_the_modern_era_uses_input_required() -> None:
    async with serving() as (running, demo, metrics), Client(running.mcp_url, elicitation_callback=_accept) as client:
        assert client.protocol_version in MODERN_PROTOCOL_VERSIONS
        result = await client.call_tool("meeting_delete", {"meetingId": "3"})
    assert not result.is_error
    assert demo.deleted == ["3"]
    assert metrics.confirmation_count("given") == 1


async def test_health_readiness_and_metrics_endpoints() -> None:
    async with serving() as (running, _, metrics):
        async with Client(running.mcp_url, mode="legacy") as client:
            await client.call_tool("meetings_list", {})
            await client.call_tool("meetings_list", {})
        async with httpx2.AsyncClient(base_url=running.base_url) as http:
            health = await http.get("/healthz")
            ready = await http.get("/readyz")
            exposition = await http.get("/metrics")
    assert health.status_code == 200 and ready.status_code == 200
    assert exposition.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert 'zoom_mcp_tool_calls_total{tool="meetings_list",outcome="ok"} 2' in exposition.text
    assert "zoom_mcp_zoom_request_duration_seconds_count 2" in exposition.text
    assert metrics.call_count("meetings_list", "ok") == 2


@pytest.mark.parametrize(
    ("headers", "status"),
    [({"host": "evil.example:80"}, 421), ({"origin": "http://evil.example"}, 403)],
)
async def test_host_and_origin_outside_the_allowed_lists_are_refused(headers: dict[str, str], status: int) -> None:
    async with serving() as (running, demo, _), httpx2.AsyncClient(base_url=running.base_url) as http:
        mcp = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, **headers})
        sse = await http.get("/sse", headers=headers)
        exposition = await http.get("/metrics", headers=headers)
        allowed = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "origin": "http://localhost:5"})
    assert mcp.status_code == status and sse.status_code == status
    assert exposition.status_code == 200  # probes and scrapers use the server's IP address as Host
    assert allowed.status_code == 200
    assert demo.sent == 0


async def test_configured_allowed_hosts_replace_the_loopback_defaults() -> None:
    async with (
        serving(allowed_hosts=("mcp.example.com",)) as (running, _, _metrics),
        httpx2.AsyncClient(base_url=running.base_url) as http,
    ):
        loopback = await http.post("/mcp", json=INIT_BODY, headers=MCP_HEADERS)
        named = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "host": "mcp.example.com"})
    assert loopback.status_code == 421
    assert named.status_code == 200


async def test_request_body_over_the_limit_gets_413() -> None:
    big = {**INIT_BODY, "params": {**INIT_BODY["params"], "padding": "x" * 4096}}
    async with (
        serving(max_body_bytes=2048) as (running, _, _metrics),
        httpx2.AsyncClient(base_url=running.base_url) as http,
    ):
        refused = await http.post("/mcp", json=big, headers=MCP_HEADERS)
        accepted = await http.post("/mcp", json=INIT_BODY, headers=MCP_HEADERS)
    assert refused.status_code == 413
    assert accepted.status_code == 200


async def test_sessions_beyond_the_cap_get_503() -> None:
    async with serving(max_sessions=1) as (running, _, metrics):
        async with Client(running.mcp_url, mode="legacy") as first:
            await first.list_tools()
            async with httpx2.AsyncClient(base_url=running.base_url) as http:
                second = await http.post("/mcp", json=INIT_BODY, headers=MCP_HEADERS)
            assert 'zoom_mcp_http_sessions{transport="streamable_http"} 1' in metrics.render()
        async with Client(sse_client(running.sse_url), mode="legacy") as sse_first:
            await sse_first.list_tools()
            async with httpx2.AsyncClient(base_url=running.base_url) as http:
                sse_second = await http.get("/sse")
    assert second.status_code == 503
    assert sse_second.status_code == 503


async def test_graceful_shutdown_finishes_the_call_in_flight_and_refuses_new_ones() -> None:
    metrics = Metrics()
    demo = DemoServer(metrics)
    results: dict[str, Any] = {}
    settings = HttpSettings(port=0, stateless=True)
    async with (
        running_http_server(demo.server, settings, metrics=metrics) as running,
        create_mcp_http_client() as http_client,
    ):

        async def slow_call() -> None:
            async with Client(streamable_http_client(running.mcp_url, http_client=http_client)) as client:
                await client.list_tools()  # the client validates results against schemas it has listed
                results["slow"] = await client.call_tool("slow_echo", {"seconds": 2.0, "text": "done"})

        async with anyio.create_task_group() as tg:
            tg.start_soon(slow_call)
            with anyio.fail_after(5):
                while running.state.limiter.in_flight == 0:
                    await anyio.sleep(0.02)
            running.request_shutdown()
            async with httpx2.AsyncClient(base_url=running.base_url) as http:
                results["ready"] = (await http.get("/readyz")).status_code
            async with Client(running.mcp_url) as late:
                results["late"] = await late.call_tool("meetings_list", {})
    assert results["slow"].is_error is False
    assert results["slow"].content[0].text == "done"
    assert results["ready"] == 503
    assert results["late"].is_error is True and "shutting down" in results["late"].content[0].text
    assert running.uvicorn_server.should_exit


def test_listening_beyond_loopback_without_authentication_is_refused() -> None:
    demo = DemoServer(Metrics())
    with pytest.raises(HttpConfigError, match="without authentication"):
        build_http_app(demo.server, HttpSettings(host="0.0.0.0", allowed_hosts=("x",)), metrics=Metrics())
    with pytest.raises(HttpConfigError, match="without authentication"):
        build_http_app(demo.server, HttpSettings(host="192.0.2.10"), metrics=Metrics())


async def test_sequential_calls_are_not_held_back_by_nagle_and_delayed_acks() -> None:
    # Without TCP_NODELAY on accepted sockets every response waits ~40 ms for the client's delayed ACK.
    durations = []
    async with (
        serving(stateless=True, json_response=True) as (running, _, _metrics),
        httpx2.AsyncClient(base_url=running.base_url) as http,
    ):
        for _ in range(15):
            began = time.perf_counter()
            answer = await http.post("/mcp", json=INIT_BODY, headers=MCP_HEADERS)
            durations.append(time.perf_counter() - began)
            assert answer.status_code == 200
    assert statistics.median(durations) < 0.030
