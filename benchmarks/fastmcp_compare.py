"""The comparison point: FastMCP's `from_openapi` on the same OpenAPI document (catalogue bytes, cold start).

Run it with the Python of a SEPARATE virtual environment that has `fastmcp` installed (never add fastmcp to
zoom-mcp's own environment: it may pin another `mcp`); it does not import zoom_mcp. See benchmarks/README.md.

    python3 -m venv /tmp/fastmcp-venv && /tmp/fastmcp-venv/bin/pip install fastmcp
    /tmp/fastmcp-venv/bin/python benchmarks/fastmcp_compare.py [--quick] [--runs 10]

`size`: tools/list bytes per tool as the SDK serialises them (same measure as catalogue_size.py's
"SDK serialisation"); `cold`: spawn `python fastmcp_compare.py serve` and time spawn -> first tools/list
answer with hand-written JSON-RPC (same measure as stdio_cold_start.py's `raw` row).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from bench_report import REPO_ROOT, describe, print_machine_info, print_summary, print_table

OPENAPI = REPO_ROOT / "tool_specs" / "zoom-meetings.openapi.json"
UNUSED_BASE_URL = "http://127.0.0.1:9/v2"  # tools/list never calls the API


def build_server(document: Path) -> Any:
    try:
        import httpx2
        from fastmcp import FastMCP
    except ImportError as exc:
        raise SystemExit(
            f"fastmcp_compare.py needs fastmcp ({exc}); run it with a separate venv's Python: "
            "python3 -m venv /tmp/fastmcp-venv && /tmp/fastmcp-venv/bin/pip install fastmcp && "
            "/tmp/fastmcp-venv/bin/python benchmarks/fastmcp_compare.py"
        ) from None
    spec = json.loads(document.read_text(encoding="utf-8"))
    return FastMCP.from_openapi(openapi_spec=spec, client=httpx2.AsyncClient(base_url=UNUSED_BASE_URL), name="zoom")


async def listed_tools(server: Any) -> list[dict[str, Any]]:
    from fastmcp import Client

    async with Client(server) as client:
        tools = await client.list_tools()
    return [tool.model_dump(by_alias=True, exclude_none=True, mode="json") for tool in tools]


def size_report(document: Path) -> dict[str, Any]:
    import anyio

    tools = anyio.run(listed_tools, build_server(document))
    sizes = [len(json.dumps(tool, separators=(",", ":"), ensure_ascii=False).encode()) for tool in tools]
    stats = describe([float(s) for s in sizes])
    total = len(json.dumps(tools, separators=(",", ":"), ensure_ascii=False).encode())
    fields: dict[str, int] = {}
    for tool in tools:
        for key, value in tool.items():
            fields[key] = fields.get(key, 0) + len(json.dumps({key: value}, separators=(",", ":")).encode()) - 2
    print_table(
        "FastMCP from_openapi: tools/list bytes",
        ["tools", "bytes", "mean/tool", "p50/tool", "max/tool"],
        [[len(tools), total, stats["mean"], stats["p50"], stats["max"]]],
        numeric_from=0,
    )
    rows = [[key, count, count / len(tools)] for key, count in sorted(fields.items(), key=lambda kv: -kv[1])]
    print_table("FastMCP from_openapi: bytes by field", ["field", "bytes", "per tool"], rows)
    # the same measures as tool_modes.py: the whole tools/list result, and what a model reads
    result_bytes = len(json.dumps({"tools": tools}, separators=(",", ":"), ensure_ascii=False).encode())
    visible = sum(
        len(json.dumps({k: t[k] for k in ("name", "description", "inputSchema") if k in t}, separators=(",", ":"),
                       ensure_ascii=False).encode())
        for t in tools
    )  # fmt: skip
    largest = max(len(json.dumps(t.get("inputSchema", {}), separators=(",", ":")).encode()) for t in tools)
    return {
        "fastmcp_tools": len(tools),
        "fastmcp_bytes": result_bytes,
        "fastmcp_tokens": result_bytes // 4,
        "fastmcp_visible_bytes": visible,
        "fastmcp_visible_tokens": visible // 4,
        "fastmcp_largest_input_schema": largest,
        "fastmcp_list_bytes": total,
        "fastmcp_mean_bytes_per_tool": round(stats["mean"], 1),
    }


def send(stream: IO[bytes], message: dict[str, Any]) -> None:
    stream.write(json.dumps(message).encode() + b"\n")
    stream.flush()


def cold_start(document: Path) -> tuple[float, int]:
    """Seconds from spawn to the first tools/list answer, and that answer's bytes."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "serve", "--openapi", str(document)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        initialize = {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "fastmcp_compare", "version": "1"},
        }
        send(child.stdin, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": initialize})
        json.loads(child.stdout.readline())
        send(child.stdin, {"jsonrpc": "2.0", "method": "notifications/initialized"})
        send(child.stdin, {"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        if "result" not in json.loads(line):
            raise RuntimeError(f"FastMCP answered tools/list with {line[:300]!r}")
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    return elapsed, len(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", choices=("all", "size", "cold", "serve"), default="all")
    parser.add_argument("--quick", action="store_true", help="one cold start")
    parser.add_argument("--runs", type=int, default=10, help="cold starts (default 10)")
    parser.add_argument("--openapi", type=Path, default=OPENAPI, help="OpenAPI document (default: ours)")
    args = parser.parse_args(argv)
    if args.mode == "serve":
        build_server(args.openapi).run(transport="stdio", show_banner=False)
        return 0
    print_machine_info()
    summary: dict[str, Any] = {}
    if args.mode in ("all", "size"):
        summary.update(size_report(args.openapi))
    if args.mode in ("all", "cold"):
        build_server(args.openapi)  # fail here, with the set-up hint, when fastmcp is missing
        timings = [cold_start(args.openapi) for _ in range(1 if args.quick else args.runs)]
        stats = describe([seconds * 1000 for seconds, _ in timings])
        print_table(
            "FastMCP from_openapi: spawn -> first tools/list (ms)",
            ["runs", "min", "p50", "mean", "max", "answer bytes"],
            [[stats["n"], stats["min"], stats["p50"], stats["mean"], stats["max"], timings[0][1]]],
            numeric_from=0,
        )
        summary["fastmcp_first_list_p50_ms"] = round(stats["p50"], 1)
    print_summary("fastmcp_compare", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
