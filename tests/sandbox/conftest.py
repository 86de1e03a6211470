"""Fixtures: one sandbox served on loopback per test module, re-seeded before every test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.sandbox.config import DEFAULT_STATIC_TOKEN


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def served() -> Iterator[RunningSandbox]:
    with running_sandbox(SandboxConfig()) as running:
        yield running


@pytest.fixture
def sandbox(served: RunningSandbox) -> RunningSandbox:
    served.reset()
    served.set_rate_limits(SandboxConfig().rate_limits)
    return served


@pytest.fixture
def api(sandbox: RunningSandbox) -> Iterator[httpx2.Client]:
    """A client on `/v2` authenticated with the sandbox's static token."""
    headers = {"Authorization": f"Bearer {DEFAULT_STATIC_TOKEN}"}
    with httpx2.Client(base_url=sandbox.base_url, headers=headers, timeout=10) as client:
        yield client
