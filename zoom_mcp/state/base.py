"""The state-store contract: what every part that shares state across processes may ask of it.

One `StateStore` per process, chosen by `--state-url` / `ZOOM_MCP_STATE_URL` (`open_state_store`):
`MemoryStore` (no URL: this process only) or `RedisStore` (`redis://`, `rediss://`, `unix://`: every
replica and worker that names the same Redis shares one state). Both pass the same contract tests
(`tests/state/test_contract.py`). Keys and channels are plain strings chosen by the caller (the Redis
store prefixes them with `zoom-mcp:`); values are strings (callers encode JSON themselves). Every TTL and
wait is in seconds. Every operation is atomic on its own: two replicas can never both win a claim,
both take one record, or both spend the same slot of a rate budget.

Operations (all async):

- records: `add` (store only if absent), `put`, `get`, `take` (get and delete in one step: take-once),
  `delete`, `refresh` (new TTL for a live key);
- single-use claims: `claim(key, ttl) -> Claim(won, since)`: `won` for the first claimer only; `since` is
  the wall-clock time (Unix seconds) from which the store's memory is unbroken. A Redis that restarted
  without its data starts a new memory (its `since` moves to the restart), so a caller can refuse what was
  claimed before and may have been forgotten (tokens issued before `since`). `MemoryStore.since` is the
  store's creation time;
- counters: `incr(key, ttl, amount)` (the TTL is set when the counter is created, e.g. a daily count);
- rate budgets (GCRA, the store's own clock): `reserve(key, interval, burst, max_wait, count)` books the next
  slot and says how long to wait before using it (nothing is booked when the wait would exceed
  `max_wait`); with `count` (a `Counted`: e.g. a daily cap) it first adds one to that counter, in the same
  atomic step, and books nothing when the counter passes its limit (one round trip instead of two);
  `pause(key, seconds, interval, burst)` empties the budget until `seconds` from now (a 429 with Retry-After),
  after which slots resume one `interval` apart;
- sliding windows: `admit(key, limit, window)` records one event and returns None, or returns the
  seconds until one more is allowed (nothing recorded);
- sets of expiring members: `set_add(key, member, ttl)` (adds or renews one member for `ttl` seconds),
  `set_members(key)` (the live members, sorted), `set_remove(key, member)` (e.g. the URIs some replica
  watches, the replicas alive); `set_add_bounded(member, ttl, limits)` adds one member to several sets at
  once only if none of them is full (e.g. open sessions under a cap per caller and in total);
- leases: `lease(key, owner, ttl)` takes or renews a lease (True when `owner` holds it afterwards);
  `release(key, owner)` gives it up (only the holder can);
- pub/sub: `publish(channel, message)`; `subscribe(channel, listener) -> Unsubscribe` calls the
  synchronous `listener(message)` on this process's event loop for every message published on the
  channel by any process (at most once, no replay: messages published while a store is disconnected are
  lost, so listeners must tolerate gaps).

Failures: any operation raises `StateUnavailable` when the backend cannot be reached or answers with an
error; the message says what failed, never a password. Callers decide how to degrade (confirmations
fail closed, rate pacing falls back to local buckets, ...). A store that was unreachable is used again
as soon as it answers: no restart is needed. `MemoryStore` never raises `StateUnavailable`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

Listener = Callable[[str], None]
Unsubscribe = Callable[[], Awaitable[None]]


class StateError(Exception):
    """Base class of the state store's errors."""


class StateConfigError(StateError, ValueError):
    """The state URL cannot be used; the message says what to change."""


class StateUnavailable(StateError):
    """The shared state store could not be reached or refused an operation (the message says which)."""


@dataclass(frozen=True)
class Claim:
    """The answer of `claim`: `won` (the first claim of the key) and `since` (Unix time from which the store
    remembers every claim: one made before it may have been forgotten). Truthy when won."""

    won: bool
    since: float

    def __bool__(self) -> bool:
        return self.won


@dataclass(frozen=True)
class Counted:
    """A counter that `reserve` adds one to before booking (e.g. requests per day): `key`, the `ttl` of a new
    counter (as `incr`), and the `limit` past which nothing is booked."""

    key: str
    ttl: float
    limit: int


@dataclass(frozen=True)
class Reservation:
    """The answer of `reserve`: `granted` (a slot was booked; use it after `wait` seconds) or not
    (the next slot is `wait` seconds away, more than `max_wait`; nothing was booked). With a `Counted`,
    `count` is the counter's value after this request, and `over_count` says it passed the limit (then nothing
    was booked and `wait` is 0)."""

    granted: bool
    wait: float
    count: int | None = None
    over_count: bool = False


class StateStore(ABC):
    """The contract shared by `MemoryStore` and `RedisStore` (see the module docstring)."""

    kind: ClassVar[str]
    shared: ClassVar[bool]  # True when other processes see the same state

    @property
    @abstractmethod
    def description(self) -> str:
        """Where the state lives, for logs and messages (never includes a password)."""

    # --- lifecycle -----------------------------------------------------------------------------------
    @abstractmethod
    async def ping(self) -> None:
        """Return when the store answers; raise `StateUnavailable` otherwise."""

    @abstractmethod
    async def aclose(self) -> None:
        """Release connections and background tasks (the store is not used afterwards)."""

    # --- records -------------------------------------------------------------------------------------
    @abstractmethod
    async def add(self, key: str, value: str, ttl: float) -> bool:
        """Store `value` under `key` for `ttl` seconds only if `key` is absent; True when stored."""

    @abstractmethod
    async def claim(self, key: str, ttl: float) -> Claim:
        """A single-use claim: won by the first caller only, until `ttl` seconds have passed."""

    @abstractmethod
    async def put(self, key: str, value: str, ttl: float) -> None:
        """Store `value` under `key` for `ttl` seconds (replacing any value and TTL)."""

    @abstractmethod
    async def get(self, key: str) -> str | None:
        """The live value under `key`, or None."""

    @abstractmethod
    async def take(self, key: str) -> str | None:
        """Get and delete in one step: of several concurrent takers, exactly one gets the value."""

    @abstractmethod
    async def delete(self, key: str) -> bool:
        """Delete `key`; True when it existed."""

    @abstractmethod
    async def refresh(self, key: str, ttl: float) -> bool:
        """Give a live `key` a new TTL; False when it does not exist (any more)."""

    # --- counters ------------------------------------------------------------------------------------
    @abstractmethod
    async def incr(self, key: str, ttl: float, amount: int = 1) -> int:
        """Add `amount` to the counter `key` and return the new value; a new counter lives `ttl` seconds."""

    # --- rate budgets --------------------------------------------------------------------------------
    @abstractmethod
    async def reserve(
        self, key: str, *, interval: float, burst: int, max_wait: float | None = None, count: Counted | None = None
    ) -> Reservation:
        """Book the next slot of the budget `key`: one request per `interval` seconds, up to `burst` at once;
        with `count`, add one to that counter first and book nothing once it is past its limit."""

    @abstractmethod
    async def pause(self, key: str, seconds: float, *, interval: float, burst: int) -> None:
        """No slot of `key` before `seconds` from now; afterwards slots resume one `interval` apart."""

    # --- sliding windows -----------------------------------------------------------------------------
    @abstractmethod
    async def admit(self, key: str, *, limit: int, window: float) -> float | None:
        """Record one event in the last-`window`-seconds window `key` (None), or the seconds to wait
        when `limit` events are already in it (then nothing is recorded)."""

    # --- sets of expiring members ------------------------------------------------------------------
    @abstractmethod
    async def set_add(self, key: str, member: str, ttl: float) -> None:
        """Add `member` to the set `key` (or renew it) for `ttl` seconds; each member expires on its own."""

    @abstractmethod
    async def set_members(self, key: str) -> list[str]:
        """The live members of the set `key`, sorted."""

    @abstractmethod
    async def set_remove(self, key: str, member: str) -> None:
        """Remove `member` from the set `key`."""

    @abstractmethod
    async def set_add_bounded(self, member: str, ttl: float, limits: Sequence[tuple[str, int]]) -> str | None:
        """Add `member` for `ttl` seconds to every set `key` of `limits` ((key, limit) pairs), in one atomic step,
        only if each of them holds fewer than `limit` live members (a member already in a set does not count as
        new there). None when added; else the first key that is full (nothing was added)."""

    # --- leases --------------------------------------------------------------------------------------
    @abstractmethod
    async def lease(self, key: str, owner: str, ttl: float) -> bool:
        """Take the lease `key` for `owner` (or renew it when `owner` holds it); True when `owner` holds it."""

    @abstractmethod
    async def release(self, key: str, owner: str) -> None:
        """Give up the lease `key` if `owner` holds it."""

    # --- pub/sub -------------------------------------------------------------------------------------
    @abstractmethod
    async def publish(self, channel: str, message: str) -> None:
        """Send `message` to every subscriber of `channel`, in every process sharing this store."""

    @abstractmethod
    async def subscribe(self, channel: str, listener: Listener) -> Unsubscribe:
        """Call `listener(message)` for each message on `channel`; returns an idempotent unsubscribe."""


def check_ttl(ttl: float) -> float:
    """TTLs must be positive; a non-positive TTL is a programming error."""
    if not ttl > 0:
        raise ValueError(f"a TTL must be a positive number of seconds, got {ttl!r}")
    return float(ttl)


def check_rate(interval: float, burst: int) -> None:
    if not interval > 0 or burst < 1:
        raise ValueError(f"a rate budget needs interval > 0 and burst >= 1, got interval={interval!r}, burst={burst!r}")
