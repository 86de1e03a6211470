"""Retry-After parsing and the per-label token buckets."""

from __future__ import annotations

import time
from datetime import UTC, datetime

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
