"""Tool modes behind the hosted HTTP endpoint: per-caller API-key policies decide what the meta-tools reach;
toolsets mode keeps enabled toolsets in a stateful session (and announces list_changed), and says there is no
session over stateless HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp_http_client import bearer, mcp_client
from mcp_types import ElicitResult, ToolListChangedNotification

from zoom_mcp.auth.api_keys import hash_api_key
from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.metrics import Metrics
from zoom_mcp.sandbox import SandboxConfig, running_sandbox_async
from zoom_mcp.sandbox.runner import RunningSandbox
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings
from zoom_mcp.transports.http import RunningHttpServer, running_http_server
from zoom_mcp.transports.settings import HttpSettings

pytestmark = pytest.mark.anyio

FULL_KEY = "zmcp_full-key-modes"
READER_KEY = "zmcp_reader-key-modes"
MEETING_ID = "85746065001"


@asynccontextmanager
async def served(
    tmp_path: Path, mode: Any, *, stateless: bool = False
) -> AsyncIterator[tuple[RunningHttpServer, RunningSandbox]]:
    keys = tmp_path / "keys.yaml"
    keys.write_text(
        "keys:\n"
        f"  - {{name: ops, key_sha256: {hash_api_key(FULL_KEY)}, policy: {{confirm: elicit}}}}\n"
        f"  - {{name: reader, key_sha256: {hash_api_key(READER_KEY)}, policy: {{read_only: true}}}}\n"
    )
    metrics = Metrics()
    async with running_sandbox_async(SandboxConfig(account_type="regular")) as sandbox:  # an ordinary account
        options = RuntimeOptions(
            zoom=sandbox_zoom_settings(sandbox),
            metrics=metrics,
            tool_mode=mode,
            catalog=load_catalog(variant="regular"),
        )
        async with open_runtime(options) as runtime:
            settings = HttpSettings(port=0, api_keys_file=keys, stateless=stateless)
            async with running_http_server(
                build_server(runtime), settings, metrics=metrics, default_caller=runtime.default_caller
            ) as running:
                yield running, sandbox


def text_of(result: Any) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


@pytest.mark.parametrize("era", ["legacy", "auto"])
async def test_api_key_policies_decide_what_the_meta_tools_reach(tmp_path: Path, era: str) -> None:
    async def accept(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="accept", content={"confirm": True})

    async with served(tmp_path, "discover") as (running, sandbox):
        async with mcp_client(running.mcp_url, bearer(READER_KEY), mode=era) as reader:
            found = await reader.call_tool("zoom_search_tools", {"query": "cancel the meeting", "limit": 20})
            refused = await reader.call_tool(
                "zoom_call_tool", {"name": "meeting_delete", "arguments": {"meetingId": MEETING_ID}}
            )
        assert all(hit["readOnly"] for hit in found.structured_content["tools"])
        assert refused.is_error and "not available to this caller" in text_of(refused)
        assert not [r for r in sandbox.requests() if r["method"] == "DELETE"]
        async with mcp_client(running.mcp_url, bearer(FULL_KEY), mode=era, elicitation_callback=accept) as ops:
            found = await ops.call_tool("zoom_search_tools", {"query": "cancel the meeting"})
            deleted = await ops.call_tool(
                "zoom_call_tool", {"name": "meeting_delete", "arguments": {"meetingId": MEETING_ID}}
            )
        assert "meeting_delete" in [hit["name"] for hit in found.structured_content["tools"]]
        assert not deleted.is_error, text_of(deleted)
        assert len([r for r in sandbox.requests() if r["method"] == "DELETE"]) == 1


async def test_toolsets_mode_over_a_stateful_http_session(tmp_path: Path) -> None:
    seen: list[Any] = []

    async def on_message(message: Any) -> None:
        seen.append(getattr(message, "root", message))

    async with (
        served(tmp_path, "toolsets") as (running, _),
        mcp_client(running.mcp_url, bearer(FULL_KEY), mode="legacy", message_handler=on_message) as client,
    ):
        before = {tool.name for tool in (await client.list_tools()).tools}
        enabled = await client.call_tool("zoom_enable_toolsets", {"toolsets": ["reports"]})
        after = {tool.name for tool in (await client.list_tools()).tools}
    assert not enabled.is_error, text_of(enabled)
    assert "report_daily_get" not in before and "report_daily_get" in after
    assert any(isinstance(message, ToolListChangedNotification) for message in seen)


async def test_toolsets_mode_over_stateless_http_points_to_call_tool(tmp_path: Path) -> None:
    async with (
        served(tmp_path, "toolsets", stateless=True) as (running, _),
        mcp_client(running.mcp_url, bearer(FULL_KEY), mode="legacy") as client,
    ):
        result = await client.call_tool("zoom_enable_toolsets", {"toolsets": ["reports"]})
        report = await client.call_tool("zoom_call_read_tool", {"name": "report_daily_get", "arguments": {}})
    assert result.is_error and "stateless HTTP" in text_of(result) and "zoom_call_tool" in text_of(result)
    assert not report.is_error, text_of(report)
