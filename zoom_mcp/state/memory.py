"""`MemoryStore`: the state of one process, in dictionaries (the default without `--state-url`).

Same contract as `RedisStore` (see `base.py`), with `time.monotonic` as its clock (injectable for tests).
Expired entries are dropped when touched and swept every few hundred writes. Safe to share between the
threads of one process; pub/sub listeners are called on the publishing task's loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

import anyio.lowlevel

from zoom_mcp.state.base import (
    Claim,
    Counted,
    Listener,
    Reservation,
    StateStore,
    Unsubscribe,
    check_rate,
    check_ttl,
)

logger = logging.getLogger("zoom_mcp.state")

_SWEEP_EVERY = 512


class MemoryStore(StateStore):
    """State kept in this process only."""

    kind = "memory"
    shared = False

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.since = time.time()
        self._lock = threading.Lock()
        self._values: dict[str, tuple[str, float]] = {}  # key -> (value, expires at)
        self._tats: dict[str, tuple[float, float]] = {}  # key -> (theoretical arrival time, expires at)
        self._windows: dict[str, deque[float]] = {}
        self._sets: dict[str, dict[str, float]] = {}  # key -> member -> expires at
        self._listeners: dict[str, dict[object, Listener]] = {}
        self._writes = 0

    @property
    def description(self) -> str:
        return "memory (this process only)"

    async def ping(self) -> None:
        return None

    async def aclose(self) -> None:
        with self._lock:
            self._listeners.clear()

    # --- records -------------------------------------------------------------------------------------
    def _live(self, key: str, now: float) -> str | None:
        entry = self._values.get(key)
        if entry is None:
            return None
        if entry[1] <= now:
            del self._values[key]
            return None
        return entry[0]

    def _wrote(self, now: float) -> None:
        self._writes += 1
        if self._writes % _SWEEP_EVERY:
            return
        for key in [k for k, (_, exp) in self._values.items() if exp <= now]:
            del self._values[key]
        for key in [k for k, (_, exp) in self._tats.items() if exp <= now]:
            del self._tats[key]
        for key in [k for k, times in self._windows.items() if not times]:
            del self._windows[key]

    async def add(self, key: str, value: str, ttl: float) -> bool:
        ttl = check_ttl(ttl)
        with self._lock:
            now = self._clock()
            if self._live(key, now) is not None:
                return False
            self._values[key] = (value, now + ttl)
            self._wrote(now)
            return True

    async def claim(self, key: str, ttl: float) -> Claim:
        return Claim(won=await self.add(key, "1", ttl), since=self.since)

    async def put(self, key: str, value: str, ttl: float) -> None:
        ttl = check_ttl(ttl)
        with self._lock:
            now = self._clock()
            self._values[key] = (value, now + ttl)
            self._wrote(now)

    async def get(self, key: str) -> str | None:
        with self._lock:
            return self._live(key, self._clock())

    async def take(self, key: str) -> str | None:
        with self._lock:
            value = self._live(key, self._clock())
            self._values.pop(key, None)
            return value

    async def delete(self, key: str) -> bool:
        with self._lock:
            existed = self._live(key, self._clock()) is not None
            self._values.pop(key, None)
            return existed

    async def refresh(self, key: str, ttl: float) -> bool:
        ttl = check_ttl(ttl)
        with self._lock:
            now = self._clock()
            value = self._live(key, now)
            if value is None:
                return False
            self._values[key] = (value, now + ttl)
            return True

    # --- counters ------------------------------------------------------------------------------------
    async def incr(self, key: str, ttl: float, amount: int = 1) -> int:
        ttl = check_ttl(ttl)
        with self._lock:
            return self._incr(key, ttl, amount, self._clock())

    def _incr(self, key: str, ttl: float, amount: int, now: float) -> int:
        current = self._live(key, now)
        if current is None:
            self._values[key] = (str(amount), now + ttl)
            self._wrote(now)
            return amount
        total = int(current) + amount
        self._values[key] = (str(total), self._values[key][1])
        return total

    # --- rate budgets (GCRA) -------------------------------------------------------------------------
    async def reserve(
        self, key: str, *, interval: float, burst: int, max_wait: float | None = None, count: Counted | None = None
    ) -> Reservation:
        check_rate(interval, burst)
        counted_ttl = None if count is None else check_ttl(count.ttl)
        with self._lock:
            now = self._clock()
            used: int | None = None
            if count is not None and counted_ttl is not None:
                used = self._incr(count.key, counted_ttl, 1, now)
                if used > count.limit:
                    return Reservation(granted=False, wait=0.0, count=used, over_count=True)
            tat = self._tat(key, now)
            new_tat = max(tat, now) + interval
            wait = max(0.0, new_tat - burst * interval - now)
            if max_wait is not None and wait > max_wait:
                return Reservation(granted=False, wait=wait, count=used)
            self._tats[key] = (new_tat, new_tat + 1.0)
            self._wrote(now)
            return Reservation(granted=True, wait=wait, count=used)

    async def pause(self, key: str, seconds: float, *, interval: float, burst: int) -> None:
        check_rate(interval, burst)
        with self._lock:
            now = self._clock()
            target = now + max(0.0, seconds) + (burst - 1) * interval
            if self._tat(key, now) < target:
                self._tats[key] = (target, target + 1.0)
                self._wrote(now)

    def _tat(self, key: str, now: float) -> float:
        entry = self._tats.get(key)
        if entry is None or entry[1] <= now:
            return now
        return entry[0]

    # --- sliding windows -----------------------------------------------------------------------------
    async def admit(self, key: str, *, limit: int, window: float) -> float | None:
        window = check_ttl(window)
        with self._lock:
            now = self._clock()
            times = self._windows.setdefault(key, deque())
            while times and now - times[0] >= window:
                times.popleft()
            if len(times) >= limit:
                return max(0.0, window - (now - times[0])) if times else window
            times.append(now)
            self._wrote(now)
            return None

    # --- sets of expiring members ------------------------------------------------------------------
    async def set_add(self, key: str, member: str, ttl: float) -> None:
        ttl = check_ttl(ttl)
        with self._lock:
            self._sets.setdefault(key, {})[member] = self._clock() + ttl

    async def set_members(self, key: str) -> list[str]:
        with self._lock:
            now = self._clock()
            members = self._sets.get(key, {})
            for member in [m for m, exp in members.items() if exp <= now]:
                del members[member]
            if not members:
                self._sets.pop(key, None)
            return sorted(members)

    async def set_remove(self, key: str, member: str) -> None:
        with self._lock:
            members = self._sets.get(key)
            if members is not None:
                members.pop(member, None)
                if not members:
                    del self._sets[key]

    async def set_add_bounded(self, member: str, ttl: float, limits: Sequence[tuple[str, int]]) -> str | None:
        ttl = check_ttl(ttl)
        with self._lock:
            now = self._clock()
            for key, limit in limits:
                members = self._sets.get(key, {})
                present = members.get(member, now) > now
                if not present and sum(1 for exp in members.values() if exp > now) >= limit:
                    return key
            for key, _limit in limits:
                members = self._sets.setdefault(key, {})
                for other in [m for m, exp in members.items() if exp <= now]:
                    del members[other]
                members[member] = now + ttl
            return None

    # --- leases --------------------------------------------------------------------------------------
    async def lease(self, key: str, owner: str, ttl: float) -> bool:
        ttl = check_ttl(ttl)
        with self._lock:
            now = self._clock()
            holder = self._live(key, now)
            if holder is not None and holder != owner:
                return False
            self._values[key] = (owner, now + ttl)
            self._wrote(now)
            return True

    async def release(self, key: str, owner: str) -> None:
        with self._lock:
            if self._live(key, self._clock()) == owner:
                del self._values[key]

    # --- pub/sub -------------------------------------------------------------------------------------
    async def publish(self, channel: str, message: str) -> None:
        with self._lock:
            listeners = list(self._listeners.get(channel, {}).values())
        for listener in listeners:
            try:
                listener(message)
            except Exception:  # one bad listener must not starve the others or fail the publisher
                logger.exception("state store listener on %s raised; continuing", channel)
        await anyio.lowlevel.checkpoint()

    async def subscribe(self, channel: str, listener: Listener) -> Unsubscribe:
        token = object()
        with self._lock:
            self._listeners.setdefault(channel, {})[token] = listener

        async def unsubscribe() -> None:
            with self._lock:
                listeners = self._listeners.get(channel)
                if listeners is not None:
                    listeners.pop(token, None)
                    if not listeners:
                        del self._listeners[channel]

        return unsubscribe
