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

`--state both` measures every replica count twice on equal terms: once without `--state-url` (each process keeps
its own state; same keys file, rate, tool and log level) and once sharing Redis, so what Redis costs is the
difference. After each shared row the script counts the Redis round trips of a few more calls with `MONITOR`
(commands a replica sent; the commands run inside a Lua script are not round trips). `--repeat N` runs the whole
sequence N times (interleaved, since the machine's load drifts) and adds a table of the medians.

    python benchmarks/load_replicas.py --replicas 1,2,3 --rate 150 --duration 10
    python benchmarks/load_replicas.py --replicas 1,2,3 --rate 150 --duration 8 --state both --repeat 3
    python benchmarks/load_replicas.py --quick            # what the smoke test runs

Needs `redis-server` (Debian package; `.ci/run` installs it). See benchmarks/README.md for the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import socket
import statistics
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
from bench_processes import SandboxProcess, context_switches, cpu_seconds, sandbox_process  # noqa: E402
from state.redis_server import RedisServer, free_port  # noqa: E402

MODERN = "2026-07-28"
API_KEY = "zmcp_load-replicas-benchmark-key"
COUNTED_CALLS = 40  # calls made under MONITOR to count Redis round trips per call


@dataclass
class Row:
    replicas: int
    rate: float
    duration: float
    state: str = "redis"  # "redis": --state-url shared by the replicas; "none": each process on its own
    load: float = 0.0  # 1-minute load average before the row
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    elapsed: float = 0.0
    replica_cpu: float = 0.0
    redis_cpu: float = 0.0
    sandbox_cpu: float = 0.0
    replica_switches: int = 0  # context switches of the replicas' threads during the row
    round_trips: dict[str, float] = field(default_factory=dict)  # Redis commands sent per call, by command

    @property
    def calls(self) -> int:
        return len(self.latencies)

    def per_call_ms(self, seconds: float) -> float:
        return 1000 * seconds / self.calls if self.calls else float("nan")

    def figures(self) -> dict[str, Any]:
        return {
            "replicas": self.replicas,
            "state": self.state,
            "load": round(self.load, 2),
            "calls": self.calls,
            "errors": self.errors,
            "throughput": round(self.calls / self.elapsed, 1) if self.elapsed else float("nan"),
            "p50_ms": round(bench_report.percentile([x * 1000 for x in self.latencies], 0.5), 2),
            "p99_ms": round(bench_report.percentile([x * 1000 for x in self.latencies], 0.99), 2),
            "replica_cpu_ms_per_call": round(self.per_call_ms(self.replica_cpu), 3),
            "redis_cpu_ms_per_call": round(self.per_call_ms(self.redis_cpu), 3),
            "sandbox_cpu_ms_per_call": round(self.per_call_ms(self.sandbox_cpu), 3),
            "redis_round_trips_per_call": round(sum(self.round_trips.values()), 2),
            "replica_context_switches_per_call": round(self.replica_switches / self.calls, 2) if self.calls else 0,
        }


def _keys_file(directory: Path) -> Path:
    path = directory / "keys.json"
    digest = hashlib.sha256(API_KEY.encode()).hexdigest()
    policy = {"calls_per_minute": 10**9}  # never reached: only the shared window's cost is measured
    path.write_text(json.dumps({"keys": [{"name": "load", "key_sha256": digest, "policy": policy}]}))
    return path


def _flush(redis: RedisServer) -> None:
    """Fresh Redis data for a row."""
    assert redis.port is not None
    with socket.create_connection(("127.0.0.1", redis.port), timeout=5) as sock:
        sock.sendall(b"FLUSHALL\r\n")
        assert sock.recv(16).startswith(b"+OK")


@contextlib.contextmanager
def _replicas(
    count: int, sandbox: SandboxProcess, state_url: str | None, directory: Path, rate_plan: str
) -> Iterator[list[tuple[subprocess.Popen[bytes], int]]]:
    """`count` servers on free ports, sharing `state_url` (or each on its own state when None). Default log level
    (WARNING), as a deployment runs: INFO would log every Zoom request and add its cost to every call."""
    env = sandbox.server_environment()
    env["ZOOM_RATE_PLAN"] = rate_plan
    env["ZOOM_MCP_CONFIRM_KEYS"] = "load-replicas-benchmark-confirm-key-0123456789"
    env.pop("ZOOM_MCP_STATE_URL", None)
    env.pop("ZOOM_MCP_LOG_LEVEL", None)
    keys = _keys_file(directory)
    started: list[tuple[subprocess.Popen[bytes], Path, int]] = []
    for index in range(count):
        log = directory / f"replica-{count}-{index}.log"
        port = free_port()
        argv = [sys.executable, "-m", "zoom_mcp", "serve", "--transport", "http", "--port", str(port)]
        argv += ["--api-keys", str(keys)]
        if state_url is not None:
            argv += ["--state-url", state_url]
        with log.open("wb") as out:
            process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
        started.append((process, log, port))
    try:
        yield [(process, _wait_ready(process, log, port)) for process, log, port in started]
    finally:
        for process, _log, _port in started:
            process.terminate()
        for process, _log, _port in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_ready(process: subprocess.Popen[bytes], log: Path, port: int, timeout: float = 60.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"a replica exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        with contextlib.suppress(httpx2.TransportError):
            if httpx2.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return port
        time.sleep(0.05)
    raise RuntimeError(f"a replica was not ready in {timeout:.0f} s:\n{log.read_text()[-2000:]}")


def _script_names() -> dict[str, str]:
    """SHA1 of each of the store's Lua scripts -> its name (EVALSHA names a script by its SHA1)."""
    from zoom_mcp.state import redis_scripts

    names = {}
    for name, value in vars(redis_scripts).items():
        if name.isupper() and isinstance(value, str):
            names[hashlib.sha1(value.encode()).hexdigest()] = name
    return names


def _sent_commands(monitor_output: str, scripts: dict[str, str]) -> dict[str, int]:
    """The commands clients sent, from `MONITOR` lines (`+<time> [<db> <client>] "<command>" "<arg>" ...`); the
    commands a Lua script ran (`[<db> lua]`) are left out: they cost no round trip."""
    sent: dict[str, int] = {}
    for line in monitor_output.splitlines():
        if not line.startswith("+") or "] " not in line or " lua]" in line:
            continue
        words = line.split("] ", 1)[1].split(" ")
        command = words[0].strip('"').lower()
        if command in ("evalsha", "evalsha_ro") and len(words) > 1:
            command = f"evalsha {scripts.get(words[1].strip(chr(34)), '?')}"
        sent[command] = sent.get(command, 0) + 1
    return sent


async def _count_round_trips(
    row: Row, ports: Sequence[int], redis_port: int, tool: str, arguments: dict[str, Any]
) -> None:
    """Make `COUNTED_CALLS` calls (one at a time, round robin) while `MONITOR` records what reaches Redis."""
    urls = [f"http://127.0.0.1:{port}/mcp" for port in ports]
    with socket.create_connection(("127.0.0.1", redis_port), timeout=5) as sock:
        sock.sendall(b"MONITOR\r\n")
        assert sock.recv(16).startswith(b"+OK")
        async with httpx2.AsyncClient(timeout=60) as http:
            for index in range(COUNTED_CALLS):
                problem = await _call(http, urls[index % len(urls)], tool, arguments, 90_000 + index)
                assert not problem, problem
        await anyio.sleep(0.3)
        sock.settimeout(0.3)
        chunks = []
        with contextlib.suppress(TimeoutError):
            while chunk := sock.recv(1 << 16):
                chunks.append(chunk)
    sent = _sent_commands(b"".join(chunks).decode(errors="replace"), _script_names())
    row.round_trips = {command: count / COUNTED_CALLS for command, count in sorted(sent.items())}


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
        switches_before = sum(context_switches(pid) for pid in pids["replicas"])
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
        row.replica_switches = sum(context_switches(pid) for pid in pids["replicas"]) - switches_before
    row.replica_cpu = after["replicas"] - before["replicas"]
    row.redis_cpu = after["redis"] - before["redis"]
    row.sandbox_cpu = after["sandbox"] - before["sandbox"]


def _median_row(rows: Sequence[Row]) -> dict[str, Any]:
    """The median of each figure over repeated rows of one configuration."""
    figures = [row.figures() for row in rows]
    median: dict[str, Any] = {}
    for key, value in figures[0].items():
        if isinstance(value, (int, float)) and key not in ("replicas",):
            median[key] = round(statistics.median(figure[key] for figure in figures), 3)
        else:
            median[key] = value
    return median


HEADERS = ["replicas", "state", "load before", "calls", "errors", "throughput (calls/s)", "p50 (ms)", "p99 (ms)",
           "replicas CPU (ms/call)", "Redis CPU (ms/call)", "sandbox CPU (ms/call)",
           "Redis round trips per call", "replica context switches per call"]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", default="1,2,3", help="replica counts to measure (default 1,2,3)")
    parser.add_argument("--rate", type=float, default=150.0, help="calls per second, all replicas together")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of calls per row")
    parser.add_argument("--tool", default="meeting_get", help="a read tool (default meeting_get, LIGHT)")
    parser.add_argument("--arguments", default=None, help="its arguments as JSON (default: a seeded meeting)")
    parser.add_argument("--rate-plan", default="off", choices=("off", "free", "pro", "business"))
    parser.add_argument(
        "--state",
        default="redis",
        choices=("redis", "none", "both"),
        help="redis: replicas share --state-url (default); none: each process on its own state; both: each row twice",
    )
    parser.add_argument("--repeat", type=int, default=1, help="run the whole sequence N times and add the medians")
    parser.add_argument("--quick", action="store_true", help="1 and 2 replicas, 20 calls/s for 1 s (smoke test)")
    args = parser.parse_args(argv)
    if args.quick:
        args.replicas, args.rate, args.duration = "1,2", 20.0, 1.0
    counts = [int(part) for part in args.replicas.split(",") if part.strip()]
    states = ["none", "redis"] if args.state == "both" else [args.state]
    from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID

    arguments = json.loads(args.arguments) if args.arguments else {"meetingId": str(SCHEDULED_MEETING_ID)}
    bench_report.print_machine_info()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="zoom-mcp-replicas-") as tmp, sandbox_process() as sandbox:
        directory = Path(tmp)
        with RedisServer(directory / "redis") as redis:
            assert redis.process is not None and redis.port is not None
            for _round in range(max(1, args.repeat)):
                for count in counts:
                    for state in states:
                        _flush(redis)
                        state_url = redis.url if state == "redis" else None
                        with _replicas(count, sandbox, state_url, directory, args.rate_plan) as started:
                            row = Row(replicas=count, rate=args.rate, duration=args.duration, state=state)
                            row.load = os.getloadavg()[0]
                            pids: dict[str, Sequence[int]] = {
                                "replicas": [process.pid for process, _ in started],
                                "redis": [redis.process.pid],
                                "sandbox": [sandbox.process.pid],
                            }
                            ports = [port for _, port in started]
                            anyio.run(_measure, row, ports, pids, args.tool, arguments)
                            if state == "redis":
                                anyio.run(_count_round_trips, row, ports, redis.port, args.tool, arguments)
                            rows.append(row)
    title = f"{args.tool}, open loop at {args.rate:g} calls/s for {args.duration:g} s, rate plan {args.rate_plan}"
    bench_report.print_table(title, HEADERS, [list(row.figures().values()) for row in rows])
    medians = []
    if args.repeat > 1:
        for count in counts:
            for state in states:
                same = [row for row in rows if row.replicas == count and row.state == state]
                medians.append(_median_row(same))
        bench_report.print_table(
            f"{title}: medians of {args.repeat} runs", HEADERS, [list(m.values()) for m in medians]
        )
    for row in rows:
        if row.round_trips:
            trips = ", ".join(f"{command} {per_call:g}" for command, per_call in row.round_trips.items())
            print(f"Redis commands per call with {row.replicas} replica(s): {trips}")
        if row.first_error:
            print(f"first error with {row.replicas} replica(s) ({row.state}): {row.first_error}")
    summary: dict[str, Any] = {"rate": args.rate, "rows": [row.figures() for row in rows]}
    if medians:
        summary["medians"] = medians
    bench_report.print_summary("load_replicas", summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
