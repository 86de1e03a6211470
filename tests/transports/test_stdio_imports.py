"""`zoom-mcp serve` over stdio imports nothing that only the HTTP transport needs, and leaves what only a tool
call needs until one comes (the cold-start target in benchmarks/RESULTS.md). What a server process imported
is read from the process itself (`sys.modules` at its end, or `python -X importtime` on its stderr); nothing is
timed."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID

pytestmark = pytest.mark.anyio

# only the hosted endpoint needs these: they must never load over stdio
HTTP_ONLY = (
    "zoom_mcp.transports.http",
    "zoom_mcp.transports.http_app",
    "zoom_mcp.transports.session_caps",
    "zoom_mcp.transports.session_routing",
    "zoom_mcp.transports.host_check",
    "zoom_mcp.transports.call_limits",
    "zoom_mcp.transports.metrics_endpoint",
    "zoom_mcp.auth.middleware",
    "zoom_mcp.auth.jwt_verifier",
    "zoom_mcp.auth.api_keys",
    "zoom_mcp.auth.policy_files",
    "zoom_mcp.state.redis_store",
    "jwt",
    "redis",
    "wsproto",
    "websockets",
)
# a first tool call needs these, a start and a tools/list do not (built at first use or by the warm-up)
FIRST_CALL_ONLY = (
    "zoom_mcp.sandbox.app",
    "zoom_mcp.sandbox.core",
    "zoom_mcp.sandbox.handlers",
    "httpcore2",
    "jsonschema",
    "prometheus_client",
    "h11",
    "trio",
)
INSTALLED = ("jwt", "redis", "httpcore2", "jsonschema", "prometheus_client", "h11")  # declared dependencies

REPORT_MODULES = """
import json, sys
from zoom_mcp.cli import main
code = main(["serve"])
with open(sys.argv[1], "w", encoding="utf-8") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def test_the_lists_name_real_modules() -> None:
    """Every name is a module that exists (a renamed module would make the checks below pass vacuously)."""
    for name in (*HTTP_ONLY, *FIRST_CALL_ONLY):
        if name.startswith("zoom_mcp."):
            assert importlib.util.find_spec(name) is not None, name
    for name in INSTALLED:
        assert importlib.util.find_spec(name) is not None, name


def serve_environment() -> dict[str, str]:
    """No Zoom credentials: `serve` starts its embedded sandbox, as a first-time user's would."""
    return {key: value for key, value in os.environ.items() if not key.startswith("ZOOM_")}


def test_serve_over_stdio_starts_without_http_or_first_call_modules(tmp_path: Path) -> None:
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", REPORT_MODULES, str(report)],
        input=b"",  # a pipe at end of file: the server starts, reads EOF and stops
        capture_output=True,
        env=serve_environment(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert "talking to the built-in sandbox Zoom" in done.stderr.decode()  # its port was bound and announced
    loaded = set(json.loads(report.read_text(encoding="utf-8"))["modules"])
    assert {"zoom_mcp.transports.stdio", "zoom_mcp.sandbox.runner", "zoom_mcp.server.app"} <= loaded
    assert sorted(loaded & set(HTTP_ONLY)) == []
    assert sorted(loaded & set(FIRST_CALL_ONLY)) == []


async def test_a_stdio_session_with_calls_never_loads_http_only_modules(tmp_path: Path) -> None:
    errlog_path = tmp_path / "stderr.txt"
    params = StdioServerParameters(
        command=sys.executable,
        args=["-X", "importtime", "-m", "zoom_mcp", "serve", "--tool-mode", "all"],
        env=serve_environment(),
    )
    with errlog_path.open("w") as errlog:
        async with Client(stdio_client(params, errlog=errlog), mode="legacy") as client:
            tools = await client.list_tools()
            assert "meeting_get" in {tool.name for tool in tools.tools}
            fetched = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
            assert not fetched.is_error, fetched.content
            assert fetched.structured_content is not None
            assert str(fetched.structured_content["id"]) == str(SCHEDULED_MEETING_ID)
            bad = await client.call_tool("meeting_get", {"meetingId": {"not": "an id"}})
            assert bad.is_error  # argument validation (jsonschema) ran
    lines = errlog_path.read_text().splitlines()
    imported = {line.rsplit("|", 1)[1].strip() for line in lines if line.startswith("import time:")}
    assert "zoom_mcp.transports.stdio" in imported
    assert {"zoom_mcp.sandbox.app", "jsonschema", "httpcore2"} <= imported  # the call built what it needed
    assert sorted(imported & set(HTTP_ONLY)) == []
