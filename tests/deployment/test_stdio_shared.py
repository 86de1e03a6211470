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


async def test_stdio_with_a_state_url_books_its_zoom_calls_in_the_shared_budget(tmp_path: Path) -> None:
    with running_sandbox(SandboxConfig()) as sandbox, RedisServer(tmp_path / "redis") as redis:
        env = cluster_environment(sandbox)
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "zoom_mcp", "serve", "--state-url", redis.url],
            env={**env, "PATH": os.environ.get("PATH", "")},
        )
        async with Client(stdio_client(params), mode="legacy") as client:
            result = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
        assert not result.is_error, result
        store = RedisStore(redis.url)
        try:
            budget = await store.get(f"rate:{sandbox.config.account_id}:LIGHT")
        finally:
            await store.aclose()
        assert budget is not None  # the slot was booked in Redis, where the replicas book theirs
