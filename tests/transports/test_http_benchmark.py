"""The load benchmark's session driver, run small (3 sessions, half a second) against the demo server, and its
separate sandbox process."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import httpx2
import pytest

from zoom_mcp.metrics import Metrics
from zoom_mcp.transports.demo_server import DemoServer
from zoom_mcp.transports.http import running_http_server
from zoom_mcp.transports.settings import HttpSettings

pytestmark = pytest.mark.anyio

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "load_http.py"


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_http", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("load_http", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("era", ["legacy", "modern"])
async def test_benchmark_sessions_call_read_tools_and_report_latencies(era: str) -> None:
    benchmark = _load_benchmark()
    metrics = Metrics()
    demo = DemoServer(metrics)
    async with running_http_server(demo.server, HttpSettings(port=0), metrics=metrics) as running:
        result = await benchmark._run_sessions(running.mcp_url, 3, 0.5, era, "meetings_list", {}, {})
    assert result.failed_sessions == 0 and result.errors == 0
    assert result.calls > 3 and result.calls == demo.sent == metrics.call_count("meetings_list", "ok")
    assert 0 < result.percentile(0.5) <= result.percentile(0.99)


@pytest.mark.parametrize("era", ["legacy", "modern"])
async def test_open_loop_sends_the_scheduled_calls_and_measures_from_the_schedule(era: str) -> None:
    benchmark = _load_benchmark()
    metrics = Metrics()
    demo = DemoServer(metrics)
    async with running_http_server(demo.server, HttpSettings(port=0), metrics=metrics) as running:
        began = time.perf_counter()
        result = await benchmark._run_sessions(running.mcp_url, 3, 0.5, era, "meetings_list", {}, {}, rate=60.0)
        elapsed = time.perf_counter() - began
    # 60 calls/s over 3 sessions for 0.5 s: every session sends one call each 50 ms, 10 calls per session
    assert result.failed_sessions == 0 and result.errors == 0 and result.first_error == ""
    assert result.calls == 30 == demo.sent == len(result.send_lags)
    assert result.rate == 60.0 and elapsed >= 0.45  # paced by the schedule, not as fast as possible
    assert 0 < result.percentile(0.5) <= result.percentile(0.99)


def test_sandbox_process_prints_settings_that_reach_it() -> None:
    benchmark = _load_benchmark()
    with benchmark.sandbox_process() as sandbox:
        env = sandbox.server_environment()
        assert env["ZOOM_RATE_PLAN"] == "off" and env["ZOOM_ACCOUNT_ID"] == "sandbox-account"
        token = httpx2.post(
            env["ZOOM_OAUTH_URL"],
            params={"grant_type": "account_credentials", "account_id": env["ZOOM_ACCOUNT_ID"]},
            auth=(env["ZOOM_CLIENT_ID"], env["ZOOM_CLIENT_SECRET"]),
        ).json()["access_token"]
        answer = httpx2.get(
            env["ZOOM_API_BASE_URL"] + "/accounts/me/users/me/meetings", headers={"authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 200 and "meetings" in answer.json()
    assert sandbox.process.poll() is not None  # stopped with the block


def test_session_counts_are_parsed_and_checked() -> None:
    benchmark = _load_benchmark()
    assert benchmark._session_counts("10,100,500") == [10, 100, 500]
    with pytest.raises(Exception, match="positive numbers"):
        benchmark._session_counts("10,-1")
    assert benchmark._positive_rate("300") == 300.0
    with pytest.raises(Exception, match="positive number of calls per second"):
        benchmark._positive_rate("0")
