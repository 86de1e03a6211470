"""`zoom-mcp serve` over stdio with --state-url spends the same Zoom rate budget as the hosted replicas."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from state.redis_server import RedisServer

from zoom_mcp.sandbox import SandboxConfig, running_sandbox
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID
from zoom_mcp.state.redis_store import RedisStore

from .conftest import cluster_environment

pytestmark = pytest.mark.anyio


async def test_stdio_with_a_state_url_waits_for_the_shared_budget(tmp_path: Path) -> None:
    """Another process (e.g. a replica that got a 429) paused the account's LIGHT budget for an hour: the stdio
    server honours the pause too and sends nothing."""
    with running_sandbox(SandboxConfig()) as sandbox, RedisServer(tmp_path / "redis") as redis:
        store = RedisStore(redis.url)
        try:
            await store.pause(f"rate:{sandbox.config.account_id}:LIGHT", 3600, interval=1 / 30, burst=15)
        finally:
            await store.aclose()
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "zoom_mcp", "serve", "--state-url", redis.url],
            env={**cluster_environment(sandbox), "PATH": os.environ.get("PATH", "")},
        )
        async with Client(stdio_client(params), mode="legacy") as client:
            paused = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
            other_label = await client.call_tool("meetings_list", {"userId": "me"})  # MEDIUM: its own budget
        gets = [r for r in sandbox.requests() if str(r["path"]).endswith(f"/meetings/{SCHEDULED_MEETING_ID}")]
    assert paused.is_error and "shared LIGHT budget" in str(paused.content)
    assert gets == []
    assert not other_label.is_error, other_label
