"""Per-label rate limiting (per second and optionally per day), answered with Zoom's 429 headers."""

from __future__ import annotations

import math
import threading
import time
from datetime import UTC, datetime, timedelta

from zoom_mcp.sandbox.config import RateLimitConfig
from zoom_mcp.sandbox.errors import ZoomStyleError

_QPS_MESSAGE = "You have reached the maximum per-second rate limit for this API. Try again later."
_DAILY_MESSAGE = (
    "You have reached the maximum daily rate limit for this API. "
    "Refer to the Retry-After response header for when you can make the next request."
)


class RateLimiter:
    """Token buckets per label plus daily counters; `check(label)` raises a 429 ZoomStyleError."""

    def __init__(self, config: RateLimitConfig) -> None:
        self.config = config
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # label -> (tokens, last refill)
        self._daily: dict[str, int] = {}
        self._day = datetime.now(UTC).date()

    def reconfigure(self, config: RateLimitConfig) -> None:
        with self._lock:
            self.config = config
            self._buckets.clear()
            self._daily.clear()

    def check(self, label: str | None) -> None:
        if not self.config.enabled or label is None:
            return
        with self._lock:
            self._check_daily(label)
            rate = self.config.per_second.get(label)
            if rate is None or rate <= 0:
                return
            now = time.monotonic()
            tokens, last = self._buckets.get(label, (rate, now))
            tokens = min(rate, tokens + (now - last) * rate)
            if tokens < 1.0:
                self._buckets[label] = (tokens, now)
                retry_after = max(1, math.ceil((1.0 - tokens) / rate))
                raise ZoomStyleError(
                    429,
                    429,
                    _QPS_MESSAGE,
                    headers={
                        "Retry-After": str(retry_after),
                        "X-RateLimit-Category": _category(label),
                        "X-RateLimit-Type": "QPS",
                        "X-RateLimit-Limit": str(int(rate)),
                        "X-RateLimit-Remaining": "0",
                    },
                )
            self._buckets[label] = (tokens - 1.0, now)

    def _check_daily(self, label: str) -> None:
        if not self.config.daily or label not in self.config.daily:
            return
        today = datetime.now(UTC).date()
        if today != self._day:
            self._day, self._daily = today, {}
        limit = self.config.daily[label]
        used = self._daily.get(label, 0)
        if used >= limit:
            reset = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
            raise ZoomStyleError(
                429,
                429,
                _DAILY_MESSAGE,
                headers={
                    "Retry-After": reset.strftime("%a, %d %b %Y %H:%M:%S GMT"),
                    "X-RateLimit-Category": _category(label),
                    "X-RateLimit-Type": "Daily-limit",
                    "X-RateLimit-Limit": str(limit),
                    "X-RateLimit-Remaining": "0",
                },
            )
        self._daily[label] = used + 1


def _category(label: str) -> str:
    return {"LIGHT": "Light", "MEDIUM": "Medium", "HEAVY": "Heavy"}.get(label, "Resource-intensive")
