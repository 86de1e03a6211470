"""What each tool mode costs a client: tools/list bytes and tokens, and the part a model reads.

For both API variants (`--api regular`, what the sandbox and ordinary accounts get, and `--api master`) and
`--tool-mode discover | toolsets | all` (toolsets: at the start of a session, i.e. the everyday
toolsets), the real server (in process, the SDK's real `Client`, handshake era) answers `tools/list`; the
script reports the tools listed, the bytes of the whole `tools/list` result as compact JSON, tokens
estimated as bytes/4, and the model-visible part: name + description + inputSchema of each tool (what
clients put into the model's context; titles, annotations, output schemas and `_meta` usually stay out).
Then the same figures for FastMCP's `from_openapi` on the same OpenAPI document, measured by
`fastmcp_compare.py` in a separate virtual environment (`--fastmcp-python`), when one is given.

    python benchmarks/tool_modes.py [--quick] [--fastmcp-python /tmp/fastmcp-venv/bin/python]
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path
from typing import Any

import anyio
from bench_report import REPO_ROOT, print_machine_info, print_summary, print_table
from mcp import Client

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.zoom_client import ZoomSettings

MODES = ("discover", "toolsets", "all")
VARIANTS = ("regular", "master")
DOCUMENTS = {
    "regular": REPO_ROOT / "tool_specs" / "zoom-meetings-regular.openapi.json",
    "master": REPO_ROOT / "tool_specs" / "zoom-meetings.openapi.json",
}
VISIBLE = ("name", "description", "inputSchema")


def compact(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def measure(tools: list[dict[str, Any]]) -> dict[str, int]:
    total = compact({"tools": tools})
    visible = sum(compact({key: tool[key] for key in VISIBLE if key in tool}) for tool in tools)
    largest = max(compact(tool.get("inputSchema", {})) for tool in tools)
    return {
        "tools": len(tools),
        "bytes": total,
        "tokens": total // 4,
        "visible_bytes": visible,
        "visible_tokens": visible // 4,
        "largest_input_schema": largest,
    }


async def listed(mode: Any, variant: str) -> list[dict[str, Any]]:
    options = RuntimeOptions(
        zoom=ZoomSettings(access_token="unused", api_base_url="http://127.0.0.1:9/v2"),
        policy=CallerPolicy(name="bench"),
        tool_mode=mode,
        catalog=load_catalog(variant=variant),
    )
    async with open_runtime(options) as runtime, Client(build_server(runtime), mode="legacy") as client:
        result = await client.list_tools()
    return [tool.model_dump(by_alias=True, exclude_none=True, mode="json") for tool in result.tools]


def fastmcp_figures(python: Path, document: Path) -> dict[str, Any] | None:
    done = subprocess.run(
        [str(python), str(REPO_ROOT / "benchmarks" / "fastmcp_compare.py"), "size", "--openapi", str(document)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT / "benchmarks",
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        print(f"fastmcp_compare.py failed: {done.stderr[-1000:]}")
        return None
    last = done.stdout.strip().splitlines()[-1]
    summary: dict[str, Any] = json.loads(last.removeprefix("SUMMARY "))
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="same figures (this benchmark is always quick)")
    parser.add_argument("--fastmcp-python", type=Path, default=None, help="Python of a venv with fastmcp installed")
    args = parser.parse_args(argv)
    print_machine_info()
    summary: dict[str, Any] = {}
    rows = []
    for variant in VARIANTS:  # regular first: what `zoom-mcp serve` picks on the sandbox
        for mode in MODES:
            figures = measure(anyio.run(listed, mode, variant))
            summary[mode if variant == "regular" else f"{variant}_{mode}"] = figures
            rows.append([f"zoom-mcp --api {variant} --tool-mode {mode}", *figures.values()])
        if args.fastmcp_python is not None:
            fastmcp = fastmcp_figures(args.fastmcp_python, DOCUMENTS[variant])
            if fastmcp is not None:
                key = "fastmcp_from_openapi" if variant == "regular" else f"{variant}_fastmcp_from_openapi"
                summary[key] = {
                    name: fastmcp.get(f"fastmcp_{name}")
                    for name in ("tools", "bytes", "tokens", "visible_bytes", "visible_tokens", "largest_input_schema")
                }
                rows.append([f"FastMCP from_openapi ({DOCUMENTS[variant].name})", *summary[key].values()])
    headers = ["server", "tools", "tools/list bytes", "tokens (bytes/4)", "model-visible bytes", "model-visible tokens",
               "largest inputSchema"]  # fmt: skip
    print_table("tools/list per tool mode", headers, rows)
    print_summary("tool_modes", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
