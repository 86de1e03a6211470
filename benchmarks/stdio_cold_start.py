"""Cold start over stdio: spawn `zoom-mcp serve` (embedded sandbox) and time it until the first tools/list answer.

Target from the product brief: the first `tools/list` over stdio within 0.5 s (FastMCP's `from_openapi` on the
same OpenAPI document: about 1.1 s here). Each run spawns a fresh `python -m zoom_mcp serve` without ZOOM_*
credentials (so it starts its built-in sandbox, as a first-time user would) and measures, from the spawn:

- `sdk legacy`: the SDK `Client` in the handshake era (initialize, then tools/list);
- `sdk modern`: the SDK `Client` in `auto` mode (server/discover, 2026-07-28 requests, then tools/list);
- `raw`: hand-written JSON lines (initialize, initialized, tools/list), no client library in the way;
  also gives the bytes of the tools/list answer on the wire;
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
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import IO, Any, TextIO

import anyio
from bench_report import REPO_ROOT, describe, print_machine_info, print_summary, print_table
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

TARGET_SECONDS = 0.5
FASTMCP_SECONDS = 1.1
ERAS = ("legacy", "modern", "raw", "raw_no_sandbox")
# `--tool-mode all`: the whole catalogue, as FastMCP lists it (the default `discover` lists 17 tools)
SERVE = [sys.executable, "-m", "zoom_mcp", "serve", "--tool-mode", "all"]
_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( +)(\S+)$")


def server_environment(*, sandbox: bool = True) -> dict[str, str]:
    """This process's environment without Zoom credentials, so `serve` starts its embedded sandbox; with
    `sandbox=False` a dummy static token and an unused loopback URL instead (tools/list never calls Zoom)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ZOOM_")}
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
        env=server_environment(sandbox=era == "raw"),
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
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    protocol = answer["result"]["protocolVersion"]
    return StartTiming(era, ready - started, listed - started, len(result["tools"]), protocol, len(line))


def send(stream: IO[bytes], message: dict[str, Any]) -> None:
    stream.write(json.dumps(message).encode() + b"\n")
    stream.flush()


async def measure(eras: list[str], runs: int) -> list[StartTiming]:
    """`runs` cold starts per era, interleaved so that drift on the machine hits every era alike."""
    timings: list[StartTiming] = []
    with open(os.devnull, "w") as devnull:
        for _ in range(runs):
            for era in eras:
                if era.startswith("raw"):
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
    summary: dict[str, Any] = {"runs": runs, "target_seconds": TARGET_SECONDS}
    for era in eras:
        mine = [t for t in timings if t.era == era]
        ready = describe([t.ready_seconds * 1000 for t in mine])
        listed = describe([t.list_seconds * 1000 for t in mine])
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
            ]
        )
        summary[f"{era}_first_list_p50_ms"] = round(listed["p50"], 1)
        if era == "raw":
            summary["tools_list_wire_bytes"] = mine[0].list_bytes
    print_table(
        f"spawn -> first tools/list (ms; target {TARGET_SECONDS * 1000:.0f}, FastMCP ~{FASTMCP_SECONDS * 1000:.0f})",
        ["era", "protocol", "runs", "tools", "ready p50", "list min", "list p50", "list mean", "list max"],
        rows,
        numeric_from=2,
    )
    if "raw" in eras:
        print(f"\ntools/list answer on the wire (raw run): {summary['tools_list_wire_bytes']:,} bytes")

    profiles = [
        import_profile("serve --help", ["-m", "zoom_mcp", "serve", "--help"]),
        import_profile("serve (stdin at EOF)", ["-m", "zoom_mcp", "serve", "--tool-mode", "all"]),
    ]
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
