"""Copilot's cap through the real server: in both API variants the start list of `discover` stays far under
128 tools (GitHub Copilot in VS Code, JetBrains and Eclipse refuses requests with more, the client's own tools
included); `toolsets` starts with the everyday toolsets as before tool modes existed: under the cap on the
master variant, over it on the regular one (whose toolsets hold more operations), and `serve` then says so on
stderr, as it does in `all` mode; `tools list --tool-mode` shows what the server lists."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from typing import Any

import pytest
from mcp import Client

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.cli import main
from zoom_mcp.discovery import meta_tools
from zoom_mcp.discovery.modes import MANY_TOOLS
from zoom_mcp.live_controls import GENERATED_TOOL_NAME
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.tool_modes import starting_list_size
from zoom_mcp.zoom_client import ZoomSettings

from .test_stdio import ZOOM_VARIABLES

pytestmark = pytest.mark.anyio

VARIANTS = ["regular", "master"]
MARGIN = 10  # places left under the cap for the client's own tools and other servers


async def served_list(variant: str, mode: Any, era: str = "legacy") -> tuple[list[str], int]:
    """tools/list as the SDK's real Client gets it, and the size the server warns about at start-up."""
    options = RuntimeOptions(
        zoom=ZoomSettings(access_token="unused", api_base_url="http://127.0.0.1:9/v2"),  # listing calls no Zoom
        policy=CallerPolicy(name="local"),
        tool_mode=mode,
        catalog=load_catalog(variant=variant),
    )
    async with open_runtime(options) as runtime:
        async with Client(build_server(runtime), mode="legacy" if era == "legacy" else "auto") as client:
            tools = await client.list_tools()
        return [tool.name for tool in tools.tools], starting_list_size(runtime, mode)


def cli_list(variant: str, mode: str) -> list[str]:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["tools", "list", "--json", "--api", variant, "--tool-mode", mode]) == 0
    return [tool["name"] for tool in json.loads(out.getvalue())]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("era", ["legacy", "modern"])
async def test_toolsets_and_discover_start_lists(variant: str, era: str) -> None:
    for mode in ("discover", "toolsets"):
        names, counted = await served_list(variant, mode, era)
        assert len(names) == counted == len(set(names))
        assert names == cli_list(variant, mode)  # what `tools list --tool-mode` shows is what the server lists
        if mode == "discover" or variant == "master":
            assert len(names) <= MANY_TOOLS - MARGIN, (variant, mode, len(names))
        else:  # the regular everyday toolsets hold more operations: over the cap, and serve warns (below)
            assert len(names) > MANY_TOOLS, (variant, mode, len(names))
    discover, _ = await served_list(variant, "discover", era)
    assert len(discover) <= 40
    toolsets, _ = await served_list(variant, "toolsets", era)
    # what issue 11 names stays listed: the toolset tools, and zoom_call_tool where enabling cannot work
    assert {meta_tools.LIST_TOOLSETS, meta_tools.ENABLE_TOOLSETS, meta_tools.CALL} <= set(toolsets)
    assert {"meeting_create", "webinar_create", "live_recording_start"} <= set(toolsets)
    assert GENERATED_TOOL_NAME not in toolsets and not any(name.startswith("report_") for name in toolsets)


@pytest.mark.parametrize("variant", VARIANTS)
async def test_all_mode_lists_more_than_the_cap(variant: str) -> None:
    names, counted = await served_list(variant, "all")
    assert len(names) == counted > MANY_TOOLS
    assert GENERATED_TOOL_NAME in names


def serve_stderr(variant: str, modes: list[str]) -> dict[str, str]:
    """Start `zoom-mcp serve --api variant --tool-mode m` for each mode at once; each ends when its stdin closes."""
    env = {k: v for k, v in os.environ.items() if k not in ZOOM_VARIABLES and k != "ZOOM_MCP_TOOL_MODE"}
    started = {
        mode: subprocess.Popen(
            [sys.executable, "-m", "zoom_mcp", "serve", "--api", variant, "--tool-mode", mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for mode in modes
    }
    stderr = {}
    for mode, process in started.items():
        _, err = process.communicate(input="", timeout=60)
        assert process.returncode == 0, err[-2000:]
        stderr[mode] = err
    return stderr


@pytest.mark.parametrize("variant", VARIANTS)
def test_serve_warns_when_the_start_list_is_over_the_cap(variant: str) -> None:
    warning = "Some clients refuse more than 128 tools"
    stderr = serve_stderr(variant, ["all", "toolsets", "discover"])
    assert warning in stderr["all"] and "--tool-mode discover" in stderr["all"]
    assert (warning in stderr["toolsets"]) == (variant == "regular")  # 130 tools on regular, 110 on master
    assert warning not in stderr["discover"]
