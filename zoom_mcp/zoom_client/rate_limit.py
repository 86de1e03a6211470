"""Client-side rate limiting per Zoom rate-limit label, and parsing of `Retry-After` headers.

Zoom limits requests per account by the label each operation carries (LIGHT, MEDIUM, HEAVY,
RESOURCE-INTENSIVE). `RateLimiter` keeps one token bucket per label so this process stays under
those limits instead of collecting 429s; callers `await limiter.acquire(label)` before each request,
and `await limiter.penalize(label, retry_after=..., daily=...)` when Zoom answered 429 anyway (no request
with that label leaves before Retry-After). The defaults are Zoom's Pro-plan figures. Several processes
sharing one Zoom account use `shared_rate_limit.SharedRateLimiter` (one budget in the state store).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import partial

import anyio
import anyio.lowlevel

from zoom_mcp import request_scope

LABELS = ("LIGHT", "MEDIUM", "HEAVY", "RESOURCE-INTENSIVE")


@dataclass(frozen=True)
class Rate:
    """`count` requests per `per_seconds`; the bucket holds at most `count` requests (the burst)."""

    count: float
    per_seconds: float = 1.0

    @property
    def per_second(self) -> float:
        return self.count / self.per_seconds


PRO_PLAN_RATES: Mapping[str, Rate] = {
    "LIGHT": Rate(30),
    "MEDIUM": Rate(20),
    "HEAVY": Rate(10),
    "RESOURCE-INTENSIVE": Rate(10, 60.0),
}
FREE_PLAN_RATES: Mapping[str, Rate] = {
    "LIGHT": Rate(4),
    "MEDIUM": Rate(2),
    "HEAVY": Rate(1),
    "RESOURCE-INTENSIVE": Rate(10, 60.0),
}
BUSINESS_PLAN_RATES: Mapping[str, Rate] = {
    "LIGHT": Rate(80),
    "MEDIUM": Rate(60),
    "HEAVY": Rate(40),
    "RESOURCE-INTENSIVE": Rate(20, 60.0),
}


@dataclass(frozen=True)
class DailyLimit:
    """At most `limit` requests per UTC day, counted under `counter` (labels sharing a cap share a counter)."""

    counter: str
    limit: int


FREE_PLAN_DAILY: Mapping[str, DailyLimit] = {
    "LIGHT": DailyLimit("LIGHT", 6000),
    "MEDIUM": DailyLimit("MEDIUM", 2000),
    "HEAVY": DailyLimit("HEAVY", 1000),
    "RESOURCE-INTENSIVE": DailyLimit("RESOURCE-INTENSIVE", 30000),
}
PRO_PLAN_DAILY: Mapping[str, DailyLimit] = {
    "HEAVY": DailyLimit("HEAVY+RESOURCE-INTENSIVE", 30000),
    "RESOURCE-INTENSIVE": DailyLimit("HEAVY+RESOURCE-INTENSIVE", 30000),
}
BUSINESS_PLAN_DAILY: Mapping[str, DailyLimit] = {
    "HEAVY": DailyLimit("HEAVY+RESOURCE-INTENSIVE", 60000),
    "RESOURCE-INTENSIVE": DailyLimit("HEAVY+RESOURCE-INTENSIVE", 60000),
}


def normalize_label(label: str | None) -> str | None:
    """`"resource_intensive"`, `"Resource-intensive"` and `"RESOURCE INTENSIVE"` all become `RESOURCE-INTENSIVE`."""
    if not label:
        return None
    return "-".join(label.strip().upper().replace("_", " ").replace("-", " ").split()) or None


class TokenBucket:
    """A token bucket that waits (without busy looping) until a request may go out. Fair: callers queue."""

    def __init__(
        self,
        rate: Rate,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        if rate.count <= 0 or rate.per_seconds <= 0:
            raise ValueError(f"A rate needs a positive count and period, got {rate}.")
        self.rate = rate
        self._capacity = max(1.0, rate.count)
        self._tokens = self._capacity
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = anyio.Lock()

    async def acquire(self) -> float:
        """Take one token, waiting as long as needed. Returns the seconds waited."""
        if not self._lock.locked():  # nobody queued: take a free token without the lock's round trip to the loop
            await anyio.lowlevel.checkpoint_if_cancelled()  # still a cancellation point (no yield otherwise)
            self._refill()
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
        waited = 0.0
        async with self._lock:
            self._refill()
            if self._tokens < 1.0:
                delay = (1.0 - self._tokens) / self.rate.per_second
                await self._sleep(delay)
                waited = delay
                self._refill()
            self._tokens = max(0.0, self._tokens - 1.0)
        return waited

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self.rate.per_second)
        self._updated = now

    def pause(self, seconds: float) -> None:
        """Empty the bucket so that the next request waits `seconds` (a 429's Retry-After), then one per interval."""
        self._refill()
        self._tokens = min(self._tokens, 1.0 - max(0.0, seconds) * self.rate.per_second)


async def announced_wait(label: str, seconds: float) -> None:
    """A rate-limit wait the MCP client hears about: a log line, then seconds left as progress."""
    await request_scope.log(
        "info",
        f"Waiting {seconds:.2f} s for Zoom's {label} rate limit (client-side pacing)",
        rate_limit=label,
        wait_seconds=round(seconds, 3),
    )
    await request_scope.sleep(seconds, f"waiting for Zoom's {label} rate limit")


class RateLimiter:
    """One `TokenBucket` per label. Unknown labels and `None` are not limited. An empty mapping disables it.

    Without `sleep`, waits are `announced_wait`s (reported to the client of the request being served).
    """

    def __init__(
        self,
        rates: Mapping[str, Rate] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        chosen = PRO_PLAN_RATES if rates is None else rates
        self._buckets: dict[str, TokenBucket] = {}
        for label, rate in chosen.items():
            key = normalize_label(label)
            if key is not None:
                waiter = sleep if sleep is not None else partial(announced_wait, key)
                self._buckets[key] = TokenBucket(rate, clock=clock, sleep=waiter)

    async def acquire(self, label: str | None) -> float:
        """Wait until a request with this label may go out; returns the seconds waited."""
        key = normalize_label(label)
        bucket = self._buckets.get(key) if key else None
        if bucket is None:
            return 0.0
        return await bucket.acquire()

    async def penalize(self, label: str | None, *, retry_after: float | None, daily: bool = False) -> None:
        """Zoom answered 429 for `label`: no request with that label before `retry_after` seconds (default 1)."""
        key = normalize_label(label)
        bucket = self._buckets.get(key) if key else None
        if bucket is not None:
            bucket.pause(1.0 if retry_after is None else retry_after)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value: delta seconds (`"3"`, `"1.5"`) or an HTTP date.

    Returns None when absent or unparseable; never negative (a date in the past means 0).
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds else None  # NaN check
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    reference = now or datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())
