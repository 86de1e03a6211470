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
import re
import shlex
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

import anyio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client


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


def _process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (Linux /proc), so that worker processes are measured too."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(children.get(current, []))
    return tree


def _peak_rss_mib(pid: int) -> float:
    """Sum of the peak resident memory (VmHWM) of `pid` and its descendants, in MiB."""
    total = 0.0
    for member in _process_tree(pid):
        try:
            with open(f"/proc/{member}/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total or float("nan")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` and its descendants so far (Linux /proc), or NaN."""
    total, found = 0.0, False
    for member in _process_tree(pid):
        try:
            with open(f"/proc/{member}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            found = True
        except (OSError, ValueError, IndexError):
            continue
    return total if found else float("nan")


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


SANDBOX_VARIABLE = re.compile(r"^\s*(ZOOM_[A-Z_]+)=(\S+)")


def read_sandbox_variables(stream: IO[str], timeout: float = 30.0) -> dict[str, str]:
    """The ZOOM_* settings `zoom-mcp sandbox` prints on stderr (up to its "Press Ctrl+C" line)."""
    variables: dict[str, str] = {}
    deadline = time.monotonic() + timeout
    for line in stream:
        match = SANDBOX_VARIABLE.match(line)
        if match and not line.lstrip().startswith("or "):
            variables[match.group(1)] = match.group(2)
        if line.startswith("Press Ctrl+C") or time.monotonic() > deadline:
            break
    missing = {"ZOOM_API_BASE_URL", "ZOOM_OAUTH_URL", "ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"}
    missing -= set(variables)
    if missing:
        raise RuntimeError(f"`zoom-mcp sandbox` did not print {', '.join(sorted(missing))}; is zoom-mcp installed?")
    return variables


@dataclass
class SandboxProcess:
    """`zoom-mcp sandbox` running as its own process, and the environment that points a server at it."""

    process: subprocess.Popen[str]
    variables: dict[str, str]

    def server_environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("ZOOM_")}
        env.update(self.variables)
        env["ZOOM_RATE_PLAN"] = "off"  # the sandbox enforces its own limits; measure the server, not our pacing
        return env


@contextmanager
def sandbox_process() -> Iterator[SandboxProcess]:
    """Start `zoom-mcp sandbox --port 0 --account-type master` (the account the published figures were measured
    on) and stop it when the block ends."""
    argv = [sys.executable, "-m", "zoom_mcp", "sandbox", "--port", "0", "--account-type", "master"]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        variables = read_sandbox_variables(process.stderr)
        # keep reading its stderr so that a chatty sandbox never blocks on a full pipe
        threading.Thread(target=process.stderr.read, daemon=True).start()
        yield SandboxProcess(process, variables)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


CallTool = Callable[[str, dict[str, Any]], Awaitable[bool]]  # True: answered without error


class CallFailed(Exception):
    """A call answered with an error result (the message says which)."""


MODERN_VERSION = "2026-07-28"
SESSIONS_PER_POOL = 25
ACCEPT = {"accept": "application/json, text/event-stream", "content-type": "application/json"}


@asynccontextmanager
async def _sdk_session(http: httpx2.AsyncClient, url: str, era: str) -> AsyncIterator[CallTool]:
    """A session of the SDK's `Client` (what real assistants do; costs the load generator more CPU)."""
    mode = "legacy" if era == "legacy" else MODERN_VERSION
    async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:

        async def call(tool: str, arguments: dict[str, Any]) -> bool:
            answer = await client.call_tool(tool, arguments)
            if answer.is_error:
                raise CallFailed(str(answer.content[0])[:200] if answer.content else "isError")
            return True

        yield call


def _answer(response: httpx2.Response) -> dict[str, Any]:
    """The JSON-RPC message of a response (JSON, or the last `data:` line of an SSE stream)."""
    response.raise_for_status()
    if response.headers.get("content-type", "").startswith("text/event-stream"):
        data = [line[5:].strip() for line in response.text.splitlines() if line.startswith("data:")]
        message: dict[str, Any] = json.loads(data[-1])
        return message
    message = response.json()
    return message


@asynccontextmanager
async def _raw_session(http: httpx2.AsyncClient, url: str, era: str) -> AsyncIterator[CallTool]:
    """A session speaking Streamable HTTP directly (cheap for the load generator, so the server is measured).

    Legacy era against a stateless server: `initialize` answers without a session id, and the calls go
    without one (what the SDK's client does too).
    """
    ids = iter(range(1, 1 << 62))
    headers = dict(ACCEPT)
    if era == "legacy":
        init = {
            "jsonrpc": "2.0",
            "id": next(ids),
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "bench", "version": "0"},
            },
        }
        opened = await http.post(url, json=init, headers=headers)
        _answer(opened)
        headers["mcp-protocol-version"] = "2025-11-25"
        if "mcp-session-id" in opened.headers:
            headers["mcp-session-id"] = opened.headers["mcp-session-id"]
        initialized = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        (await http.post(url, json=initialized, headers=headers)).raise_for_status()
    meta = {
        "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
        "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "0"},
        "io.modelcontextprotocol/clientCapabilities": {},
    }

    async def call(tool: str, arguments: dict[str, Any]) -> bool:
        params: dict[str, Any] = {"name": tool, "arguments": arguments}
        call_headers = headers
        if era != "legacy":
            params["_meta"] = meta
            call_headers = {
                **headers,
                "mcp-protocol-version": MODERN_VERSION,
                "mcp-method": "tools/call",
                "mcp-name": tool,
            }
        body = {"jsonrpc": "2.0", "id": next(ids), "method": "tools/call", "params": params}
        message = _answer(await http.post(url, json=body, headers=call_headers))
        if "result" not in message or message["result"].get("isError", False):
            raise CallFailed(json.dumps(message)[:200])
        return True

    try:
        yield call
    finally:
        if "mcp-session-id" in headers:
            with anyio.CancelScope(shield=True):
                await http.delete(url, headers=headers)


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
    open_session = _raw_session if client == "raw" else _sdk_session
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
            cpu_before = _cpu_seconds(server_pid) if server_pid else float("nan")
            client_cpu_before = time.process_time()
            calls_began = time.monotonic()
            calls_start = time.perf_counter() + 0.05
            start_calls.set()
        result.elapsed = time.monotonic() - calls_began
        result.client_cpu_seconds = time.process_time() - client_cpu_before
        if server_pid:
            result.server_cpu_seconds = _cpu_seconds(server_pid) - cpu_before
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
            sandbox_cpu_before = _cpu_seconds(sandbox.process.pid) if sandbox else float("nan")
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
            result.peak_rss_mib = _peak_rss_mib(process.pid)
            if sandbox:
                result.sandbox_cpu_seconds = _cpu_seconds(sandbox.process.pid) - sandbox_cpu_before
                result.sandbox_peak_rss_mib = _peak_rss_mib(sandbox.process.pid)
            results.append(result)
            _print_row(result)
        finally:
            _stop(process)
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
