"""Pending browser confirmations on the state store (memory and a real redis-server): one answer wins,
a confirmation is released once, and an answer given on one replica releases the call waiting on another."""

from __future__ import annotations

import time
import uuid

import anyio
import pytest

from zoom_mcp.gates.pending import CONFIRMED, DECLINED, PENDING, USED, PendingConfirmation, StatePendingStore, link_key
from zoom_mcp.gates.url_flow import EXPIRED, UrlConfirmer
from zoom_mcp.state import StateStore
from zoom_mcp.state.redis_store import RedisStore

from .redis_server import RedisServer

pytestmark = pytest.mark.anyio


def record(secret: str = "s" * 43, ttl: float = 60.0) -> PendingConfirmation:
    return PendingConfirmation(
        key=link_key(secret),
        elicitation_id="e1",
        caller_digest="c",
        tool="meeting_delete",
        arguments_digest="a",
        title="Delete a meeting",
        what="Delete a meeting is destructive.",
        target='meeting "Weekly" (ID 1)',
        undoable=False,
        details=(("meetingId", "1"),),
        needs_typed_id=False,
        expected_id="1",
        form_secret="f",
        expires_at=time.time() + ttl,
    )


class NoPage:
    async def base_url(self, ctx: object) -> str | None:
        return None


async def test_a_record_round_trips_and_moves_once(store: StateStore) -> None:
    pending = StatePendingStore(store)
    item = record()
    await pending.add(item)
    assert await pending.get(item.key) == item
    assert await pending.transition(item.key, PENDING, CONFIRMED)
    assert not await pending.transition(item.key, PENDING, DECLINED)  # the first answer wins
    assert (await pending.get(item.key)).status == CONFIRMED  # type: ignore[union-attr]
    assert await pending.transition(item.key, CONFIRMED, USED)
    assert not await pending.transition(item.key, CONFIRMED, USED)  # released once
    assert (await pending.get(item.key)).status == USED  # type: ignore[union-attr]
    assert await pending.get(link_key("other")) is None


async def test_concurrent_answers_one_wins(store: StateStore) -> None:
    pending = StatePendingStore(store)
    item = record()
    await pending.add(item)
    wins: list[bool] = []

    async def answer(status: str) -> None:
        wins.append(await pending.transition(item.key, PENDING, status))

    async with anyio.create_task_group() as group:
        for status in [CONFIRMED, DECLINED] * 10:
            group.start_soon(answer, status)
    assert wins.count(True) == 1


async def test_an_expired_record_is_gone(store: StateStore) -> None:
    pending = StatePendingStore(store)
    item = record(ttl=-1)
    await pending.add(item)
    assert await pending.get(item.key) is None
    assert not await pending.transition(item.key, PENDING, CONFIRMED)


async def test_an_answer_on_one_replica_releases_the_call_waiting_on_another(redis_server: RedisServer) -> None:
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    first, second = RedisStore(redis_server.url, prefix=prefix), RedisStore(redis_server.url, prefix=prefix)
    try:
        waiting = UrlConfirmer(StatePendingStore(first), NoPage(), poll_seconds=0.05)
        page_side = StatePendingStore(second)
        item = record()
        await waiting.store.add(item)
        outcome: list[str] = []

        async def wait() -> None:
            outcome.append(await waiting.wait(item.key, until=time.time() + 30))

        async with anyio.create_task_group() as group:
            group.start_soon(wait)
            await anyio.sleep(0.1)
            assert outcome == []
            assert await page_side.transition(item.key, PENDING, CONFIRMED)
        assert outcome == [CONFIRMED]
        assert await waiting.release(item.key)
        assert not await StatePendingStore(second).transition(item.key, CONFIRMED, USED)
    finally:
        await first.aclose()
        await second.aclose()


async def test_nobody_answering_expires(store: StateStore) -> None:
    confirmer = UrlConfirmer(StatePendingStore(store), NoPage(), poll_seconds=0.05)
    item = record()
    await confirmer.store.add(item)
    assert await confirmer.wait(item.key, until=time.time() + 0.2) == EXPIRED
    assert not await confirmer.store.transition(item.key, PENDING, CONFIRMED)  # a late page answer does nothing
