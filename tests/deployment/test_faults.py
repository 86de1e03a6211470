"""Faults with three real replicas: Redis stopped and restarted mid-run, a replica killed mid-run."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from state.redis_server import free_port

from zoom_mcp.sandbox import SandboxConfig, running_sandbox
from zoom_mcp.sandbox.seed import OWNER_ID, SCHEDULED_MEETING_ID
from zoom_mcp.state.redis_store import RedisStore

from .cluster import Replica, modern_call, text_of
from .conftest import Cluster, cluster_environment, running_cluster
from .spreading import spreading_client

pytestmark = pytest.mark.anyio
MEETING = str(SCHEDULED_MEETING_ID)


@pytest.fixture
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Its own three replicas, Redis and sandbox per test: these tests break things (what is left is killed)."""
    with running_cluster(tmp_path_factory.mktemp("faults"), ["--confirm", "token"], end=Replica.kill) as made:
        yield made


def deletes(cluster: Cluster) -> int:
    return sum(1 for r in cluster.sandbox.requests() if r["method"] == "DELETE" and str(r["path"]).endswith(MEETING))


async def test_redis_lost_mid_run_fails_confirmations_closed_keeps_reads_and_resumes_without_restart(
    cluster: Cluster,
) -> None:
    a, b, c = cluster.replicas
    async with httpx2.AsyncClient(timeout=60) as http:
        first = await modern_call(http, a.base_url, "meeting_delete", {"meetingId": MEETING})
        old_token = first["structuredContent"]["confirmation_token"]

        cluster.redis.kill()
        refused = await modern_call(
            http, b.base_url, "meeting_delete", {"meetingId": MEETING, "confirmation_token": old_token}
        )
        assert refused.get("isError") and "state store" in text_of(refused) and "Nothing was sent" in text_of(refused)
        asked = await modern_call(http, c.base_url, "meeting_delete", {"meetingId": MEETING})
        assert asked["structuredContent"]["status"] == "state_unavailable"  # no new confirmation either
        read = await modern_call(http, c.base_url, "meeting_get", {"meetingId": MEETING})
        assert not read.get("isError"), text_of(read)  # reads go on, paced locally
        assert "pacing with this process's own budget" in c.log()
        assert deletes(cluster) == 0

        cluster.redis.start()  # same port, without the data it had
        with anyio.fail_after(30):  # every replica resumes by itself
            while True:
                preview = await modern_call(http, a.base_url, "meeting_delete", {"meetingId": MEETING})
                if preview["structuredContent"]["status"] == "confirmation_required":
                    break
                await anyio.sleep(0.2)
        lost = await modern_call(
            http, b.base_url, "meeting_delete", {"meetingId": MEETING, "confirmation_token": old_token}
        )
        assert lost.get("isError") and "restarted without its data" in text_of(lost)  # may have been used: refused
        token = preview["structuredContent"]["confirmation_token"]
        done = await modern_call(
            http, c.base_url, "meeting_delete", {"meetingId": MEETING, "confirmation_token": token}
        )
        assert not done.get("isError"), text_of(done)
        replay = await modern_call(
            http, b.base_url, "meeting_delete", {"meetingId": MEETING, "confirmation_token": token}
        )
        assert replay.get("isError") and "already used" in text_of(replay)
    assert deletes(cluster) == 1


async def test_a_replica_killed_mid_run_loses_no_acknowledged_write_and_duplicates_none(cluster: Cluster) -> None:
    b = cluster.replicas[1]
    cluster.sandbox.set_faults(latency_ms=400)  # calls stay in flight long enough to be cut
    outcomes: dict[str, tuple[str, Any]] = {}

    async with (
        spreading_client([r.port for r in cluster.replicas]) as session_http,
        Client(streamable_http_client(b.mcp_url, http_client=session_http), mode="legacy") as session_client,
    ):
        await session_client.list_tools()  # a session somewhere, with requests on every replica
        async with httpx2.AsyncClient(timeout=60) as http:

            async def create(index: int) -> None:
                replica = cluster.replicas[index % 3]
                topic = f"kill-test-{index}"
                arguments = {"userId": OWNER_ID, "topic": topic}
                try:
                    result = await modern_call(http, replica.base_url, "meeting_create", arguments, index + 1)
                except (httpx2.TransportError, AssertionError) as exc:
                    outcomes[topic] = (replica.name, exc)
                    return
                outcomes[topic] = (replica.name, result)

            async with anyio.create_task_group() as group:
                for index in range(30):
                    group.start_soon(create, index)
                await anyio.sleep(0.25)
                b.kill()
        cluster.sandbox.set_faults()

    acknowledged = {topic: result for topic, (_name, result) in outcomes.items() if isinstance(result, dict)
                    and not result.get("isError")}  # fmt: skip
    for topic, (name, result) in outcomes.items():
        if name != "B":
            assert topic in acknowledged, (topic, result)  # the replicas that stayed up answered every call
    assert any(name == "B" and topic not in acknowledged for topic, (name, _) in outcomes.items())  # cut mid-call
    meetings = list(cluster.sandbox.state.meetings.values())
    for topic, result in acknowledged.items():
        created = result["structuredContent"]["id"]
        assert any(m.get("id") == created and m.get("topic") == topic for m in meetings)  # no acknowledged write lost
    for topic in outcomes:
        assert sum(1 for m in meetings if m.get("topic") == topic) <= 1  # nothing was sent twice
    posts = [r for r in cluster.sandbox.requests() if r["method"] == "POST" and "/users/" in str(r["path"])]
    assert len(posts) <= len(outcomes)


async def test_a_session_held_by_a_killed_replica_is_gone_cleanly_on_the_others(cluster: Cluster) -> None:
    a, b, c = cluster.replicas
    store = RedisStore(cluster.redis.url)

    async def sessions_held_by_b() -> list[str]:
        keys = await store._client.keys("zoom-mcp:session:*")
        return [key for key in keys if await store._client.get(key) == b.base_url]

    try:
        async with (
            spreading_client([b.port, a.port, c.port]) as http,
            Client(streamable_http_client(b.mcp_url, http_client=http), mode="legacy") as client,
        ):
            await client.list_tools()  # initialize went to B: B holds the session, forwarded from A and C
            assert len(await sessions_held_by_b()) == 1
            b.kill()
            with pytest.raises(Exception) as caught:
                await client.call_tool("meeting_get", {"meetingId": MEETING})
            assert "Session not found" in str(caught.value) or "404" in str(caught.value)
        assert await sessions_held_by_b() == []  # the stale record is dropped by the replica that found B gone
    finally:
        await store.aclose()


def test_serve_exits_with_a_clear_error_when_redis_is_unreachable_at_start(tmp_path_factory: Any) -> None:
    url = f"redis://:secret-pw@127.0.0.1:{free_port()}/0"
    with running_sandbox(SandboxConfig()) as sandbox:
        env = cluster_environment(sandbox)
        done = subprocess.run(
            [sys.executable, "-m", "zoom_mcp", "serve", "--transport", "http", "--port", "0", "--state-url", url],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "cannot start" in done.stderr and "127.0.0.1" in done.stderr and "--state-url" in done.stderr
    assert "secret-pw" not in done.stderr
