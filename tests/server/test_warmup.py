"""`Warmup`: the start-up jobs run once, in a background thread, after the first answered request and a
quiet spell; a failing job is left to its first use. Events, not sleeps, say when something ran."""

from __future__ import annotations

import logging
import threading

import anyio
import pytest
from mcp import Client
from mcp.server import Server
from mcp_types import ListToolsResult

from zoom_mcp.metrics import Metrics
from zoom_mcp.server.warmup import Warmup, import_modules
from zoom_mcp.zoom_client import ZoomClient, ZoomSettings

pytestmark = pytest.mark.anyio


def test_start_runs_every_job_once_in_a_thread_and_a_failure_does_not_stop_the_rest(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ran: list[str] = []
    threads: set[str] = set()

    def failing() -> None:
        raise OSError("no disk")

    def job() -> None:
        ran.append("job")
        threads.add(threading.current_thread().name)

    warmup = Warmup()
    warmup.add(failing)
    warmup.add(job)
    warmup.add(import_modules("json"))
    with caplog.at_level(logging.DEBUG, logger="zoom_mcp.server.warmup"):
        warmup.start()
        warmup.start()
        warmup.close()
    assert ran == ["job"]
    assert threads == {"zoom-mcp-warmup"}
    assert "failed; it will run at first use" in caplog.text and "no disk" in caplog.text


def test_a_closed_warmup_never_starts() -> None:
    ran = threading.Event()
    warmup = Warmup()
    warmup.add(ran.set)
    warmup.close()
    warmup.start()
    assert not ran.is_set() and not warmup.started


async def test_it_starts_after_the_first_answer_and_leaves_the_middleware_chain() -> None:
    ran = threading.Event()
    warmup = Warmup(quiet_seconds=0.01)
    warmup.add(ran.set)

    async def on_list_tools(ctx: object, params: object) -> ListToolsResult:
        return ListToolsResult(tools=[])

    server: Server[object] = Server("warmup-test", on_list_tools=on_list_tools)
    warmup.install(server)
    assert warmup in server.middleware and not warmup.started
    async with Client(server) as client:
        await client.list_tools()
        with anyio.fail_after(30):
            while not ran.is_set():
                await anyio.to_thread.run_sync(ran.wait, 0.5)
        assert warmup not in server.middleware
        assert (await client.list_tools()).tools == []  # the server goes on without it
    warmup.close()


def test_a_deferred_metrics_builds_its_series_at_first_use() -> None:
    metrics = Metrics(deferred=True)
    assert "registry" not in vars(metrics)
    metrics.record_call("meeting_get", "ok")
    assert metrics.call_count("meeting_get", "ok") == 1
    assert "zoom_mcp_tool_calls_total" in metrics.render()
    with pytest.raises(AttributeError):
        _ = metrics.no_such_series  # type: ignore[attr-defined]


async def test_the_zoom_client_makes_its_pool_at_first_use_and_not_after_closing() -> None:
    client = ZoomClient(ZoomSettings.from_env({"ZOOM_ACCESS_TOKEN": "t", "ZOOM_API_BASE_URL": "http://127.0.0.1:9/v2"}))
    async with client:
        assert client._http_client is None
        first = client.http
        assert client.http is first
    closed = ZoomClient(ZoomSettings.from_env({"ZOOM_ACCESS_TOKEN": "t"}))
    await closed.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        _ = closed.http
