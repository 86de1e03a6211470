"""Fault injection for tests: added latency, a random error rate, and forced statuses per path."""

from __future__ import annotations

import copy
import random
import re
import threading
from typing import Any

from zoom_mcp.sandbox.config import DEFAULT_RATE_LIMITS_PER_SECOND, FaultConfig, ForcedStatus, RateLimitConfig
from zoom_mcp.sandbox.errors import ZoomStyleError

_MESSAGES = {
    429: "You have reached the maximum per-second rate limit for this API. Try again later.",
    500: "Internal server error (injected by the sandbox).",
    503: "Service temporarily unavailable (injected by the sandbox).",
}


def parse_faults(data: dict[str, Any]) -> FaultConfig:
    """Build a FaultConfig from JSON: {"latency_ms", "error_rate", "forced": [{"path", "status", ...}]}."""
    forced = [
        ForcedStatus(**{k: v for k, v in entry.items() if k in ForcedStatus.__dataclass_fields__})
        for entry in data.get("forced") or []
    ]
    return FaultConfig(
        latency_ms=int(data.get("latency_ms", 0)), error_rate=float(data.get("error_rate", 0.0)), forced=forced
    )


def parse_rate_limits(data: dict[str, Any]) -> RateLimitConfig:
    """Build a RateLimitConfig from JSON: {"per_second": {"LIGHT": 2}, "daily": {"HEAVY": 10}, "enabled": true}.

    Labels missing from `per_second` keep their generous defaults."""
    per_second = {
        **DEFAULT_RATE_LIMITS_PER_SECOND,
        **{str(k).upper(): float(v) for k, v in (data.get("per_second") or {}).items()},
    }
    daily = {str(k).upper(): int(v) for k, v in data["daily"].items()} if data.get("daily") else None
    return RateLimitConfig(per_second=per_second, daily=daily, enabled=bool(data.get("enabled", True)))


class FaultInjector:
    """Decides, per request, whether to fail it; forced statuses with a count are used up."""

    def __init__(self, config: FaultConfig, rng_seed: int = 1234) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(rng_seed)
        self.config = copy.deepcopy(config)  # counts are used up here, never in the caller's config

    def set(self, config: FaultConfig) -> None:
        with self._lock:
            self.config = copy.deepcopy(config)

    @property
    def latency_seconds(self) -> float:
        return max(0, self.config.latency_ms) / 1000.0

    def check(self, method: str, api_path: str) -> None:
        """Raise the injected failure for this request, if any."""
        with self._lock:
            for forced in self.config.forced:
                if forced.method and forced.method.upper() != method.upper():
                    continue
                hit = re.search(forced.path, api_path) if forced.regex else forced.path == api_path
                if not hit or forced.count == 0:
                    continue
                if forced.count is not None:
                    forced.count -= 1
                raise _forced_error(forced)
            if self.config.error_rate > 0 and self._random.random() < self.config.error_rate:
                raise ZoomStyleError(500, 500, _MESSAGES[500])


def _forced_error(forced: ForcedStatus) -> ZoomStyleError:
    headers: dict[str, str] = {}
    if forced.status == 429:
        headers = {
            "Retry-After": str(forced.retry_after or 1),
            "X-RateLimit-Category": "Light",
            "X-RateLimit-Type": "QPS",
            "X-RateLimit-Limit": "1",
            "X-RateLimit-Remaining": "0",
        }
    message = forced.message or _MESSAGES.get(forced.status, f"Injected status {forced.status}.")
    return ZoomStyleError(
        forced.status, forced.code if forced.code is not None else forced.status, message, headers=headers
    )
