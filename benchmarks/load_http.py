"""Load benchmark for the hosted HTTP endpoint: N concurrent MCP sessions calling read tools.

For each session count it starts a fresh server process, opens N sessions over Streamable HTTP
(`--era legacy`: handshake-era sessions; `--era modern`: 2026-07-28 requests) and makes them call a read
tool for `--duration` seconds, then reports throughput, p50/p99 latency of `tools/call`, errors, CPU and
peak resident memory (VmHWM) of the server (and of the sandbox Zoom when it runs as its own process).

Two load models:

- closed loop (default): every session calls back to back; latency is from send to answer;
- open loop (`--rate CALLS_PER_SECOND`): the calls are scheduled at that total rate, spread evenly over the
  N sessions, and sent at their scheduled time whether or not earlier calls have answered; latency is
  measured from the *scheduled* time, so queueing in the server (or a late generator) shows in it.

    python benchmarks/load_http.py --sessions 10,100,500 --duration 10
    python benchmarks/load_http.py --sandbox-process --rate 300 --sessions 100 --era modern \\
        --server-cmd "zoom-mcp serve --transport http --stateless --port {port}" --arguments '{"userId": "me"}'

Without `--server-cmd` the server is `zoom_mcp.transports.demo_server` (no Zoom behind it) run by this script.
`--sandbox-process` starts `zoom-mcp sandbox --port 0` once and runs every server with the ZOOM_* settings it
prints (and ZOOM_RATE_PLAN=off), so the server's own cost is measured apart from the fake Zoom's.
See benchmarks/README.md for the figures and how to reproduce them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its helpers, also when a test loads it by path

from bench_processes import (
    SandboxProcess,
    cpu_seconds,
    peak_rss_mib,
    sandbox_process,
    stop_process,
)
from bench_sessions import CallTool, raw_session, sdk_session


@dataclass
class RunResult:
    sessions: int
    era: str
    connect_seconds: float
    duration: float
    rate: float | None = None
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)
    send_lags: list[float] = field(default_factory=list)
    errors: int = 0
    failed_sessions: int = 0
    failure: str = ""
    first_error: str = ""
    peak_rss_mib: float = 0.0
    server_cpu_seconds: float = float("nan")
    client_cpu_seconds: float = float("nan")
    sandbox_cpu_seconds: float = float("nan")
    sandbox_peak_rss_mib: float = float("nan")

    @property
    def calls(self) -> int:
        return len(self.latencies)

    def percentile(self, fraction: float) -> float:
        return _percentile(self.latencies, fraction)


SESSIONS_PER_POOL = 25


def _percentile(values: list[float], fraction: float) -> float:
    """The `fraction` quantile of `values` (seconds) in milliseconds; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start_server(
    command: str | None, port: int, max_sessions: int, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    if command:
        argv = shlex.split(command.format(port=port))
    else:
        argv = [sys.executable, __file__, "--serve-demo", "--port", str(port), "--max-sessions", str(max_sessions)]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(env or os.environ))


async def _wait_ready(base_url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    async with httpx2.AsyncClient() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with status {process.returncode} before it was ready")
            try:
                if (await http.get(base_url + "/readyz")).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            await anyio.sleep(0.1)
    raise RuntimeError(f"the server at {base_url} was not ready after {timeout:.0f} s")


async def _one_call(call: CallTool, tool: str, arguments: dict[str, Any], result: RunResult) -> bool:
    """One call; a failure is counted (and the first one kept for the report) instead of raised."""
    try:
        return await call(tool, arguments)
    except Exception as exc:
        result.errors += 1
        result.first_error = result.first_error or f"{type(exc).__name__}: {exc}"[:300]
        return False


async def _closed_loop(
    call: CallTool, tool: str, arguments: dict[str, Any], duration: float, result: RunResult
) -> None:
    """Call back to back until `duration` is over; latency from send to answer."""
    stop = time.monotonic() + duration
    while time.monotonic() < stop:
        began = time.perf_counter()
        if await _one_call(call, tool, arguments, result):
            result.latencies.append(time.perf_counter() - began)


async def _open_loop(
    call: CallTool,
    tool: str,
    arguments: dict[str, Any],
    *,
    start: float,
    offset: float,
    interval: float,
    duration: float,
    result: RunResult,
) -> None:
    """Send a call every `interval` seconds from `start + offset` for `duration` seconds, without waiting for
    earlier answers; latency from the scheduled time (queueing and a late generator both count)."""

    async def one(scheduled: float) -> None:
        result.send_lags.append(time.perf_counter() - scheduled)
        if await _one_call(call, tool, arguments, result):
            result.latencies.append(time.perf_counter() - scheduled)

    async with anyio.create_task_group() as calls:
        index = 0
        while (scheduled := start + offset + index * interval) < start + duration:
            delay = scheduled - time.perf_counter()
            if delay > 0:
                await anyio.sleep(delay)
            calls.start_soon(one, scheduled)
            index += 1


async def _run_sessions(
    url: str,
    sessions: int,
    duration: float,
    era: str,
    tool: str,
    arguments: dict[str, Any],
    headers: dict[str, str],
    server_pid: int | None = None,
    client: str = "raw",
    rate: float | None = None,
) -> RunResult:
    """Open `sessions` sessions on `url`, then run the calls phase: closed loop, or open loop at `rate` calls/s."""
    open_session = raw_session if client == "raw" else sdk_session
    result = RunResult(sessions=sessions, era=era, connect_seconds=0.0, duration=duration, rate=rate)
    # httpcore scans its whole pool for every request: small pools keep the generator from becoming the bottleneck
    pools = -(-sessions // SESSIONS_PER_POOL)
    per_pool = 2 * SESSIONS_PER_POOL + 20
    if rate is not None:  # open loop: a session may have several calls in flight when the server falls behind
        per_pool = max(per_pool, 4 * SESSIONS_PER_POOL + 20)
    limits = httpx2.Limits(max_connections=per_pool, max_keepalive_connections=per_pool)
    timeout = httpx2.Timeout(60.0, read=300.0)
    connected = anyio.Event()
    ready = 0
    start_calls = anyio.Event()
    calls_start = 0.0

    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(httpx2.AsyncClient(limits=limits, timeout=timeout, headers=headers))
            for _ in range(pools)
        ]

        async def session(index: int) -> None:
            nonlocal ready
            try:
                async with open_session(clients[index % pools], url, era) as call:
                    ready += 1
                    if ready + result.failed_sessions == sessions:
                        connected.set()
                    await start_calls.wait()
                    if rate is None:
                        await _closed_loop(call, tool, arguments, duration, result)
                    else:
                        await _open_loop(
                            call,
                            tool,
                            arguments,
                            start=calls_start,
                            offset=index / rate,
                            interval=sessions / rate,
                            duration=duration,
                            result=result,
                        )
            except Exception as exc:
                result.failed_sessions += 1
                result.failure = result.failure or f"{type(exc).__name__}: {exc}"[:200]
                if ready + result.failed_sessions == sessions:
                    connected.set()

        began = time.monotonic()
        async with anyio.create_task_group() as tg:
            for index in range(sessions):
                tg.start_soon(session, index)
            await connected.wait()
            result.connect_seconds = time.monotonic() - began
            cpu_before = cpu_seconds(server_pid) if server_pid else float("nan")
            client_cpu_before = time.process_time()
            calls_began = time.monotonic()
            calls_start = time.perf_counter() + 0.05
            start_calls.set()
        result.elapsed = time.monotonic() - calls_began
        result.client_cpu_seconds = time.process_time() - client_cpu_before
        if server_pid:
            result.server_cpu_seconds = cpu_seconds(server_pid) - cpu_before
    return result


async def _benchmark(args: argparse.Namespace, sandbox: SandboxProcess | None) -> list[RunResult]:
    results: list[RunResult] = []
    arguments = json.loads(args.arguments)
    headers = {"authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    env = sandbox.server_environment() if sandbox else None
    for sessions in args.sessions:
        port = _free_port()
        process = _start_server(args.server_cmd, port, max(sessions * 2, 1000), env)
        base_url = f"http://127.0.0.1:{port}"
        try:
            await _wait_ready(base_url, process)
            sandbox_cpu_before = cpu_seconds(sandbox.process.pid) if sandbox else float("nan")
            result = await _run_sessions(
                base_url + "/mcp",
                sessions,
                args.duration,
                args.era,
                args.tool,
                arguments,
                headers,
                process.pid,
                args.client,
                args.rate,
            )
            result.peak_rss_mib = peak_rss_mib(process.pid)
            if sandbox:
                result.sandbox_cpu_seconds = cpu_seconds(sandbox.process.pid) - sandbox_cpu_before
                result.sandbox_peak_rss_mib = peak_rss_mib(sandbox.process.pid)
            results.append(result)
            _print_row(result)
        finally:
            stop_process(process)
    return results


HEADER = (
    "| sessions | era | load | calls | errors | failed sessions | connect (s) | calls phase (s) | throughput (calls/s) "
    "| p50 (ms) | p99 (ms) | server CPU (% of a core) | sandbox CPU (% of a core) | load generator CPU (% of a core) "
    "| server peak RSS (MiB) |"
)


def _print_row(result: RunResult) -> None:
    # Calls finish after `duration` when the server is slow: divide by the time the calls actually took.
    elapsed = result.elapsed or result.duration
    throughput = result.calls / elapsed
    load = "closed" if result.rate is None else f"open {result.rate:g}/s"
    sandbox_cpu = "—" if math.isnan(result.sandbox_cpu_seconds) else f"{100 * result.sandbox_cpu_seconds / elapsed:.0f}"
    print(
        f"| {result.sessions} | {result.era} | {load} | {result.calls} | {result.errors} | {result.failed_sessions} "
        f"| {result.connect_seconds:.2f} | {elapsed:.1f} | {throughput:.0f} | {result.percentile(0.50):.1f} "
        f"| {result.percentile(0.99):.1f} | {100 * result.server_cpu_seconds / elapsed:.0f} | {sandbox_cpu} "
        f"| {100 * result.client_cpu_seconds / elapsed:.0f} "
        f"| {result.peak_rss_mib:.0f} |",
        flush=True,
    )
    if result.send_lags:
        print(
            f"#   generator send lag p50 {_percentile(result.send_lags, 0.5):.1f} ms, "
            f"p99 {_percentile(result.send_lags, 0.99):.1f} ms (included in the latencies)",
            flush=True,
        )
    if not math.isnan(result.sandbox_peak_rss_mib):
        print(f"#   sandbox process peak RSS {result.sandbox_peak_rss_mib:.0f} MiB", flush=True)
    if result.failure:
        print(f"#   first session failure: {result.failure}", flush=True)
    if result.first_error:
        print(f"#   first failed call: {result.first_error}", flush=True)


def _serve_demo(port: int, max_sessions: int) -> None:
    from zoom_mcp.metrics import Metrics
    from zoom_mcp.transports.demo_server import DemoServer
    from zoom_mcp.transports.http import serve_http
    from zoom_mcp.transports.settings import HttpSettings

    metrics = Metrics()
    demo = DemoServer(metrics)
    settings = HttpSettings(port=port, max_sessions=max_sessions, graceful_shutdown_seconds=5)
    anyio.run(lambda: serve_http(demo.server, settings, metrics=metrics, log_level="warning"))


def _session_counts(value: str) -> list[int]:
    counts = [int(part) for part in value.split(",") if part.strip()]
    if not counts or any(count <= 0 for count in counts):
        raise argparse.ArgumentTypeError("--sessions takes positive numbers separated by commas, e.g. 10,100,500")
    return counts


def _positive_rate(value: str) -> float:
    rate = float(value)
    if not rate > 0:
        raise argparse.ArgumentTypeError("--rate takes a positive number of calls per second, e.g. 300")
    return rate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=_session_counts, default=[10, 100, 500], help="e.g. 10,100,500")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of calls per session count")
    parser.add_argument("--era", choices=["legacy", "modern"], default="legacy")
    parser.add_argument(
        "--rate",
        type=_positive_rate,
        default=None,
        metavar="CALLS_PER_SECOND",
        help="open loop: total calls per second spread over the sessions (default: closed loop, back to back)",
    )
    parser.add_argument(
        "--client",
        choices=["raw", "sdk"],
        default="raw",
        help="raw: Streamable HTTP spoken directly (measures the server); sdk: the SDK's Client (heavier)",
    )
    parser.add_argument("--tool", default="meetings_list", help="a read tool to call")
    parser.add_argument("--arguments", default="{}", help="JSON arguments of the tool")
    parser.add_argument("--server-cmd", default=None, help="command starting the server; {port} is replaced")
    parser.add_argument(
        "--sandbox-process",
        action="store_true",
        help="run `zoom-mcp sandbox` as its own process and point the server at it (ZOOM_* + ZOOM_RATE_PLAN=off)",
    )
    parser.add_argument("--api-key", default=os.environ.get("ZOOM_MCP_BENCH_API_KEY"), help="sent as a bearer key")
    parser.add_argument("--serve-demo", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--max-sessions", type=int, default=1000, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_demo:
        _serve_demo(args.port, args.max_sessions)
        return 0
    server = args.server_cmd or "demo server (no Zoom)"
    load = "closed loop" if args.rate is None else f"open loop at {args.rate:g} calls/s"
    zoom = "; sandbox Zoom in its own process" if args.sandbox_process else ""
    print(
        f"# {args.duration:g} s of `{args.tool}` calls per row, {args.era} era, {args.client} client, {load}; "
        f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} at start; {server}{zoom}"
    )
    print(HEADER)
    print("|" + "---|" * (HEADER.count("|") - 1))
    with sandbox_process() if args.sandbox_process else _no_sandbox() as sandbox:
        results = anyio.run(_benchmark, args, sandbox)
    failed = sum(result.failed_sessions for result in results)
    if failed:
        print(f"# {failed} session(s) failed to connect", file=sys.stderr)
    return 1 if failed else 0


@contextmanager
def _no_sandbox() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    sys.exit(main())
