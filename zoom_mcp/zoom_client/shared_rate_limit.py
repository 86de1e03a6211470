"""One Zoom rate budget for every process that shares a state store (`--state-url`): replicas and workers.

Zoom limits requests per account and rate-limit label, whatever the number of apps and processes. The
`SharedRateLimiter` books each request's slot in the state store (`rate:<account>:<label>`, a GCRA budget
on the store's clock, atomic in Redis), so N replicas together send at the account's rate, not N times it.
A 429 from Zoom pauses that account/label for Retry-After on every replica (`penalize`). Labels with a
daily cap (the plan's `DailyLimit`s) are counted once per request in `daily:<account>:<counter>:<UTC date>`,
in the same atomic step (one round trip) as the booking; once the cap is used up, calls are refused here until
the next UTC day, without reaching Zoom and without booking a slot.

The budget allows at most half the label's per-second count at once (Zoom's own bucket keeps the other half
as slack for requests that arrive closer together than they were sent). A slot more than `max_wait` seconds
away is not booked: the call fails with `RateLimited` (nothing sent) saying when to retry.

When the store cannot be reached, requests are paced by this process's own buckets (`RateLimiter`), with a
warning (logged once per outage): reads go on, at up to one account budget per process, until the store
answers again; the shared budget is then used again without a restart.
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date, datetime, timedelta

from zoom_mcp.state import Counted, OutageLog, StateStore, StateUnavailable
from zoom_mcp.zoom_client.errors import RateLimited
from zoom_mcp.zoom_client.rate_limit import DailyLimit, Rate, RateLimiter, announced_wait, normalize_label
from zoom_mcp.zoom_client.settings import ZoomSettings

logger = logging.getLogger("zoom_mcp.zoom_client")

DAILY_TTL_SECONDS = 2 * 24 * 3600.0


def budget_account(settings: ZoomSettings) -> str:
    """Whose budget requests spend: the OAuth account id, or a digest of a static token (never the token)."""
    if settings.account_id:
        return settings.account_id
    if settings.access_token:
        return "token-" + hashlib.sha256(settings.access_token.encode()).hexdigest()[:16]
    return "default"


class SharedRateLimiter(RateLimiter):
    """`RateLimiter` whose budgets live in a shared `StateStore` (see the module docstring)."""

    def __init__(
        self,
        rates: Mapping[str, Rate],
        *,
        store: StateStore,
        account: str,
        daily: Mapping[str, DailyLimit] | None = None,
        max_wait: float = 60.0,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(rates, sleep=sleep)
        self.store = store
        self.account = account
        self.max_wait = max_wait
        self._sleep = sleep
        self._rates = {key: rate for label, rate in rates.items() if (key := normalize_label(label))}
        self._daily = {key: cap for label, cap in (daily or {}).items() if (key := normalize_label(label))}
        self._outage = OutageLog(
            logger,
            "Zoom rate budget",
            fallback="pacing with this process's own budget until it answers again (several replicas may then "
            "exceed the account's rate)",
            resumed="using the shared budget",
        )

    def _budget(self, label: str) -> tuple[str, float, int]:
        rate = self._rates[label]
        return f"rate:{self.account}:{label}", rate.per_seconds / rate.count, max(1, math.floor(rate.count / 2))

    async def acquire(self, label: str | None) -> float:
        key = normalize_label(label)
        if key is None or key not in self._rates:
            return 0.0
        budget, interval, burst = self._budget(key)
        cap = self._daily.get(key)
        today = datetime.now(UTC).date()
        count = None
        if cap is not None:
            count = Counted(f"daily:{self.account}:{cap.counter}:{today.isoformat()}", DAILY_TTL_SECONDS, cap.limit)
        try:
            booked = await self.store.reserve(
                budget, interval=interval, burst=burst, max_wait=self.max_wait, count=count
            )
        except StateUnavailable as exc:
            self._outage.lost(exc)
            return await super().acquire(label)
        self._outage.back()
        if booked.over_count and cap is not None:
            raise _daily_cap_used_up(cap, today)
        if not booked.granted:
            retry = max(1, math.ceil(booked.wait))
            rate = self._rates[key]
            raise RateLimited(
                429,
                None,
                f"zoom-mcp did not send this request: the Zoom account's shared {key} budget ({rate.count:g} per "
                f"{rate.per_seconds:g} s, shared by every replica) is booked or paused for the next {retry} s",
                retry_after=float(retry),
                limit_type="QPS",
                category=key,
                hint=f"Wait {retry} s and call again, or make fewer calls in parallel.",
            )
        if booked.wait > 0:
            if self._sleep is not None:
                await self._sleep(booked.wait)
            else:
                await announced_wait(key, booked.wait)
        return booked.wait

    async def penalize(self, label: str | None, *, retry_after: float | None, daily: bool = False) -> None:
        await super().penalize(label, retry_after=retry_after, daily=daily)
        key = normalize_label(label)
        if key is None or key not in self._rates:
            return
        budget, interval, burst = self._budget(key)
        try:
            await self.store.pause(budget, 1.0 if retry_after is None else retry_after, interval=interval, burst=burst)
        except StateUnavailable as exc:
            self._outage.lost(exc)


def _daily_cap_used_up(cap: DailyLimit, today: date) -> RateLimited:
    reset = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    return RateLimited(
        429,
        None,
        f"zoom-mcp did not send this request: the Zoom account's daily {cap.counter} cap ({cap.limit} "
        "requests per UTC day, counted across every replica) is used up",
        retry_after=(reset - datetime.now(UTC)).total_seconds(),
        limit_type="Daily-limit",
        category=cap.counter,
        reset_at=reset,
    )


def rate_limiter_for(settings: ZoomSettings, store: StateStore | None) -> RateLimiter:
    """The shared limiter when `store` is shared and pacing is on, else this process's own `RateLimiter`."""
    if store is None or not store.shared or not settings.rate_limits:
        return RateLimiter(settings.rate_limits)
    return SharedRateLimiter(
        settings.rate_limits,
        store=store,
        account=budget_account(settings),
        daily=settings.daily_limits,
        max_wait=settings.max_retry_after,
    )
