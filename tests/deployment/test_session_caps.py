"""Session caps across replicas: `--max-sessions-per-caller` and `--max-sessions` count every replica's sessions.

Three real replicas share a real Redis (`--state-url`), with API keys, a cap of 2 sessions per caller and 3 in
total, and session records that live 6 s without renewal (`--session-record-seconds 6`). Shown: the caps hold
across replicas for Streamable HTTP and legacy SSE sessions; a closed session leaves the count at once (its
DELETE forwarded to the replica holding it); the sessions of a killed replica leave it within the record's
lifetime while live ones keep counting; with Redis gone each replica counts its own sessions (logged), and
once Redis is back the replicas count their open sessions together again without a restart.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx2
import pytest
from state.redis_server import RedisServer

from zoom_mcp.auth.api_keys import hash_api_key
from zoom_mcp.sandbox import SandboxConfig, running_sandbox
from zoom_mcp.state.redis_store import RedisStore

from .cluster import Replica, start_replicas
from .conftest import cluster_environment

pytestmark = pytest.mark.anyio
KEYS = {"capped": "deployment-test-session-cap-key-0123456789", "other": "deployment-test-other-key-0123456789ab"}
PER_CALLER, TOTAL, RECORD_SECONDS = 2, 3, 6
INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "caps", "version": "0"}},
}


@dataclass
class Capped:
    replicas: list[Replica]
    redis: RedisServer
    directory: Path


@pytest.fixture
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Capped]:
    """Its own sandbox, Redis and three replicas per test: these tests kill things."""
    directory = tmp_path_factory.mktemp("session-caps")
    keys = directory / "keys.json"
    entries = [{"name": name, "key_sha256": hash_api_key(key), "policy": {}} for name, key in KEYS.items()]
    keys.write_text(json.dumps({"keys": entries}))
    extra = ["--api-keys", str(keys), "--max-sessions-per-caller", str(PER_CALLER), "--max-sessions", str(TOTAL)]
    extra += ["--session-record-seconds", str(RECORD_SECONDS)]
    with running_sandbox(SandboxConfig()) as sandbox, RedisServer(directory / "redis") as redis:
        replicas = start_replicas(
            ["A", "B", "C"], env=cluster_environment(sandbox), state_url=redis.url, log_dir=directory, extra_args=extra
        )
        try:
            yield Capped(replicas, redis, directory)
        finally:
            for replica in replicas:
                replica.kill()


def auth(name: str) -> dict[str, str]:
    return {"authorization": f"Bearer {KEYS[name]}"}


async def open_session(http: httpx2.AsyncClient, replica: Replica, name: str) -> httpx2.Response:
    headers = {"accept": "application/json, text/event-stream", **auth(name)}
    return await http.post(replica.mcp_url, json=INIT, headers=headers)


async def counted(redis: RedisServer, key: str) -> int:
    store = RedisStore(redis.url)
    try:
        return len(await store.set_members(key))
    finally:
        await store.aclose()


async def wait_for_count(redis: RedisServer, key: str, expected: int) -> None:
    with anyio.fail_after(60):
        while await counted(redis, key) != expected:
            await anyio.sleep(0.2)


def refused_for_caller(response: httpx2.Response) -> bool:
    return response.status_code == 503 and "Too many open sessions for caller 'key:capped'" in response.text


@asynccontextmanager
async def sse_stream(http: httpx2.AsyncClient, replica: Replica, name: str) -> AsyncIterator[httpx2.Response]:
    """A legacy SSE stream held open while the block runs (its first event has arrived when it is a 200)."""
    async with http.stream("GET", replica.sse_url, headers={"accept": "text/event-stream", **auth(name)}) as stream:
        if stream.status_code != 200:
            await stream.aread()
            yield stream
            return
        lines = stream.aiter_lines()  # read by hand: leaving an `async for` over it early would close the stream
        try:
            while not (await anext(lines)).startswith("data:"):  # the endpoint event: the session exists
                pass
            yield stream
        finally:
            await lines.aclose()


async def test_caps_count_the_sessions_of_every_replica_and_a_closed_one_leaves_at_once(capped: Capped) -> None:
    a, b, c = capped.replicas
    async with httpx2.AsyncClient(timeout=30) as http:
        first, second = await open_session(http, a, "capped"), await open_session(http, b, "capped")
        third = await open_session(http, c, "capped")  # a third replica, but the caller already holds 2
        other = await open_session(http, c, "other")  # another caller is not starved: 3 in total now
        over_total = await open_session(http, a, "other")
        closed = await http.delete(  # sent to B, forwarded to A (which holds it), and the slot is free at once
            b.mcp_url, headers={"mcp-session-id": first.headers["mcp-session-id"], **auth("capped")}
        )
        after_close = await open_session(http, c, "capped")
    assert (first.status_code, second.status_code, other.status_code) == (200, 200, 200)
    assert refused_for_caller(third)
    assert over_total.status_code == 503 and "counted across all replicas" in over_total.text
    assert closed.status_code in (200, 204) and after_close.status_code == 200
    assert await counted(capped.redis, "sessions:mcp:caller:key:capped") == 2

    sse_http = httpx2.AsyncClient(timeout=httpx2.Timeout(30, read=None))
    async with sse_http as http, sse_stream(http, a, "capped") as one:  # legacy SSE streams, same caps
        async with sse_stream(http, b, "capped") as two, sse_stream(http, c, "capped") as three:
            assert (one.status_code, two.status_code) == (200, 200)
            assert three.status_code == 503 and "for caller 'key:capped'" in (await three.aread()).decode()
        await wait_for_count(capped.redis, "sessions:sse:caller:key:capped", 1)  # B's stream closed: it left
        async with sse_stream(http, c, "capped") as again:
            assert again.status_code == 200


async def test_a_dead_replicas_sessions_leave_the_count_and_redis_outages_fall_back_to_local_counting(
    capped: Capped,
) -> None:
    a, b, c = capped.replicas
    key = "sessions:mcp:caller:key:capped"
    async with httpx2.AsyncClient(timeout=30) as http:
        assert (await open_session(http, a, "capped")).status_code == 200
        assert (await open_session(http, b, "capped")).status_code == 200
        assert await counted(capped.redis, key) == 2
        b.kill()  # its session stops being renewed: it leaves the count within --session-record-seconds
        await wait_for_count(capped.redis, key, 1)  # B's record expired; A's, older, was renewed meanwhile:
        assert (await open_session(http, c, "capped")).status_code == 200
        assert refused_for_caller(await open_session(http, c, "capped"))  # A's and C's: 2

        capped.redis.kill()  # each replica counts its own sessions: C holds one of the caller's, A one
        on_c = await open_session(http, c, "capped")
        on_c_again = await open_session(http, c, "capped")
        assert on_c.status_code == 200 and refused_for_caller(on_c_again)
        assert "counting the mcp sessions of this process only" in c.log()

        capped.redis.start()  # without its data: the replicas put their open sessions back by themselves
        await wait_for_count(capped.redis, key, 3)  # A's one and C's two
        assert refused_for_caller(await open_session(http, a, "capped"))
    assert "counting mcp sessions across replicas" in a.log() + c.log()
