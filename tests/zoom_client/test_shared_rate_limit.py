"""One Zoom rate budget shared by several processes through Redis (a real redis-server)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from state.redis_server import RedisServer

from zoom_mcp.state import MemoryStore
from zoom_mcp.state.redis_store import RedisStore
from zoom_mcp.zoom_client import (
    DailyLimit,
    Rate,
    RateLimited,
    RateLimiter,
    SharedRateLimiter,
    ZoomClient,
    rate_limiter_for,
)

from .fake_zoom import FakeZoom, Reply, fast_settings


class Sleeps:
    """A sleep that records instead of waiting (the booked waits are what the test checks)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def stores(redis_server: RedisServer) -> AsyncIterator[list[RedisStore]]:
    prefix = f"rl-{uuid.uuid4().hex[:8]}:"
    made = [RedisStore(redis_server.url, prefix=prefix) for _ in range(3)]
    yield made
    for store in made:
        await store.aclose()


def limiter(store: RedisStore, sleeps: Sleeps, **kwargs: object) -> SharedRateLimiter:
    options: dict[str, object] = {"store": store, "account": "acct-1", "sleep": sleeps}
    options.update(kwargs)
    return SharedRateLimiter({"LIGHT": Rate(4)}, **options)  # type: ignore[arg-type]


async def test_replicas_book_consecutive_slots_of_one_budget(stores: list[RedisStore]) -> None:
    sleeps = Sleeps()
    limiters = [limiter(store, sleeps) for store in stores]
    started = time.monotonic()
    waits, asked, answered = [], [], []  # each wait, and when (since `started`) it was asked for and answered
    for i in range(8):
        asked.append(time.monotonic() - started)
        waits.append(await limiters[i % 3].acquire("light"))
        answered.append(time.monotonic() - started)
    # burst of 2 (half of 4/s), then one slot every 0.25 s after the first booking, whichever replica asks.
    # A wait counts from the moment Redis booked it, so the slot it names is known to within the time its
    # call (and the first booking) took: the check does not depend on how fast a loaded machine runs the loop.
    assert waits[:2] == [0.0, 0.0]
    for i in range(2, 8):
        earliest, latest = asked[i] - answered[0] + waits[i], answered[i] - asked[0] + waits[i]
        assert earliest - 0.02 <= 0.25 * (i - 1) <= latest + 0.02, (i, waits, asked, answered)
    other_account = SharedRateLimiter({"LIGHT": Rate(4)}, store=stores[0], account="acct-2", sleep=sleeps)
    assert await other_account.acquire("LIGHT") == 0.0  # budgets are per Zoom account
    assert await limiters[0].acquire("HEAVY") == 0.0  # and per label (no rate known: not limited)


async def test_a_429_on_one_replica_pauses_the_others(stores: list[RedisStore]) -> None:
    sleeps = Sleeps()
    a, b = limiter(stores[0], sleeps), limiter(stores[1], sleeps)
    await a.penalize("LIGHT", retry_after=5.0)
    assert await b.acquire("LIGHT") == pytest.approx(5.0, abs=0.3)
    assert await b.acquire("LIGHT") == pytest.approx(5.25, abs=0.3)


async def test_a_slot_beyond_max_wait_is_refused_without_sending(stores: list[RedisStore]) -> None:
    sleeps = Sleeps()
    a = limiter(stores[0], sleeps, max_wait=2.0)
    await a.penalize("LIGHT", retry_after=30.0)
    with pytest.raises(RateLimited) as caught:
        await limiter(stores[1], sleeps, max_wait=2.0).acquire("LIGHT")
    assert caught.value.retry_after is not None and 29 <= caught.value.retry_after <= 30
    assert "shared LIGHT budget" in str(caught.value) and "did not send" in str(caught.value)
    assert sleeps.waits == []


async def test_daily_caps_are_counted_once_across_replicas(stores: list[RedisStore]) -> None:
    sleeps = Sleeps()
    daily = {"LIGHT": DailyLimit("LIGHT", 3)}
    a, b = limiter(stores[0], sleeps, daily=daily), limiter(stores[1], sleeps, daily=daily)
    for one in (a, b, a):
        await one.acquire("LIGHT")
    with pytest.raises(RateLimited) as caught:
        await b.acquire("LIGHT")
    assert caught.value.is_daily_limit and caught.value.reset_at is not None


async def test_a_request_past_the_daily_cap_books_no_slot_of_the_shared_budget(stores: list[RedisStore]) -> None:
    sleeps = Sleeps()
    slow = {"LIGHT": Rate(2, 60.0)}  # one slot every 30 s, a burst of 1: a booked slot shows for long
    capped = SharedRateLimiter(
        slow, store=stores[0], account="acct-cap", daily={"LIGHT": DailyLimit("LIGHT", 1)}, sleep=sleeps
    )
    assert await capped.acquire("LIGHT") == 0.0
    for _ in range(3):
        with pytest.raises(RateLimited) as caught:
            await capped.acquire("LIGHT")
        assert caught.value.is_daily_limit and "daily LIGHT cap (1 requests per UTC day" in str(caught.value)
    # the refused requests took no slot: the next booking on the same budget is the second slot, not the fifth
    uncapped = SharedRateLimiter(slow, store=stores[1], account="acct-cap", sleep=sleeps)
    assert 20.0 < await uncapped.acquire("LIGHT") <= 30.0


async def test_redis_down_falls_back_to_local_pacing_with_one_warning_then_resumes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = RedisServer(tmp_path).start()
    store = RedisStore(server.url)
    sleeps = Sleeps()
    shared = limiter(store, sleeps)
    try:
        await shared.acquire("LIGHT")
        server.kill()
        caplog.set_level(logging.WARNING, "zoom_mcp.zoom_client")
        for _ in range(3):
            await shared.acquire("LIGHT")  # local bucket: no error
        warnings = [r for r in caplog.records if "pacing with this process's own budget" in r.getMessage()]
        assert len(warnings) == 1
        server.start()
        assert await shared.acquire("LIGHT") == 0.0  # the restarted (empty) Redis: a fresh shared budget
        assert any("answers again" in r.getMessage() for r in caplog.records)
    finally:
        server.stop()
        await store.aclose()


async def test_a_zoom_429_seen_by_one_client_pauses_a_client_of_another_replica(
    fake_zoom: FakeZoom, stores: list[RedisStore]
) -> None:
    sleeps_a, sleeps_b = Sleeps(), Sleeps()
    settings = fast_settings(fake_zoom, rate_limits={"LIGHT": Rate(30)}, max_retries=0)
    fake_zoom.enqueue("/users/me", Reply(429, {"code": 429, "message": "slow down"}, headers={"Retry-After": "7"}))
    client_a = ZoomClient(settings, rate_limiter=SharedRateLimiter(
        settings.rate_limits, store=stores[0], account="acct-429", sleep=sleeps_a))  # fmt: skip
    client_b = ZoomClient(settings, rate_limiter=SharedRateLimiter(
        settings.rate_limits, store=stores[1], account="acct-429", sleep=sleeps_b))  # fmt: skip
    async with client_a, client_b:
        with pytest.raises(RateLimited):
            await client_a.request("GET", "/users/me", rate_limit="LIGHT")
        response = await client_b.request("GET", "/users/me", rate_limit="LIGHT")
    assert response.status == 200
    assert sleeps_b.waits and sleeps_b.waits[0] == pytest.approx(7.0, abs=0.5)


def test_the_shared_limiter_is_chosen_only_for_a_shared_store(fake_zoom: FakeZoom, redis_server: RedisServer) -> None:
    settings = fast_settings(fake_zoom)
    assert type(rate_limiter_for(settings, None)) is RateLimiter
    assert type(rate_limiter_for(settings, MemoryStore())) is RateLimiter
    shared = rate_limiter_for(settings, RedisStore(redis_server.url))
    assert isinstance(shared, SharedRateLimiter) and shared.account == fake_zoom.account_id
    assert type(rate_limiter_for(fast_settings(fake_zoom, rate_limits={}), RedisStore(redis_server.url))) is RateLimiter
