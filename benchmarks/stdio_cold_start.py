"""Cold start over stdio: spawn `zoom-mcp serve` (embedded sandbox) and time it until the first tools/list answer.

Target from the product brief: start-up within 100 ms of the SDK's own import time, i.e. the first `tools/list`
over stdio at most 100 ms after a bare `python -c "import mcp.server"` would be done (FastMCP's `from_openapi` on
the same OpenAPI document: about 1.1 s here). Each run spawns a fresh `python -m zoom_mcp serve` without ZOOM_*
credentials (so it starts its built-in sandbox, as a first-time user would) and measures, from the spawn:

- `sdk_import`: a bare `python -c "import mcp.server"` until it says it is done: the floor the target counts from;
- `sdk legacy`: the SDK `Client` in the handshake era (initialize, then tools/list);
- `sdk modern`: the SDK `Client` in `auto` mode (server/discover, 2026-07-28 requests, then tools/list);
- `raw`: hand-written JSON lines (initialize, initialized, tools/list), no client library in the way;
  also gives the bytes of the tools/list answer on the wire, then times a first `tools/call` (`meeting_get`,
  answered by the sandbox) sent at once, as a scripted client would;
- `raw_idle`: the same, but the first call is sent after a pause of 1 s, as a person or a model would
  (`serve` builds what a call needs in the background once the handshake is over);
- `raw_no_sandbox`: the same with a (dummy) static token set, so no embedded sandbox starts: the figure to
  compare with FastMCP, which has no sandbox either (tools/list never calls Zoom).

Then it breaks the start-up down by import time (`python -X importtime`): for `zoom-mcp serve --help`, and for a
whole `zoom-mcp serve` that starts and reads end-of-file on stdin at once.

    python benchmarks/stdio_cold_start.py [--quick] [--runs 10] [--era legacy,modern,raw]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO

import anyio
from bench_report import REPO_ROOT, describe, print_machine_info, print_summary, print_table
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

TARGET_OVER_SDK_SECONDS = 0.1  # the brief: start-up within 100 ms of the SDK's own import time
FASTMCP_SECONDS = 1.1
ERAS = ("sdk_import", "legacy", "modern", "raw", "raw_idle", "raw_no_sandbox")
SDK_IMPORT = [sys.executable, "-c", "import mcp.server; print('imported', flush=True)"]
FIRST_CALL = {"name": "meeting_get", "arguments": {"meetingId": 85746065001}}  # a seeded sandbox meeting
IDLE_SECONDS = 1.0
# `--tool-mode all`: the whole catalogue, as FastMCP lists it (the default `discover` lists 17 tools)
SERVE = [sys.executable, "-m", "zoom_mcp", "serve", "--tool-mode", "all"]
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)$")


# Children compile their modules once into this folder and load the bytecode afterwards, as an installed
# package does (pip compiles it). Without it, PYTHONDONTWRITEBYTECODE (set on some machines, this one too) makes
# every start compile zoom_mcp's ~130 modules from source while the SDK's come precompiled from site-packages.
BYTECODE_CACHE = Path(tempfile.gettempdir()) / "zoom-mcp-benchmark-pycache"


def child_environment() -> dict[str, str]:
    """This process's environment, with a bytecode cache for the children (see BYTECODE_CACHE)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    return env


def server_environment(*, sandbox: bool = True) -> dict[str, str]:
    """The children's environment without Zoom credentials, so `serve` starts its embedded sandbox; with
    `sandbox=False` a dummy static token and an unused loopback URL instead (tools/list never calls Zoom)."""
    env = {key: value for key, value in child_environment().items() if not key.startswith("ZOOM_")}
    if not sandbox:
        env.update(ZOOM_ACCESS_TOKEN="benchmark-unused-token", ZOOM_API_BASE_URL="http://127.0.0.1:9/v2")
    return env


@dataclass
class StartTiming:
    era: str
    ready_seconds: float  # spawn -> session usable (initialize / discover answered)
    list_seconds: float  # spawn -> first tools/list answer
    tools: int
    protocol: str
    list_bytes: int = 0  # raw run only: bytes of the tools/list answer line
    call_seconds: float | None = None  # raw / raw_idle: the first tools/call, from sending it to its answer


async def sdk_start(era: str, errlog: TextIO) -> StartTiming:
    params = StdioServerParameters(command=SERVE[0], args=SERVE[1:], env=server_environment(), cwd=str(REPO_ROOT))
    started = time.perf_counter()
    async with Client(stdio_client(params, errlog=errlog), mode="legacy" if era == "legacy" else "auto") as client:
        ready = time.perf_counter()
        tools = await client.list_tools()
        listed = time.perf_counter()
        protocol = str(client.session.protocol_version)
    return StartTiming(era, ready - started, listed - started, len(tools.tools), protocol)


def raw_start(era: str = "raw") -> StartTiming:
    """Handshake-era JSON-RPC written by hand over the child's stdin/stdout (`raw_no_sandbox`: no sandbox)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        SERVE,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=server_environment(sandbox=era != "raw_no_sandbox"),
        cwd=REPO_ROOT,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        initialize = {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "stdio_cold_start", "version": "1"},
        }
        send(child.stdin, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": initialize})
        answer = json.loads(child.stdout.readline())
        ready = time.perf_counter()
        send(child.stdin, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        send(child.stdin, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        line = child.stdout.readline()
        listed = time.perf_counter()
        result = json.loads(line)["result"]
        call_seconds = first_call(child.stdin, child.stdout, era) if era in ("raw", "raw_idle") else None
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    protocol = answer["result"]["protocolVersion"]
    timing = StartTiming(era, ready - started, listed - started, len(result["tools"]), protocol, len(line))
    timing.call_seconds = call_seconds
    return timing


def first_call(stdin: IO[bytes], stdout: IO[bytes], era: str) -> float:
    """Seconds from sending the first tools/call (after `IDLE_SECONDS` for `raw_idle`) to its answer."""
    if era == "raw_idle":
        time.sleep(IDLE_SECONDS)
    sent = time.perf_counter()
    send(stdin, {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": FIRST_CALL})
    answer = json.loads(stdout.readline())
    while answer.get("id") != 3:  # log notifications come first (the token fetch, ...)
        answer = json.loads(stdout.readline())
    seconds = time.perf_counter() - sent
    if "result" not in answer or answer["result"].get("isError"):
        raise RuntimeError(f"the first call failed: {json.dumps(answer)[:500]}")
    return seconds


def sdk_import_start() -> StartTiming:
    """A bare `import mcp.server` in a fresh interpreter, until it says so (its exit is not counted)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        SDK_IMPORT, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=child_environment(), cwd=REPO_ROOT
    )
    assert child.stdout is not None
    try:
        if child.stdout.readline().strip() != b"imported":
            raise RuntimeError("`import mcp.server` failed")
        done = time.perf_counter() - started
    finally:
        child.wait(timeout=30)
    return StartTiming("sdk_import", done, done, 0, "-")


def send(stream: IO[bytes], message: dict[str, Any]) -> None:
    stream.write(json.dumps(message).encode() + b"\n")
    stream.flush()


async def measure(eras: list[str], runs: int) -> list[StartTiming]:
    """`runs` cold starts per era, interleaved so that drift on the machine hits every era alike, after one
    untimed round (it fills the bytecode cache and the page cache)."""
    timings: list[StartTiming] = []
    with open(os.devnull, "w") as devnull:
        for round_number in range(runs + 1):
            if round_number == 1:
                timings.clear()
            for era in eras:
                if era == "sdk_import":
                    timings.append(await anyio.to_thread.run_sync(sdk_import_start))
                elif era.startswith("raw"):
                    timings.append(await anyio.to_thread.run_sync(raw_start, era))
                else:
                    timings.append(await sdk_start(era, devnull))
    return timings


# ----- import time -------------------------------------------------------------------------------------
@dataclass
class ImportProfile:
    label: str
    wall_seconds: float
    total_us: int  # sum of the cumulative time of top-level imports
    by_package: dict[str, int]  # self time per top-level package
    heaviest: list[tuple[str, int]]  # first-level imports by cumulative time
    slowest: list[tuple[str, int]]  # any module by its own (self) time


def import_profile(label: str, args: list[str]) -> ImportProfile:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=server_environment(),
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )
    wall = time.perf_counter() - started
    by_package: dict[str, int] = defaultdict(int)
    top: list[tuple[str, int]] = []
    own_times: list[tuple[str, int]] = []
    for line in done.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if not match:
            continue
        own, cumulative, indent, name = int(match[1]), int(match[2]), len(match[3]), match[4]
        by_package[package_of(name)] += own
        own_times.append((name, own))
        if indent == 1:
            top.append((name, cumulative))
    if not top:
        raise RuntimeError(f"no -X importtime output for {label!r}; stderr was: {done.stderr[-500:]}")
    by_cumulative = sorted(top, key=lambda t: -t[1])
    by_self = sorted(own_times, key=lambda t: -t[1])
    return ImportProfile(label, wall, sum(c for _, c in top), dict(by_package), by_cumulative, by_self)


def package_of(module: str) -> str:
    """`mcp.server.lowlevel` -> `mcp`; stdlib modules are grouped as `(stdlib)`."""
    root = module.split(".", 1)[0]
    if root in sys.stdlib_module_names or root.startswith("_") or root in ("encodings", "site"):
        return "(stdlib)"
    return root


def print_import_profiles(profiles: list[ImportProfile], top: int) -> None:
    rows = [[p.label, p.wall_seconds * 1000, p.total_us / 1000] for p in profiles]
    print_table("import time (python -X importtime)", ["command", "wall ms", "imports ms"], rows)
    packages = sorted(
        {name for p in profiles for name in p.by_package}, key=lambda n: -max(p.by_package.get(n, 0) for p in profiles)
    )
    package_rows = [[name, *(p.by_package.get(name, 0) / 1000 for p in profiles)] for name in packages[:top]]
    print_table("self import time per package (ms)", ["package", *(p.label for p in profiles)], package_rows)
    for profile in profiles:
        heavy = [[name, us / 1000] for name, us in profile.heaviest[:top]]
        print_table(f"heaviest top-level imports: {profile.label}", ["module", "cumulative ms"], heavy)
    slow = [[name, us / 1000] for name, us in profiles[-1].slowest[:top]]
    print_table(f"slowest modules by self time: {profiles[-1].label}", ["module", "self ms"], slow)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one run per era, short import tables")
    parser.add_argument("--runs", type=int, default=10, help="cold starts per era (default 10)")
    parser.add_argument("--era", default=",".join(ERAS), help=f"comma-separated subset of {','.join(ERAS)}")
    args = parser.parse_args(argv)
    eras = [era for era in args.era.split(",") if era]
    unknown = sorted(set(eras) - set(ERAS))
    if unknown:
        parser.error(f"unknown era {', '.join(unknown)}; choose from {', '.join(ERAS)}")
    runs = 1 if args.quick else args.runs
    print_machine_info()

    timings = anyio.run(measure, eras, runs)
    rows = []
    summary: dict[str, Any] = {"runs": runs, "target_over_sdk_ms": TARGET_OVER_SDK_SECONDS * 1000}
    sdk_p50 = None
    if "sdk_import" in eras:
        sdk_p50 = describe([t.list_seconds * 1000 for t in timings if t.era == "sdk_import"])["p50"]
        summary["sdk_import_p50_ms"] = round(sdk_p50, 1)
        summary["target_ms"] = round(sdk_p50 + TARGET_OVER_SDK_SECONDS * 1000, 1)
    for era in eras:
        mine = [t for t in timings if t.era == era]
        ready = describe([t.ready_seconds * 1000 for t in mine])
        listed = describe([t.list_seconds * 1000 for t in mine])
        calls = [t.call_seconds * 1000 for t in mine if t.call_seconds is not None]
        over_sdk = "" if sdk_p50 is None or era == "sdk_import" else listed["p50"] - sdk_p50
        rows.append(
            [
                era,
                mine[0].protocol,
                len(mine),
                mine[0].tools,
                ready["p50"],
                listed["min"],
                listed["p50"],
                listed["mean"],
                listed["max"],
                over_sdk,
                describe(calls)["p50"] if calls else "",
            ]
        )
        summary[f"{era}_first_list_p50_ms"] = round(listed["p50"], 1)
        if calls:
            summary[f"{era}_first_call_p50_ms"] = round(describe(calls)["p50"], 1)
        if era == "raw":
            summary["tools_list_wire_bytes"] = mine[0].list_bytes
        if over_sdk != "" and era != "sdk_import":
            summary[f"{era}_over_sdk_ms"] = round(float(over_sdk), 1)
    if "raw_over_sdk_ms" in summary:
        summary["target_met"] = summary["raw_over_sdk_ms"] <= TARGET_OVER_SDK_SECONDS * 1000
    print_table(
        f"spawn -> first tools/list (ms; target: `import mcp.server` + {TARGET_OVER_SDK_SECONDS * 1000:.0f}, "
        f"FastMCP ~{FASTMCP_SECONDS * 1000:.0f})",
        [
            "era",
            "protocol",
            "runs",
            "tools",
            "ready p50",
            "list min",
            "list p50",
            "list mean",
            "list max",
            "p50 over sdk_import",
            "first call p50",
        ],
        rows,
        numeric_from=2,
    )
    if "raw" in eras:
        print(f"\ntools/list answer on the wire (raw run): {summary['tools_list_wire_bytes']:,} bytes")

    commands = {
        "serve --help": ["-m", "zoom_mcp", "serve", "--help"],
        "serve (stdin at EOF)": ["-m", "zoom_mcp", "serve", "--tool-mode", "all"],
    }
    import_profile("bytecode cache warm-up", commands["serve (stdin at EOF)"])  # untimed
    profiles = [import_profile(label, command) for label, command in commands.items()]
    print_import_profiles(profiles, 5 if args.quick else 12)
    summary["import_help_ms"] = round(profiles[0].total_us / 1000, 1)
    summary["import_serve_ms"] = round(profiles[1].total_us / 1000, 1)
    summary["import_serve_mcp_ms"] = round(
        sum(us for name, us in profiles[1].by_package.items() if name.startswith("mcp")) / 1000, 1
    )
    print_summary("stdio_cold_start", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
