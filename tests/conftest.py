"""Project-wide test defaults and fixtures shared by several test packages.

- Async tests run on asyncio (the backend zoom-mcp serves on). AnyIO's own default runs every installed
  backend, and trio is installed as a dependency of selenium (the browser test): without this fixture,
  tests written for asyncio would also run, and fail, on trio.
- A real redis-server (one per test session, on a free loopback port).
- A master-account sandbox Zoom on loopback, one per test module (`served`), re-seeded for each test that asks
  for `sandbox` (state, request log, faults and rate limits as configured).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from state.redis_server import RedisServer

from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One shared redis-server; tests isolate themselves with their own key prefix (or use their own server)."""
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(scope="module")
def served() -> Iterator[RunningSandbox]:
    """The module's sandbox Zoom: a master account (the account the master catalogue's tools address)."""
    with running_sandbox(SandboxConfig(account_type="master")) as running:
        yield running


@pytest.fixture
def sandbox(served: RunningSandbox) -> RunningSandbox:
    """The module's sandbox, freshly seeded: state, request log, faults and rate limits as configured."""
    served.reset()
    return served
