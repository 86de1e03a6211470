"""The state-store contract: `MemoryStore` and `RedisStore` (on a real redis-server) pass the same tests."""

from __future__ import annotations

import time
import uuid

import anyio
import pytest

from zoom_mcp.state import Counted, StateStore
from zoom_mcp.state.redis_store import RedisStore

from .redis_server import RedisServer


async def eventually_gone(store: StateStore, key: str, deadline: float = 10.0) -> bool:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if await store.get(key) is None:
            return True
        await anyio.sleep(0.05)
    return False


async def test_claim_is_won_once_even_by_concurrent_claimers(store: StateStore) -> None:
    results: list[bool] = []

    async def claimer() -> None:
        results.append((await store.claim("redeemed:tok-1", 60)).won)

    async with anyio.create_task_group() as tg:
        for _ in range(30):
            tg.start_soon(claimer)
    assert results.count(True) == 1 and len(results) == 30
    again = await store.claim("redeemed:tok-1", 60)
    assert not again and again.won is False
    assert 0 < again.since <= time.time()
    assert (await store.claim("redeemed:tok-2", 60)).won


async def test_add_put_get_take_delete(store: StateStore) -> None:
    assert await store.get("pending:a") is None
    assert await store.add("pending:a", "first", 60)
    assert not await store.add("pending:a", "second", 60)
    assert await store.get("pending:a") == "first"
    await store.put("pending:a", '{"tool": "meeting_delete"}', 60)
    assert await store.get("pending:a") == '{"tool": "meeting_delete"}'
    assert await store.take("pending:a") == '{"tool": "meeting_delete"}'
    assert await store.take("pending:a") is None
    assert await store.get("pending:a") is None
    await store.put("pending:b", "x", 60)
    assert await store.delete("pending:b")
    assert not await store.delete("pending:b")


async def test_take_once_among_concurrent_takers(store: StateStore) -> None:
    await store.put("pending:once", "value", 60)
    taken: list[str | None] = []

    async def taker() -> None:
        taken.append(await store.take("pending:once"))

    async with anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(taker)
    assert taken.count("value") == 1
    assert taken.count(None) == 19


async def test_records_expire_and_refresh_extends_them(store: StateStore) -> None:
    await store.put("short", "v", 0.2)
    assert await eventually_gone(store, "short")
    assert not await store.refresh("short", 60)
    await store.put("long", "v", 0.3)
    assert await store.refresh("long", 60)
    await anyio.sleep(0.5)
    assert await store.get("long") == "v"
    assert await store.claim("claimed", 0.2)
    end = time.monotonic() + 10
    while not (await store.claim("claimed", 0.2)).won:  # claimable again once expired
        assert time.monotonic() < end
        await anyio.sleep(0.05)


async def test_ttl_must_be_positive(store: StateStore) -> None:
    with pytest.raises(ValueError, match="TTL"):
        await store.put("k", "v", 0)


async def test_incr_counts_atomically_and_keeps_its_first_ttl(store: StateStore) -> None:
    async def bump() -> None:
        await store.incr("daily:acct:LIGHT", 3600)

    async with anyio.create_task_group() as tg:
        for _ in range(25):
            tg.start_soon(bump)
    assert await store.incr("daily:acct:LIGHT", 3600, amount=5) == 30
    assert await store.get("daily:acct:LIGHT") == "30"
    assert await store.incr("daily:short", 0.2) == 1
    assert await eventually_gone(store, "daily:short")


async def test_reserve_grants_a_burst_then_spaces_slots_one_interval_apart(store: StateStore) -> None:
    interval = 10.0  # long enough that time passing during the test changes nothing measurable
    waits = [(await store.reserve("rate:acct:LIGHT", interval=interval, burst=3)).wait for _ in range(5)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(interval, abs=0.5)
    assert waits[4] == pytest.approx(2 * interval, abs=0.5)


async def test_reserve_beyond_max_wait_books_nothing(store: StateStore) -> None:
    first = await store.reserve("rate:x", interval=10.0, burst=1)
    assert first.granted and first.wait == 0.0
    refused = await store.reserve("rate:x", interval=10.0, burst=1, max_wait=1.0)
    assert not refused.granted and refused.wait == pytest.approx(10.0, abs=0.5)
    booked = await store.reserve("rate:x", interval=10.0, burst=1)
    assert booked.granted and booked.wait == pytest.approx(10.0, abs=0.5)  # the refused call took no slot


async def test_concurrent_reservations_never_share_a_slot(store: StateStore) -> None:
    waits: list[float] = []

    async def reserve() -> None:
        waits.append((await store.reserve("rate:shared", interval=5.0, burst=2)).wait)

    async with anyio.create_task_group() as tg:
        for _ in range(8):
            tg.start_soon(reserve)
    slots = sorted(round(w / 5.0) for w in waits)
    assert slots == [0, 0, 1, 2, 3, 4, 5, 6]


async def test_reserve_with_a_counter_counts_first_and_books_nothing_past_its_limit(store: StateStore) -> None:
    daily = Counted("daily:acct:HEAVY:2026-11-26", ttl=3600, limit=2)
    first = await store.reserve("rate:c", interval=10.0, burst=1, count=daily)
    second = await store.reserve("rate:c", interval=10.0, burst=1, count=daily)
    assert (first.granted, first.wait, first.count, first.over_count) == (True, 0.0, 1, False)
    assert second.granted and second.wait == pytest.approx(10.0, abs=0.5) and second.count == 2
    past = await store.reserve("rate:c", interval=10.0, burst=1, count=daily)
    assert (past.granted, past.wait, past.count, past.over_count) == (False, 0.0, 3, True)
    # nothing was booked past the limit: the next slot is still the third one
    assert (await store.reserve("rate:c", interval=10.0, burst=1)).wait == pytest.approx(20.0, abs=0.5)
    assert await store.incr("daily:acct:HEAVY:2026-11-26", 3600) == 4  # the same counter as `incr`
    plain = await store.reserve("rate:other", interval=10.0, burst=1)
    assert plain.count is None and not plain.over_count


async def test_reserve_with_a_counter_refused_beyond_max_wait_still_counts_the_request(store: StateStore) -> None:
    daily = Counted("daily:w", ttl=3600, limit=100)
    await store.reserve("rate:w", interval=10.0, burst=1, count=daily)
    refused = await store.reserve("rate:w", interval=10.0, burst=1, max_wait=1.0, count=daily)
    assert not refused.granted and not refused.over_count and refused.wait == pytest.approx(10.0, abs=0.5)
    assert refused.count == 2  # counted as the separate `incr` then `reserve` always did


async def test_reserve_counter_keeps_its_first_ttl_and_expires(store: StateStore) -> None:
    short = Counted("daily:short-reserve", ttl=0.2, limit=10)
    assert (await store.reserve("rate:s", interval=0.01, burst=5, count=short)).count == 1
    assert (await store.reserve("rate:s", interval=0.01, burst=5, count=short)).count == 2
    assert await eventually_gone(store, "daily:short-reserve")


async def test_concurrent_counted_reservations_count_each_request_once(store: StateStore) -> None:
    daily = Counted("daily:many", ttl=3600, limit=5)
    answers = []

    async def reserve() -> None:
        answers.append(await store.reserve("rate:many", interval=0.001, burst=100, count=daily))

    async with anyio.create_task_group() as tg:
        for _ in range(8):
            tg.start_soon(reserve)
    assert sorted(answer.count or 0 for answer in answers) == list(range(1, 9))
    assert sum(answer.granted for answer in answers) == 5 and sum(answer.over_count for answer in answers) == 3


async def test_pause_empties_the_budget_then_slots_resume_one_interval_apart(store: StateStore) -> None:
    await store.reserve("rate:p", interval=1.0, burst=5)
    await store.pause("rate:p", 30.0, interval=1.0, burst=5)
    first = await store.reserve("rate:p", interval=1.0, burst=5)
    second = await store.reserve("rate:p", interval=1.0, burst=5)
    assert first.wait == pytest.approx(30.0, abs=0.5)
    assert second.wait == pytest.approx(31.0, abs=0.5)
    await store.pause("rate:p", 5.0, interval=1.0, burst=5)  # a shorter pause never shortens a longer one
    assert (await store.reserve("rate:p", interval=1.0, burst=5)).wait == pytest.approx(32.0, abs=0.5)


async def test_admit_is_a_sliding_window(store: StateStore) -> None:
    assert [await store.admit("calls:alice", limit=3, window=60) for _ in range(3)] == [None, None, None]
    wait = await store.admit("calls:alice", limit=3, window=60)
    assert wait is not None and 59 <= wait <= 60
    assert await store.admit("calls:bob", limit=3, window=60) is None
    assert await store.admit("calls:short", limit=1, window=0.2) is None
    end = time.monotonic() + 10
    while await store.admit("calls:short", limit=1, window=0.2) is not None:
        assert time.monotonic() < end
        await anyio.sleep(0.05)


async def test_sets_hold_members_that_expire_one_by_one(store: StateStore) -> None:
    assert await store.set_members("watched") == []
    await store.set_add("watched", "zoom://meetings/2/summary", 60)
    await store.set_add("watched", "zoom://meetings/1/summary", 60)
    await store.set_add("watched", "zoom://meetings/1/summary", 60)  # renewal, not a second member
    await store.set_add("watched", "short", 0.2)
    assert await store.set_members("watched") == ["short", "zoom://meetings/1/summary", "zoom://meetings/2/summary"]
    end = time.monotonic() + 10
    while "short" in await store.set_members("watched"):
        assert time.monotonic() < end
        await anyio.sleep(0.05)
    await store.set_remove("watched", "zoom://meetings/2/summary")
    await store.set_remove("watched", "never-added")
    assert await store.set_members("watched") == ["zoom://meetings/1/summary"]


async def test_bounded_set_add_adds_to_every_set_or_to_none(store: StateStore) -> None:
    limits = [("open:caller:x", 2), ("open:all", 3)]
    assert await store.set_add_bounded("s1", 60, limits) is None
    assert await store.set_add_bounded("s2", 60, limits) is None
    assert await store.set_add_bounded("s3", 60, limits) == "open:caller:x"  # the caller's set is full
    assert await store.set_add_bounded("s2", 60, limits) is None  # a renewal, not a new member
    assert await store.set_add_bounded("t1", 60, [("open:caller:y", 2), ("open:all", 3)]) is None
    assert await store.set_add_bounded("t2", 60, [("open:caller:y", 2), ("open:all", 3)]) == "open:all"
    assert await store.set_members("open:all") == ["s1", "s2", "t1"]  # nothing of the refused ones was added
    assert await store.set_members("open:caller:y") == ["t1"]
    await store.set_add_bounded("short", 0.2, [("open:caller:z", 5)])
    end = time.monotonic() + 10
    while await store.set_add_bounded("z2", 60, [("open:caller:z", 1)]) is not None:  # expired members free room
        assert time.monotonic() < end
        await anyio.sleep(0.05)


async def test_concurrent_bounded_adds_never_pass_a_limit(store: StateStore) -> None:
    results: list[str | None] = []

    async def add(index: int) -> None:
        results.append(await store.set_add_bounded(f"m{index}", 60, [("crowded", 5)]))

    async with anyio.create_task_group() as group:
        for index in range(40):
            group.start_soon(add, index)
    assert results.count(None) == 5 and len(await store.set_members("crowded")) == 5


async def test_lease_has_one_holder_at_a_time(store: StateStore) -> None:
    assert await store.lease("poller", "replica-a", 60)
    assert not await store.lease("poller", "replica-b", 60)
    assert await store.lease("poller", "replica-a", 60)  # renewal
    await store.release("poller", "replica-b")  # not the holder: nothing happens
    assert not await store.lease("poller", "replica-b", 60)
    await store.release("poller", "replica-a")
    assert await store.lease("poller", "replica-b", 0.2)
    end = time.monotonic() + 10
    while not await store.lease("poller", "replica-a", 60):  # an expired lease can be taken over
        assert time.monotonic() < end
        await anyio.sleep(0.05)


async def test_publish_reaches_subscribers_until_they_unsubscribe(store: StateStore) -> None:
    got: list[str] = []
    other: list[str] = []
    arrived = anyio.Event()

    def listener(message: str) -> None:
        got.append(message)
        arrived.set()

    unsubscribe = await store.subscribe("resources:updated", listener)
    await store.subscribe("elsewhere", other.append)
    with anyio.fail_after(10):
        await store.publish("resources:updated", "zoom://meetings/1/summary")
        await arrived.wait()
    assert got == ["zoom://meetings/1/summary"]
    assert other == []
    await unsubscribe()
    await unsubscribe()  # idempotent
    marker = anyio.Event()
    await store.subscribe("resources:updated", lambda _m: marker.set())
    with anyio.fail_after(10):
        await store.publish("resources:updated", "second")
        await marker.wait()
    assert got == ["zoom://meetings/1/summary"]


async def test_two_redis_stores_share_everything(redis_server: RedisServer) -> None:
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    a, b = RedisStore(redis_server.url, prefix=prefix), RedisStore(redis_server.url, prefix=prefix)
    try:
        assert a.shared and b.shared and a.kind == "redis"
        assert (await a.claim("redeemed:t", 60)).won
        assert not (await b.claim("redeemed:t", 60)).won
        await a.put("pending:p", "v", 60)
        assert await b.take("pending:p") == "v"
        assert await a.take("pending:p") is None
        assert (await a.reserve("rate:r", interval=10, burst=1)).wait == 0
        assert (await b.reserve("rate:r", interval=10, burst=1)).wait == pytest.approx(10, abs=0.5)
        assert await a.lease("poller", "a", 60) and not await b.lease("poller", "b", 60)
        arrived = anyio.Event()
        messages: list[str] = []
        await b.subscribe("chan", lambda m: (messages.append(m), arrived.set()))
        with anyio.fail_after(10):
            await a.publish("chan", "hello")
            await arrived.wait()
        assert messages == ["hello"]
        assert (await a.claim("x", 60)).since == (await b.claim("y", 60)).since
    finally:
        await a.aclose()
        await b.aclose()
