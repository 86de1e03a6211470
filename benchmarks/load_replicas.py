"""Replicas sharing one Redis: calls/s, p50/p99 and CPU per call with 1, 2 and 3 replicas.

For each replica count it starts that many `zoom-mcp serve --transport http --state-url redis://...` processes
(fresh Redis data each time) in front of the sandbox Zoom in its own process, sends modern-era `tools/call`
requests round robin over the replicas at `--rate` calls/s (open loop: each call is sent at its scheduled
time; latency counts from that time) for `--duration` seconds, and prints one row: calls, errors,
throughput, p50/p99, and CPU milliseconds per call of the replicas (all of them together), of Redis and of the
sandbox. The cost per call should stay flat as replicas are added.

Every call touches the shared state: the callers' API key has a `calls_per_minute` window in Redis (so each call
makes one Redis round trip besides the Zoom request), and with `--rate-plan pro|business|free` the Zoom
client's shared rate budget too (which then caps the throughput at the plan's rate for the tool's label).

    python benchmarks/load_replicas.py --replicas 1,2,3 --rate 150 --duration 10
    python benchmarks/load_replicas.py --quick            # what the smoke test runs

Needs `redis-server` (Debian package; `.ci/run` installs it). See benchmarks/README.md for the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx2

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(BENCHMARKS.parent / "tests"))

import bench_report  # noqa: E402
from bench_processes import SandboxProcess, cpu_seconds, sandbox_process  # noqa: E402
from state.redis_server import RedisServer  # noqa: E402

MODERN = "2026-07-28"
API_KEY = "zmcp_load-replicas-benchmark-key"
LISTENING = re.compile(r"zoom-mcp listening on http://127\.0\.0\.1:(\d+)/mcp")


@dataclass
class Row:
    replicas: int
    rate: float
    duration: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    elapsed: float = 0.0
    replica_cpu: float = 0.0
    redis_cpu: float = 0.0
    sandbox_cpu: float = 0.0

    @property
    def calls(self) -> int:
        return len(self.latencies)

    def per_call_ms(self, seconds: float) -> float:
        return 1000 * seconds / self.calls if self.calls else float("nan")

    def figures(self) -> dict[str, Any]:
        return {
            "replicas": self.replicas,
            "calls": self.calls,
            "errors": self.errors,
            "throughput": round(self.calls / self.elapsed, 1) if self.elapsed else float("nan"),
            "p50_ms": round(bench_report.percentile([x * 1000 for x in self.latencies], 0.5), 2),
            "p99_ms": round(bench_report.percentile([x * 1000 for x in self.latencies], 0.99), 2),
            "replica_cpu_ms_per_call": round(self.per_call_ms(self.replica_cpu), 3),
            "redis_cpu_ms_per_call": round(self.per_call_ms(self.redis_cpu), 3),
            "sandbox_cpu_ms_per_call": round(self.per_call_ms(self.sandbox_cpu), 3),
        }


def _keys_file(directory: Path) -> Path:
    path = directory / "keys.json"
    digest = hashlib.sha256(API_KEY.encode()).hexdigest()
    policy = {"calls_per_minute": 10**9}  # never reached: only the shared window's cost is measured
    path.write_text(json.dumps({"keys": [{"name": "load", "key_sha256": digest, "policy": policy}]}))
    return path


def _flush(redis: RedisServer) -> None:
    assert redis.port is not None
    with socket.create_connection(("127.0.0.1", redis.port), timeout=5) as sock:
        sock.sendall(b"FLUSHALL\r\n")
        assert sock.recv(16).startswith(b"+OK")


@contextlib.contextmanager
def _replicas(
    count: int, sandbox: SandboxProcess, redis: RedisServer, directory: Path, rate_plan: str
) -> Iterator[list[tuple[subprocess.Popen[bytes], int]]]:
    env = sandbox.server_environment()
    env["ZOOM_RATE_PLAN"] = rate_plan
    env["ZOOM_MCP_CONFIRM_KEYS"] = "load-replicas-benchmark-confirm-key-0123456789"
    env.pop("ZOOM_MCP_STATE_URL", None)
    keys = _keys_file(directory)
    started: list[tuple[subprocess.Popen[bytes], Path]] = []
    for index in range(count):
        log = directory / f"replica-{count}-{index}.log"
        argv = [sys.executable, "-m", "zoom_mcp", "serve", "--transport", "http", "--port", "0"]
        argv += ["--state-url", redis.url, "--api-keys", str(keys), "--log-level", "INFO"]
        with log.open("wb") as out:
            process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        started.append((process, log))
    try:
        ready = [(process, _wait_port(process, log)) for process, log in started]
        yield ready
    finally:
        for process, _log in started:
            process.terminate()
        for process, _log in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_port(process: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"a replica exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        found = LISTENING.search(log.read_text(errors="replace"))
        if found:
            port = int(found.group(1))
            with contextlib.suppress(httpx2.TransportError):
                if httpx2.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                    return port
        time.sleep(0.05)
    raise RuntimeError(f"a replica was not ready in {timeout:.0f} s:\n{log.read_text()[-2000:]}")


def _body(tool: str, arguments: dict[str, Any], request_id: int) -> dict[str, Any]:
    meta = {
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientInfo": {"name": "load_replicas", "version": "0"},
        "io.modelcontextprotocol/clientCapabilities": {},
    }
    params = {"name": tool, "arguments": arguments, "_meta": meta}
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params}


async def _call(http: httpx2.AsyncClient, url: str, tool: str, arguments: dict[str, Any], request_id: int) -> str:
    """'' when the call answered without error, else what went wrong."""
    headers = {"accept": "application/json, text/event-stream", "mcp-protocol-version": MODERN}
    headers |= {"mcp-method": "tools/call", "mcp-name": tool, "authorization": f"Bearer {API_KEY}"}
    try:
        response = await http.post(url, json=_body(tool, arguments, request_id), headers=headers)
    except httpx2.TransportError as exc:
        return f"{type(exc).__name__}: {exc}"
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    answer = response.json()
    if "result" not in answer or answer["result"].get("isError"):
        return json.dumps(answer)[:300]
    return ""


async def _measure(
    row: Row, ports: Sequence[int], pids: dict[str, Sequence[int]], tool: str, arguments: dict[str, Any]
) -> None:
    urls = [f"http://127.0.0.1:{port}/mcp" for port in ports]
    limits = httpx2.Limits(max_connections=400, max_keepalive_connections=400)
    async with httpx2.AsyncClient(timeout=60, limits=limits) as http:
        for index in range(10 * len(urls)):  # warm up: token fetch, connections, first-call imports
            await _call(http, urls[index % len(urls)], tool, arguments, index)

        def cpu(name: str) -> float:
            return sum(cpu_seconds(pid) for pid in pids[name])

        before = {name: cpu(name) for name in pids}
        interval = 1 / row.rate
        start = time.perf_counter()

        async def one(index: int, scheduled: float) -> None:
            problem = await _call(http, urls[index % len(urls)], tool, arguments, 1000 + index)
            if problem:
                row.errors += 1
                row.first_error = row.first_error or problem
            else:
                row.latencies.append(time.perf_counter() - scheduled)

        async with anyio.create_task_group() as group:
            index = 0
            while (scheduled := start + index * interval) < start + row.duration:
                delay = scheduled - time.perf_counter()
                if delay > 0:
                    await anyio.sleep(delay)
                group.start_soon(one, index, scheduled)
                index += 1
        row.elapsed = time.perf_counter() - start
        after = {name: cpu(name) for name in pids}
    row.replica_cpu = after["replicas"] - before["replicas"]
    row.redis_cpu = after["redis"] - before["redis"]
    row.sandbox_cpu = after["sandbox"] - before["sandbox"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", default="1,2,3", help="replica counts to measure (default 1,2,3)")
    parser.add_argument("--rate", type=float, default=150.0, help="calls per second, all replicas together")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of calls per row")
    parser.add_argument("--tool", default="meeting_get", help="a read tool (default meeting_get, LIGHT)")
    parser.add_argument("--arguments", default=None, help="its arguments as JSON (default: a seeded meeting)")
    parser.add_argument("--rate-plan", default="off", choices=("off", "free", "pro", "business"))
    parser.add_argument("--quick", action="store_true", help="1 and 2 replicas, 20 calls/s for 1 s (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.replicas, args.rate, args.duration = "1,2", 20.0, 1.0
    counts = [int(part) for part in args.replicas.split(",") if part.strip()]
    from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID

    arguments = json.loads(args.arguments) if args.arguments else {"meetingId": str(SCHEDULED_MEETING_ID)}
    bench_report.print_machine_info()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zoom-mcp-replicas-") as tmp, sandbox_process() as sandbox:
        directory = Path(tmp)
        with RedisServer(directory / "redis") as redis:
            assert redis.process is not None
            for count in counts:
                _flush(redis)
                with _replicas(count, sandbox, redis, directory, args.rate_plan) as started:
                    row = Row(replicas=count, rate=args.rate, duration=args.duration)
                    pids = {
                        "replicas": [process.pid for process, _ in started],
                        "redis": [redis.process.pid],
                        "sandbox": [sandbox.process.pid],
                    }
                    anyio.run(_measure, row, [port for _, port in started], pids, args.tool, arguments)
                    rows.append(row)
    headers = ["replicas", "calls", "errors", "throughput (calls/s)", "p50 (ms)", "p99 (ms)",
               "replicas CPU (ms/call)", "Redis CPU (ms/call)", "sandbox CPU (ms/call)"]  # fmt: skip
    table = [list(row.figures().values()) for row in rows]
    bench_report.print_table(
        f"{args.tool}, open loop at {args.rate:g} calls/s for {args.duration:g} s, rate plan {args.rate_plan}",
        headers,
        table,
    )
    for row in rows:
        if row.first_error:
            print(f"first error with {row.replicas} replica(s): {row.first_error}")
    bench_report.print_summary("load_replicas", {"rate": args.rate, "rows": [row.figures() for row in rows]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
