"""The load benchmark's session driver, run small (3 sessions, half a second) against the demo server."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from zoom_mcp.metrics import Metrics
from zoom_mcp.transports.demo_server import DemoServer
from zoom_mcp.transports.http import running_http_server
from zoom_mcp.transports.settings import HttpSettings

pytestmark = pytest.mark.anyio

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "load_http.py"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


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


def test_session_counts_are_parsed_and_checked() -> None:
    benchmark = _load_benchmark()
    assert benchmark._session_counts("10,100,500") == [10, 100, 500]
    with pytest.raises(Exception, match="positive numbers"):
        benchmark._session_counts("10,-1")
