"""`RedisStore` when Redis goes away and comes back (a real redis-server, stopped and restarted)."""

from __future__ import annotations

import argparse
import os
import signal
from pathlib import Path

import anyio
import pytest

from zoom_mcp.state import StateConfigError, StateUnavailable, connect_state_store, open_state_store
from zoom_mcp.state.options import state_url_from_args
from zoom_mcp.state.redis_store import RedisStore, redacted_url

from .redis_server import RedisServer, free_port


async def test_every_operation_fails_with_state_unavailable_then_resumes_without_a_new_store(tmp_path: Path) -> None:
    server = RedisServer(tmp_path).start()
    store = RedisStore(server.url)
    try:
        assert (await store.claim("a", 60)).won
        server.stop()
        for operation in (
            store.ping(),
            store.claim("b", 60),
            store.put("p", "v", 60),
            store.get("p"),
            store.take("p"),
            store.incr("c", 60),
            store.reserve("r", interval=1, burst=1),
            store.pause("r", 1, interval=1, burst=1),
            store.admit("w", limit=1, window=60),
            store.lease("l", "me", 60),
            store.publish("chan", "m"),
        ):
            with pytest.raises(StateUnavailable, match=r"redis://127\.0\.0\.1:\d+/0"):
                await operation
        server.start()  # same port, empty (no persistence)
        await store.ping()
        assert (await store.claim("b", 60)).won
    finally:
        server.stop()
        await store.aclose()


async def test_a_hung_redis_fails_each_operation_by_its_deadline_then_resumes_when_it_answers(tmp_path: Path) -> None:
    """A Redis that accepts connections but never answers (SIGSTOP): the operation's deadline turns the wait into
    `StateUnavailable`, a used connection cut off mid-command is not reused, and the store works again after SIGCONT."""
    server = RedisServer(tmp_path).start()
    assert server.process is not None
    store = RedisStore(server.url, timeout=0.5)
    try:
        await store.put("kept", "1", 60)
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            for operation in (
                store.get("kept"),
                store.admit("w", limit=5, window=60),
                store.reserve("r", interval=1, burst=1),
            ):
                with pytest.raises(StateUnavailable, match=r"no answer within 0\.5 s"):
                    await operation
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        assert await store.get("kept") == "1"  # answers again, and no stale reply from before is read as this one
        assert await store.admit("w2", limit=5, window=60) is None
        assert await store.get("missing") is None
    finally:
        server.stop()
        await store.aclose()


async def test_a_restart_that_lost_the_data_moves_since(tmp_path: Path) -> None:
    server = RedisServer(tmp_path).start()
    store = RedisStore(server.url)
    try:
        await store.ping()
        before = (await store.claim("t1", 60)).since
        server.kill()
        server.start()
        after = await store.claim("t1", 60)
        assert after.won  # the claim was forgotten ...
        assert after.since > before  # ... and `since` says so
    finally:
        server.stop()
        await store.aclose()


async def test_with_an_append_only_file_claims_and_since_survive_a_restart(tmp_path: Path) -> None:
    server = RedisServer(tmp_path, appendonly=True).start()
    store = RedisStore(server.url)
    try:
        await store.ping()
        first = await store.claim("t1", 60)
        server.stop()
        server.start()
        again = await store.claim("t1", 60)
        assert not again.won and again.since == first.since
    finally:
        server.stop()
        await store.aclose()


async def test_subscribers_get_messages_again_after_redis_restarts(tmp_path: Path) -> None:
    server = RedisServer(tmp_path).start()
    listener_store, publisher = RedisStore(server.url), RedisStore(server.url)
    got: list[str] = []
    try:
        await listener_store.subscribe("chan", got.append)
        server.kill()
        await anyio.sleep(0.3)
        server.start()
        with anyio.fail_after(20):
            while "after" not in got:  # published until the reader has resubscribed
                await publisher.publish("chan", "after")
                await anyio.sleep(0.1)
    finally:
        server.stop()
        await listener_store.aclose()
        await publisher.aclose()


async def test_connect_refuses_an_unreachable_redis_with_what_to_do() -> None:
    url = f"redis://:s3cret-password@127.0.0.1:{free_port()}/0"
    with pytest.raises(StateUnavailable) as caught:
        await connect_state_store(url)
    text = str(caught.value)
    assert "s3cret-password" not in text
    assert "127.0.0.1" in text and "--state-url" in text and "ZOOM_MCP_STATE_URL" in text


def test_urls_are_checked_and_redacted() -> None:
    with pytest.raises(StateConfigError, match="redis://"):
        open_state_store("http://127.0.0.1:6379")
    with pytest.raises(StateConfigError, match="bad port"):
        open_state_store("redis://127.0.0.1:notaport/0")
    assert redacted_url("rediss://user:pw@cache.example:6380/2") == "rediss://cache.example:6380/2"
    assert open_state_store(None).kind == "memory"
    assert not open_state_store(None).shared


def test_state_url_comes_from_the_flag_then_the_environment() -> None:
    env = {"ZOOM_MCP_STATE_URL": "redis://env:6379/0"}
    assert state_url_from_args(argparse.Namespace(state_url="redis://flag:6379/0"), env) == "redis://flag:6379/0"
    assert state_url_from_args(argparse.Namespace(state_url=None), env) == "redis://env:6379/0"
    assert state_url_from_args(argparse.Namespace(state_url=None), {"ZOOM_MCP_STATE_URL": " "}) is None
    assert state_url_from_args(None, {}) is None
