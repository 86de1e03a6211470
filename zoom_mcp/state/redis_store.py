"""`RedisStore`: state shared by every process that names the same Redis (`--state-url redis://...`).

Built on the maintained `redis` client's asyncio API. Each operation is one command or one Lua script,
so it is atomic across replicas; rate budgets and windows use Redis's own clock (`TIME`), so replicas
need not agree on the time. Keys and channels are prefixed with `zoom-mcp:` (so one Redis can serve
other applications too). A short deadline on every operation (`timeout`, default 2 s, one `asyncio.timeout`
around the whole operation rather than redis-py's per-socket-call timeouts, which on Python 3.11 cost a task
per command sent) makes an unreachable or hung Redis fail fast with `StateUnavailable`; a connection cut off
mid-command is dropped by the client, and the next operation after Redis returns reconnects by itself
(scripts are re-sent when Redis lost them). One background task reads pub/sub messages and re-subscribes
after an outage.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import urlsplit, urlunsplit

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from zoom_mcp.state import redis_scripts as scripts
from zoom_mcp.state.base import (
    Claim,
    Counted,
    Listener,
    Reservation,
    StateConfigError,
    StateStore,
    StateUnavailable,
    Unsubscribe,
    check_rate,
    check_ttl,
)

logger = logging.getLogger("zoom_mcp.state")

REDIS_SCHEMES: Final = ("redis", "rediss", "unix")
DEFAULT_PREFIX: Final = "zoom-mcp:"
DEFAULT_TIMEOUT: Final = 2.0
_EPOCH_KEY: Final = "epoch"  # when this Redis's memory began (set again after a restart that lost the data)
T = TypeVar("T")


def redacted_url(url: str) -> str:
    """`url` without its password (and user), for logs and messages."""
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def check_redis_url(url: str) -> str:
    """Return `url` when it names a Redis the client can use; else raise `StateConfigError`."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in REDIS_SCHEMES:
        raise StateConfigError(
            f"the state URL must start with redis://, rediss:// or unix:// (e.g. redis://127.0.0.1:6379/0), "
            f"got {redacted_url(url) if scheme else url!r}"
        )
    try:
        urlsplit(url).port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise StateConfigError(f"the state URL {redacted_url(url)!r} has a bad port: {exc}") from None
    return url


def _ms(seconds: float) -> int:
    return max(1, round(seconds * 1000))


class RedisStore(StateStore):
    """The state store on Redis (see the module docstring)."""

    kind = "redis"
    shared = True

    def __init__(self, url: str, *, prefix: str = DEFAULT_PREFIX, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._url = check_redis_url(url)
        self._prefix = prefix
        self._timeout = timeout
        self._client: aioredis.Redis = aioredis.Redis.from_url(
            url,
            decode_responses=True,
            socket_timeout=None,  # the deadline is `_run`'s, around the whole operation
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 1),  # one retry: a pooled connection may predate a Redis restart
            health_check_interval=30,
        )
        self._ping = self._client.register_script(scripts.PING)
        self._claim = self._client.register_script(scripts.CLAIM)
        self._incr = self._client.register_script(scripts.INCR)
        self._reserve = self._client.register_script(scripts.RESERVE)
        self._reserve_counted = self._client.register_script(scripts.RESERVE_COUNTED)
        self._pause = self._client.register_script(scripts.PAUSE)
        self._admit = self._client.register_script(scripts.ADMIT)
        self._set_add = self._client.register_script(scripts.SET_ADD)
        self._set_members = self._client.register_script(scripts.SET_MEMBERS)
        self._set_add_bounded = self._client.register_script(scripts.SET_ADD_BOUNDED)
        self._lease = self._client.register_script(scripts.LEASE)
        self._release = self._client.register_script(scripts.RELEASE)
        self._healthy = True
        self._listeners: dict[str, dict[object, Listener]] = {}
        self._pubsub: Any = None
        self._pubsub_lock = asyncio.Lock()
        self._reader: asyncio.Task[None] | None = None
        self._closed = False

    @property
    def description(self) -> str:
        return redacted_url(self._url)

    def _key(self, key: str) -> str:
        return self._prefix + key

    # --- error handling ------------------------------------------------------------------------------
    async def _run(self, what: str, call: Callable[[], Awaitable[T]]) -> T:
        try:
            async with asyncio.timeout(self._timeout):
                result = await call()
        except (RedisError, OSError) as exc:  # a missed deadline is a TimeoutError, an OSError
            detail = str(exc) or f"no answer within {self._timeout:g} s"
            if self._healthy:
                self._healthy = False
                logger.warning("state store %s unreachable (%s: %s)", self.description, type(exc).__name__, detail)
            raise StateUnavailable(
                f"the shared state store ({self.description}) could not {what}: {type(exc).__name__}: {detail}"
            ) from None
        if not self._healthy:
            self._healthy = True
            logger.warning("state store %s reachable again", self.description)
        return result

    # --- lifecycle -----------------------------------------------------------------------------------
    async def ping(self) -> None:
        """PING (through a script that also starts the store's memory epoch, see `claim`)."""
        await self._run("answer a PING", lambda: self._ping(keys=[self._key(_EPOCH_KEY)]))

    async def aclose(self) -> None:
        self._closed = True
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self._timeout):
                    await self._pubsub.aclose()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self._timeout):
                await self._client.aclose()

    # --- records -------------------------------------------------------------------------------------
    async def add(self, key: str, value: str, ttl: float) -> bool:
        px = _ms(check_ttl(ttl))
        result = await self._run("store a record", lambda: self._client.set(self._key(key), value, nx=True, px=px))
        return bool(result)

    async def claim(self, key: str, ttl: float) -> Claim:
        px = _ms(check_ttl(ttl))
        won, since = await self._run(
            "record a single-use claim", lambda: self._claim(keys=[self._key(_EPOCH_KEY), self._key(key)], args=[px])
        )
        return Claim(won=bool(int(won)), since=float(since))

    async def put(self, key: str, value: str, ttl: float) -> None:
        px = _ms(check_ttl(ttl))
        await self._run("store a record", lambda: self._client.set(self._key(key), value, px=px))

    async def get(self, key: str) -> str | None:
        value: Any = await self._run("read a record", lambda: self._client.get(self._key(key)))
        return None if value is None else str(value)

    async def take(self, key: str) -> str | None:
        value: Any = await self._run("take a record", lambda: self._client.getdel(self._key(key)))
        return None if value is None else str(value)

    async def delete(self, key: str) -> bool:
        count: int = await self._run("delete a record", lambda: self._client.delete(self._key(key)))
        return count > 0

    async def refresh(self, key: str, ttl: float) -> bool:
        px = _ms(check_ttl(ttl))
        return bool(await self._run("refresh a record", lambda: self._client.pexpire(self._key(key), px)))

    # --- counters ------------------------------------------------------------------------------------
    async def incr(self, key: str, ttl: float, amount: int = 1) -> int:
        px = _ms(check_ttl(ttl))
        value = await self._run("count", lambda: self._incr(keys=[self._key(key)], args=[amount, px]))
        return int(value)

    # --- rate budgets --------------------------------------------------------------------------------
    async def reserve(
        self, key: str, *, interval: float, burst: int, max_wait: float | None = None, count: Counted | None = None
    ) -> Reservation:
        check_rate(interval, burst)
        limit = -1.0 if max_wait is None else max(0.0, max_wait)
        args: list[str | int] = [repr(interval), burst, repr(limit)]
        if count is None:
            granted, wait, _used = await self._run(
                "book a rate-limit slot", lambda: self._reserve(keys=[self._key(key)], args=args)
            )
            return Reservation(granted=bool(int(granted)), wait=float(wait))
        keys = [self._key(key), self._key(count.key)]
        args += [_ms(check_ttl(count.ttl)), int(count.limit)]
        granted, wait, used = await self._run(
            "count and book a rate-limit slot", lambda: self._reserve_counted(keys=keys, args=args)
        )
        used = int(used)
        return Reservation(granted=bool(int(granted)), wait=float(wait), count=used, over_count=used > count.limit)

    async def pause(self, key: str, seconds: float, *, interval: float, burst: int) -> None:
        check_rate(interval, burst)
        await self._run(
            "pause a rate budget",
            lambda: self._pause(keys=[self._key(key)], args=[repr(max(0.0, seconds)), repr(interval), burst]),
        )

    # --- sliding windows -----------------------------------------------------------------------------
    async def admit(self, key: str, *, limit: int, window: float) -> float | None:
        window = check_ttl(window)
        member = secrets.token_hex(8)
        wait = await self._run(
            "count a call", lambda: self._admit(keys=[self._key(key)], args=[limit, repr(window), member])
        )
        return None if wait is None else float(wait)

    # --- sets of expiring members ------------------------------------------------------------------
    async def set_add(self, key: str, member: str, ttl: float) -> None:
        px = _ms(check_ttl(ttl))
        await self._run("add a set member", lambda: self._set_add(keys=[self._key(key)], args=[member, px]))

    async def set_members(self, key: str) -> list[str]:
        members = await self._run("list a set", lambda: self._set_members(keys=[self._key(key)]))
        return sorted(str(member) for member in members)

    async def set_remove(self, key: str, member: str) -> None:
        await self._run("remove a set member", lambda: self._client.zrem(self._key(key), member))

    async def set_add_bounded(self, member: str, ttl: float, limits: Sequence[tuple[str, int]]) -> str | None:
        """One script over every set (a single Redis, not a cluster: the keys need not share a slot)."""
        px = _ms(check_ttl(ttl))
        keys = [self._key(key) for key, _limit in limits]
        args: list[str | int] = [member, px, *(int(limit) for _key, limit in limits)]
        full = await self._run("add a bounded set member", lambda: self._set_add_bounded(keys=keys, args=args))
        return None if int(full) == 0 else limits[int(full) - 1][0]

    # --- leases --------------------------------------------------------------------------------------
    async def lease(self, key: str, owner: str, ttl: float) -> bool:
        px = _ms(check_ttl(ttl))
        held = await self._run("take a lease", lambda: self._lease(keys=[self._key(key)], args=[owner, px]))
        return bool(int(held))

    async def release(self, key: str, owner: str) -> None:
        await self._run("release a lease", lambda: self._release(keys=[self._key(key)], args=[owner]))

    # --- pub/sub -------------------------------------------------------------------------------------
    async def publish(self, channel: str, message: str) -> None:
        await self._run("publish a message", lambda: self._client.publish(self._key(channel), message))

    async def subscribe(self, channel: str, listener: Listener) -> Unsubscribe:
        token = object()
        listeners = self._listeners.setdefault(channel, {})
        first = not listeners
        listeners[token] = listener
        if first:
            try:
                async with self._pubsub_lock:
                    if self._pubsub is None:
                        self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
                    await self._run("subscribe", lambda: self._pubsub.subscribe(self._key(channel)))
            except StateUnavailable:
                listeners.pop(token, None)
                raise
        if self._reader is None:
            self._reader = asyncio.get_running_loop().create_task(self._read_messages(), name="zoom-mcp state pubsub")

        async def unsubscribe() -> None:
            remaining = self._listeners.get(channel)
            if remaining is None or remaining.pop(token, None) is None or remaining:
                return
            del self._listeners[channel]
            async with self._pubsub_lock:
                if self._pubsub is not None:
                    with contextlib.suppress(RedisError, OSError):
                        async with asyncio.timeout(self._timeout):
                            await self._pubsub.unsubscribe(self._key(channel))

        return unsubscribe

    async def _read_messages(self) -> None:
        """Deliver pub/sub messages to the listeners; after an outage, reconnect and subscribe again."""
        delay = 0.1
        while not self._closed:
            if not self._listeners:
                await asyncio.sleep(0.2)
                continue
            try:
                async with self._pubsub_lock:
                    message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
                if message is not None and message.get("type") == "message":
                    self._deliver(str(message["channel"]), str(message["data"]))
                else:
                    await asyncio.sleep(0)
                delay = 0.1
            except (RedisError, OSError, RuntimeError) as exc:
                if self._healthy:
                    self._healthy = False
                    logger.warning("state store %s pub/sub lost (%s); reconnecting", self.description, exc)
                await asyncio.sleep(delay)
                delay = min(2.0, delay * 2)
                await self._resubscribe()

    async def _resubscribe(self) -> None:
        async with self._pubsub_lock:
            old = self._pubsub
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self._timeout):
                    await old.aclose()
            self._pubsub = self._client.pubsub(ignore_subscribe_messages=True)
            channels = [self._key(channel) for channel in self._listeners]
            try:
                async with asyncio.timeout(self._timeout):
                    if channels:
                        await self._pubsub.subscribe(*channels)
                    else:
                        await self._pubsub.ping()
            except (RedisError, OSError):  # a missed deadline is a TimeoutError, an OSError
                return  # still down: the reader tries again
        if not self._healthy:
            self._healthy = True
            logger.warning("state store %s reachable again (pub/sub resubscribed)", self.description)

    def _deliver(self, channel: str, data: str) -> None:
        name = channel[len(self._prefix) :] if channel.startswith(self._prefix) else channel
        for listener in list(self._listeners.get(name, {}).values()):
            try:
                listener(data)
            except Exception:  # one bad listener must not starve the others
                logger.exception("state store listener on %s raised; continuing", name)
