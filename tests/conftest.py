"""Fixtures shared by several test packages: a real redis-server (one per test session, on a free loopback port)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from state.redis_server import RedisServer


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One shared redis-server; tests isolate themselves with their own key prefix (or use their own server)."""
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server
