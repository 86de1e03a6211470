"""Fixtures of the state-store tests: a real redis-server per test session, and a store of each kind."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from zoom_mcp.state import MemoryStore, StateStore
from zoom_mcp.state.redis_store import RedisStore

from .redis_server import RedisServer


@pytest.fixture(params=["memory", "redis"])
async def store(request: pytest.FixtureRequest, redis_server: RedisServer) -> AsyncIterator[StateStore]:
    """A fresh store of each kind; Redis keys get a per-test prefix so tests never see each other's data."""
    chosen: StateStore
    if request.param == "memory":
        chosen = MemoryStore()
    else:
        chosen = RedisStore(redis_server.url, prefix=f"test-{uuid.uuid4().hex[:8]}:")
    try:
        yield chosen
    finally:
        await chosen.aclose()
