"""Retry-After parsing and the per-label token buckets."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import anyio
import pytest

from zoom_mcp.zoom_client import PRO_PLAN_RATES, Rate, RateLimiter, normalize_label, parse_retry_after

NOW = datetime(2026, 11, 25, 9, 30, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3.0),
        (" 1.5 ", 1.5),
        ("-4", 0.0),
        ("Wed, 25 Nov 2026 09:30:10 GMT", 10.0),
        ("Wed, 25 Nov 2026 09:29:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


def test_labels_are_normalised() -> None:
    assert normalize_label("resource_intensive") == "RESOURCE-INTENSIVE"
    assert normalize_label(" Resource Intensive ") == "RESOURCE-INTENSIVE"
    assert normalize_label("light") == "LIGHT"
    assert normalize_label(None) is None


def test_pro_plan_defaults() -> None:
    assert PRO_PLAN_RATES["LIGHT"].per_second == 30
    assert PRO_PLAN_RATES["RESOURCE-INTENSIVE"].per_second == pytest.approx(10 / 60)


async def test_bucket_allows_a_burst_then_waits() -> None:
    limiter = RateLimiter({"HEAVY": Rate(10)})
    started = time.monotonic()
    waits = [await limiter.acquire("heavy") for _ in range(12)]
    elapsed = time.monotonic() - started
    assert waits[:10] == [0.0] * 10
    assert all(w > 0 for w in waits[10:])
    assert 0.15 <= elapsed < 1.0


async def test_unknown_and_missing_labels_are_not_limited() -> None:
    limiter = RateLimiter({"LIGHT": Rate(1)})
    assert [await limiter.acquire(None) for _ in range(5)] == [0.0] * 5
    assert [await limiter.acquire("OTHER") for _ in range(5)] == [0.0] * 5


async def test_virtual_clock_resource_intensive_spacing() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(PRO_PLAN_RATES, clock=lambda: now[0], sleep=sleep)
    for _ in range(11):
        await limiter.acquire("RESOURCE-INTENSIVE")
    assert slept == [pytest.approx(6.0)]


def test_invalid_rate_is_rejected() -> None:
    with pytest.raises(ValueError, match="positive"):
        RateLimiter({"LIGHT": Rate(0)})


async def test_free_tokens_are_taken_at_once_and_the_burst_still_ends() -> None:
    # the uncontended path takes a token without the lock; it must still count every token
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter({"LIGHT": Rate(3)}, clock=lambda: now[0], sleep=sleep)
    assert [await limiter.acquire("LIGHT") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert slept == []
    assert await limiter.acquire("LIGHT") == pytest.approx(1 / 3)
    assert slept == [pytest.approx(1 / 3)]


async def test_a_cancelled_caller_takes_no_token_even_when_one_is_free() -> None:
    now = [0.0]
    limiter = RateLimiter({"LIGHT": Rate(1)}, clock=lambda: now[0], sleep=anyio.sleep)
    with anyio.CancelScope() as scope:
        scope.cancel()
        await limiter.acquire("LIGHT")
        pytest.fail("acquire went on in a cancelled scope")
    assert await limiter.acquire("LIGHT") == 0.0  # the token is still there for the next caller


async def test_callers_queued_behind_a_wait_keep_their_order() -> None:
    # while one caller waits for a token (holding the queue), a newcomer must not jump ahead on the fast path
    order: list[str] = []
    release = anyio.Event()
    now = [0.0]

    async def sleep(seconds: float) -> None:
        await release.wait()
        now[0] += seconds

    limiter = RateLimiter({"LIGHT": Rate(1)}, clock=lambda: now[0], sleep=sleep)
    await limiter.acquire("LIGHT")  # the only token

    async def caller(name: str) -> None:
        await limiter.acquire("LIGHT")
        order.append(name)

    async with anyio.create_task_group() as group:
        group.start_soon(caller, "first")
        await anyio.wait_all_tasks_blocked()
        now[0] += 5.0  # tokens refill meanwhile: a fast path that ignored the queue would let "second" through
        group.start_soon(caller, "second")
        await anyio.wait_all_tasks_blocked()
        assert order == []
        release.set()
    assert order == ["first", "second"]
