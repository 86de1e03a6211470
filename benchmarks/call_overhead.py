"""Latency zoom-mcp adds to one API call: `tools/call meeting_get` versus a direct HTTP GET of the same meeting.

Target from the product brief: at most 2 ms added per call over a direct HTTP call to the same endpoint.
A sandbox Zoom runs on loopback (rate limits off, no injected latency). The same meeting is fetched by:

- `direct httpx2`: `GET /v2/accounts/{account}/meetings/{id}` with a bearer token on one pooled httpx2 client;
- `zoom_client`: our Zoom client alone (OAuth token cache, client-side rate limiter, error mapping);
- `handler`: the server's tool-call path without MCP (`ServerRuntime.call_tool`: argument validation and
  mapping, gate check, Zoom client, result building, metrics), i.e. our own code with no SDK in the way;
- `memory legacy` / `memory modern`: the real server (`build_server`) through the SDK's in-memory `Client`,
  handshake era and 2026-07-28;
- `stdio legacy` / `stdio modern`: `python -m zoom_mcp serve` as a child process pointed at the same sandbox,
  driven by the SDK `Client` over stdio;
- `stdio raw`: the same child driven by hand-written JSON-RPC lines (handshake era, `json.loads` of each answer,
  no client library): the server and the pipe without the SDK client, so `stdio_legacy - stdio_raw` is the SDK
  client's share of a stdio call.

`--sandbox-process` runs the sandbox Zoom in its own process instead of a thread of this one. A real Zoom is never
inside the client's process: with the sandbox in-process, `direct` (and the other in-process paths) reach it
without leaving the process while the stdio child must cross to another one, which the in-process default
charges to zoom-mcp.

Calls are interleaved (one call per path per round, in a new random order each round) so that drift, the
first-call-after-a-pause penalty and the path run just before hit every path alike, and rounds are paced
(`--pace-ms`, default 40 ms) to stay under the client-side LIGHT limit of 30 calls/s per server; the figures are
then pure latency, never a rate-limit wait. "added" = the path's percentile minus the direct call's.

    python benchmarks/call_overhead.py [--quick] [--calls 300] [--sandbox-process] [--paths direct,stdio_raw,...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx2
from anyio.streams.buffered import BufferedByteReceiveStream
from bench_report import REPO_ROOT, describe, percentile, print_machine_info, print_summary, print_table
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RateLimitConfig, RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_environment, sandbox_zoom_settings
from zoom_mcp.zoom_client import ZoomClient, ZoomSettings
from zoom_mcp.zoom_client.paths import build_path

TARGET_ADDED_MS = 2.0
PATHS = (
    "direct",
    "zoom_client",
    "handler",
    "memory_legacy",
    "memory_modern",
    "stdio_raw",
    "stdio_legacy",
    "stdio_modern",
)
TOOL = "meeting_get"
MEETING_TEMPLATE = "/accounts/{accountId}/meetings/{meetingId}"
Call = Callable[[], Awaitable[None]]
SANDBOX_CONFIG = SandboxConfig(account_type="master", rate_limits=RateLimitConfig(enabled=False))
# the sandbox as its own process: prints its port, serves until its stdin closes
SANDBOX_CHILD = """
import sys
from call_overhead import SANDBOX_CONFIG
from zoom_mcp.sandbox import running_sandbox
with running_sandbox(SANDBOX_CONFIG) as sandbox:
    print(sandbox.port, flush=True)
    sys.stdin.read()
"""


@dataclass
class SeparateSandbox:
    """The sandbox in its own process: what the paths read of a `RunningSandbox` (same config, so same
    account, credentials and static token)."""

    host: str
    port: int
    config: SandboxConfig = field(default_factory=lambda: SANDBOX_CONFIG)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v2"

    @property
    def oauth_url(self) -> str:
        return f"http://{self.host}:{self.port}/oauth/token"


@contextmanager
def sandbox_process() -> Iterator[Any]:
    child = subprocess.Popen(
        [sys.executable, "-c", SANDBOX_CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=str(REPO_ROOT / "benchmarks"),
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        yield SeparateSandbox("127.0.0.1", int(child.stdout.readline()))
    finally:
        child.stdin.close()
        child.wait(timeout=30)


def zoom_settings(sandbox: RunningSandbox) -> ZoomSettings:
    return sandbox_zoom_settings(sandbox)


def zoom_environment(sandbox: RunningSandbox) -> dict[str, str]:
    """Environment for a `zoom-mcp serve` child that talks to `sandbox` as if it were Zoom."""
    return sandbox_environment(sandbox)


def tool_call(client: Client) -> Call:
    arguments = {"meetingId": str(SCHEDULED_MEETING_ID)}

    async def call() -> None:
        result = await client.call_tool(TOOL, arguments)
        if result.is_error:
            text = " ".join(getattr(block, "text", "") for block in result.content)
            raise RuntimeError(f"{TOOL} failed through MCP: {text}")

    return call


async def open_path(name: str, sandbox: RunningSandbox, stack: AsyncExitStack) -> Call:
    """Connect one path and return a function making one call of it (raising when the call fails)."""
    account = sandbox.config.account_id
    path = build_path(MEETING_TEMPLATE, {"accountId": account, "meetingId": SCHEDULED_MEETING_ID})
    if name == "direct":
        token = sandbox.config.static_tokens[0]
        http = await stack.enter_async_context(
            httpx2.AsyncClient(base_url=sandbox.base_url, headers={"Authorization": f"Bearer {token}"})
        )

        async def direct() -> None:
            response = await http.get(sandbox.base_url + path)
            if response.status_code != 200:
                raise RuntimeError(f"direct GET answered {response.status_code}: {response.text[:200]}")
            response.json()

        return direct
    if name == "zoom_client":
        zoom = await stack.enter_async_context(ZoomClient(zoom_settings(sandbox)))

        async def through_client() -> None:
            await zoom.request("GET", path, rate_limit="LIGHT")

        return through_client
    if name == "handler":
        options = RuntimeOptions(
            zoom=zoom_settings(sandbox), policy=CallerPolicy(name="benchmark"), default_account_id=account
        )
        runtime = await stack.enter_async_context(open_runtime(options))
        spec = runtime.all_tools[TOOL]
        arguments = {"meetingId": str(SCHEDULED_MEETING_ID)}

        async def handler() -> None:
            result = await runtime.call_tool(None, runtime.default_caller, spec, dict(arguments))
            if getattr(result, "is_error", True):
                raise RuntimeError(f"{TOOL} failed in the handler: {result}")

        return handler
    era = name.split("_", 1)[1]
    mode = "legacy" if era == "legacy" else "auto"
    if name.startswith("memory_"):
        options = RuntimeOptions(
            zoom=zoom_settings(sandbox), policy=CallerPolicy(name="benchmark"), default_account_id=account
        )
        runtime = await stack.enter_async_context(open_runtime(options))
        client = await stack.enter_async_context(Client(build_server(runtime), mode=mode))
        return tool_call(client)
    if name == "stdio_raw":
        return await raw_stdio_call(sandbox, stack)
    if name.startswith("stdio_"):
        devnull = stack.enter_context(open(os.devnull, "w"))  # noqa: SIM115 - closed by the stack
        params = StdioServerParameters(
            command=sys.executable, args=["-m", "zoom_mcp", "serve"], env=zoom_environment(sandbox), cwd=str(REPO_ROOT)
        )
        client = await stack.enter_async_context(Client(stdio_client(params, errlog=devnull), mode=mode))
        return tool_call(client)
    raise ValueError(f"unknown path {name!r}; choose from {', '.join(PATHS)}")


async def raw_stdio_call(sandbox: RunningSandbox, stack: AsyncExitStack) -> Call:
    """`zoom-mcp serve` driven by hand-written JSON-RPC lines: initialize (2025-11-25), then one tools/call per
    call, reading answer lines (skipping notifications) until the one with the call's id."""
    child = await stack.enter_async_context(
        await anyio.open_process(
            [sys.executable, "-m", "zoom_mcp", "serve"],
            env=zoom_environment(sandbox),
            cwd=str(REPO_ROOT),
            stderr=subprocess.DEVNULL,
        )
    )
    assert child.stdin is not None and child.stdout is not None
    stdin, lines = child.stdin, BufferedByteReceiveStream(child.stdout)
    ids = iter(range(1, 1 << 62))

    async def request(method: str, params: dict[str, Any]) -> dict[str, Any]:
        request_id = next(ids)
        await stdin.send(json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params}).encode())
        await stdin.send(b"\n")
        while True:
            answer = json.loads(await lines.receive_until(b"\n", 64 * 1024 * 1024))
            if answer.get("id") == request_id:
                return answer  # type: ignore[no-any-return]

    client_info = {"name": "call_overhead", "version": "1"}
    await request("initialize", {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": client_info})
    await stdin.send(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    params = {"name": TOOL, "arguments": {"meetingId": str(SCHEDULED_MEETING_ID)}}

    async def call() -> None:
        answer = await request("tools/call", params)
        if "result" not in answer or answer["result"].get("isError"):
            raise RuntimeError(f"{TOOL} failed over raw stdio: {json.dumps(answer)[:300]}")

    return call


async def measure(
    sandbox: RunningSandbox, paths: list[str], calls: int, warmup: int, pace: float
) -> dict[str, list[float]]:
    """Milliseconds per call for each path, `calls` interleaved rounds after `warmup` rounds."""
    latencies: dict[str, list[float]] = {name: [] for name in paths}
    async with AsyncExitStack() as stack:
        opened = {name: await open_path(name, sandbox, stack) for name in paths}
        order = list(opened.items())
        shuffle = random.Random(20261125).shuffle
        for round_number in range(warmup + calls):
            started_round = time.perf_counter()
            shuffle(order)  # no fixed position or neighbour (a stdio child still busy) favours any path
            for name, call in order:
                started = time.perf_counter()
                await call()
                if round_number >= warmup:
                    latencies[name].append((time.perf_counter() - started) * 1000)
            await anyio.sleep(max(0.0, pace - (time.perf_counter() - started_round)))
    return latencies


def client_validation_ms(sandbox: Any, repeat: int = 200) -> float:
    """Milliseconds the SDK client spends checking one `meeting_get` answer against the tool's outputSchema
    (what `ClientSession.validate_tool_result` does: a compiled validator, then `best_match(iter_errors)`).
    This is client-side work inside the memory/stdio rows, not the server's."""
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    from zoom_mcp.catalog.registry import load_catalog

    schema = load_catalog().by_name[TOOL].output_schema or {}
    validator = validator_for(schema)(schema)
    path = build_path(MEETING_TEMPLATE, {"accountId": sandbox.config.account_id, "meetingId": SCHEDULED_MEETING_ID})
    token = sandbox.config.static_tokens[0]
    answer = httpx2.get(sandbox.base_url + path, headers={"Authorization": f"Bearer {token}"}).json()
    best_match(validator.iter_errors(answer))  # warm-up
    started = time.perf_counter()
    for _ in range(repeat):
        if best_match(validator.iter_errors(answer)) is not None:
            raise RuntimeError(f"the sandbox's {TOOL} answer does not match the tool's outputSchema")
    return (time.perf_counter() - started) / repeat * 1000


def report(latencies: dict[str, list[float]]) -> dict[str, Any]:
    """Print the table; "added" columns compare with the direct call (percentile minus percentile, and the
    median of the per-round differences, which cancels most of the drift of a busy machine)."""
    base = latencies.get("direct", [])
    base_p50, base_p99 = percentile(base, 0.5), percentile(base, 0.99)
    rows = []
    summary: dict[str, Any] = {"calls": len(next(iter(latencies.values()))), "target_added_ms": TARGET_ADDED_MS}
    for name, values in latencies.items():
        stats = describe(values)
        added_p50, added_p99 = stats["p50"] - base_p50, stats["p99"] - base_p99
        paired = percentile([mine - theirs for mine, theirs in zip(values, base, strict=False)], 0.5)
        rows.append([name, stats["n"], stats["p50"], stats["p99"], stats["mean"], added_p50, added_p99, paired])
        summary[f"{name}_p50_ms"] = round(stats["p50"], 3)
        if name != "direct":
            summary[f"{name}_added_p50_ms"] = round(added_p50, 3)
            summary[f"{name}_added_p99_ms"] = round(added_p99, 3)
            summary[f"{name}_paired_added_p50_ms"] = round(paired, 3)
    print_table(
        f"{TOOL} per call (ms; target: at most {TARGET_ADDED_MS:g} ms added over direct)",
        ["path", "calls", "p50", "p99", "mean", "added p50", "added p99", "paired added p50"],
        rows,
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="20 calls per path, 3 warm-up rounds")
    parser.add_argument("--calls", type=int, default=300, help="measured calls per path (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="warm-up rounds, not measured (default 20)")
    parser.add_argument("--pace-ms", type=float, default=40.0, help="minimum round length in ms (default 40)")
    parser.add_argument("--paths", default=",".join(PATHS), help=f"comma-separated subset of {','.join(PATHS)}")
    parser.add_argument(
        "--sandbox-process",
        action="store_true",
        help="run the sandbox Zoom in its own process (default: a thread of this process)",
    )
    args = parser.parse_args(argv)
    paths = [name for name in args.paths.split(",") if name]
    unknown = sorted(set(paths) - set(PATHS))
    if unknown or not paths:
        parser.error(f"unknown path {', '.join(unknown) or '(none given)'}; choose from {', '.join(PATHS)}")
    calls, warmup = (20, 3) if args.quick else (args.calls, args.warmup)
    print_machine_info()
    print(f"sandbox Zoom: {'its own process' if args.sandbox_process else 'a thread of this process'}")
    with sandbox_process() if args.sandbox_process else running_sandbox(SANDBOX_CONFIG) as sandbox:
        latencies = anyio.run(measure, sandbox, paths, calls, warmup, args.pace_ms / 1000)
        validation = client_validation_ms(sandbox, 20 if args.quick else 200)
    summary = report(latencies)
    print(
        f"\nOf the memory/stdio rows, {validation:.2f} ms per call is the SDK client validating the answer "
        f"against {TOOL}'s outputSchema (client-side work)."
    )
    summary["client_output_validation_ms"] = round(validation, 3)
    summary["sandbox_process"] = args.sandbox_process
    print_summary("call_overhead", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
