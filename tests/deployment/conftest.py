"""Fixtures: a sandbox Zoom, a real redis-server and three `zoom-mcp serve` replicas sharing it (per module)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from state.redis_server import RedisServer

from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.server.sandbox_wiring import sandbox_environment

from .cluster import Replica, child_environment, start_replicas

CONFIRM_KEY = "deployment-test-confirm-key-0123456789abcdef"


@dataclass
class Cluster:
    sandbox: RunningSandbox
    redis: RedisServer
    replicas: list[Replica]
    env: dict[str, str]
    log_dir: Path

    @property
    def ports(self) -> list[int]:
        return [replica.port for replica in self.replicas]


def cluster_environment(sandbox: RunningSandbox, plan: str = "pro") -> dict[str, str]:
    return child_environment(
        sandbox_environment(sandbox, os.environ), ZOOM_MCP_CONFIRM_KEYS=CONFIRM_KEY, ZOOM_RATE_PLAN=plan
    )


def _graceful(replica: Replica) -> None:
    replica.stop(timeout=10)


@contextmanager
def running_cluster(
    log_dir: Path, extra_args: list[str], plan: str = "pro", *, end: Callable[[Replica], None] = _graceful
) -> Iterator[Cluster]:
    """A sandbox, a redis-server and three replicas started with `extra_args`, pacing for Zoom's `plan`; each
    replica is ended with `end` (default: stopped gracefully)."""
    with running_sandbox(SandboxConfig()) as sandbox, RedisServer(log_dir / "redis") as redis:
        env = cluster_environment(sandbox, plan)
        replicas = start_replicas(["A", "B", "C"], env=env, state_url=redis.url, log_dir=log_dir, extra_args=extra_args)
        try:
            yield Cluster(sandbox, redis, replicas, env, log_dir)
        finally:
            for replica in replicas:
                end(replica)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Three replicas (`--confirm token`, subscriptions polled every 0.2 s) on one Redis and one sandbox."""
    with running_cluster(
        tmp_path_factory.mktemp("replicas"), ["--confirm", "token", "--resource-poll-seconds", "0.2"]
    ) as made:
        yield made


@pytest.fixture
def fresh(cluster: Cluster) -> Cluster:
    """The module's cluster with the sandbox re-seeded (state, request log, faults and rate limits)."""
    cluster.sandbox.reset()
    return cluster
