"""Resource subscriptions in both protocol eras, fed by one poller per deployment that watches subscribed URIs.

- Handshake era (2024-11-05 ... 2025-11-25): `on_subscribe_resource` / `on_unsubscribe_resource` record
  which connection watches which URI; updates go out as `notifications/resources/updated` on that
  connection (`session.send_resource_updated(uri)`).
- Modern era (2026-07-28): `on_subscriptions_listen` wraps the SDK's `ListenHandler` over a
  `SubscriptionBus`; the URIs in the listen filter are watched while the stream is open and updates are
  published to the bus as `ResourceUpdated(uri)`.

Polling goes through the state store (`MemoryStore` in one process, `RedisStore` with `--state-url`), so that
with several replicas one of them polls and every session hears about a change wherever it lives:

- each replica lists the URIs its own sessions watch in the set `subscriptions:watched` (members expire
  unless renewed every `interval`);
- the replica holding the lease `subscriptions:poller` asks `version(uri)` for every watched URI each
  `interval` seconds, keeps the last marker in `subscriptions:marker:<uri>`, and publishes the URI on the
  channel `resources:updated` when its marker changes to a non-None value (a summary or transcript that
  becomes available, or content that changes); if that replica stops, another takes the lease over;
- every replica delivers each published URI to its own sessions that watch it.

The first marker is taken when a URI starts being watched, so content that is already there is not announced.
A failing check keeps the last state. While the store cannot be reached, each replica polls the URIs its own
sessions watch and notifies them itself (logged once per outage), until the store answers again.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, Final

import anyio
from mcp.server.context import ServerRequestContext
from mcp.server.session import ServerSession
from mcp.server.subscriptions import InMemorySubscriptionBus, ListenHandler, ResourceUpdated, SubscriptionBus
from mcp_types import (
    EmptyResult,
    SubscribeRequestParams,
    SubscriptionsListenRequestParams,
    SubscriptionsListenResult,
    UnsubscribeRequestParams,
)

from zoom_mcp.resources.errors import ResourceError, to_mcp_error
from zoom_mcp.resources.uris import parse_uri
from zoom_mcp.sdk_connection import connection_of
from zoom_mcp.state import MemoryStore, OutageLog, StateStore, StateUnavailable, Unsubscribe

logger = logging.getLogger("zoom_mcp.resources")

VersionFn = Callable[[str], Awaitable[str | None]]
CHANNEL: Final = "resources:updated"
WATCHED_KEY: Final = "subscriptions:watched"
POLLER_LEASE: Final = "subscriptions:poller"
_UNSET = object()


def default_replica_id() -> str:
    """`host:pid:random`: tells replicas (and worker processes) apart in leases and sets."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def _marker_key(uri: str) -> str:
    return f"subscriptions:marker:{uri}"


class SubscriptionRegistry:
    """Who watches which resource URI here, and the (shared) poller that tells them when it changes."""

    def __init__(
        self,
        version: VersionFn,
        *,
        interval: float = 60.0,
        bus: SubscriptionBus | None = None,
        store: StateStore | None = None,
        replica_id: str | None = None,
    ) -> None:
        self._version = version
        self.interval = interval
        self.bus: SubscriptionBus = bus if bus is not None else InMemorySubscriptionBus()
        self.store: StateStore = store if store is not None else MemoryStore()
        self.replica_id = replica_id or default_replica_id()
        self._listen = ListenHandler(self.bus)
        self._sessions: dict[str, dict[int, ServerSession]] = {}
        self._listeners: dict[str, int] = {}
        self._local_markers: dict[str, str | None] = {}
        self._pending: list[str] = []
        self._wake = anyio.Event()
        self._unsubscribe: Unsubscribe | None = None
        self._outage = OutageLog(
            logger, "resource subscriptions", fallback="polling this replica's subscriptions itself"
        )

    @property
    def watch_ttl(self) -> float:
        """How long a watch, a marker and the poller lease live without being renewed."""
        return max(3 * self.interval, 10.0)

    # -- handshake era -------------------------------------------------------------------------------
    async def on_subscribe_resource(
        self, ctx: ServerRequestContext[Any], params: SubscribeRequestParams
    ) -> EmptyResult:
        uri = _checked(params.uri)
        await self._start_watching(uri)
        self._sessions.setdefault(uri, {})[_connection_key(ctx.session)] = ctx.session
        return EmptyResult()

    async def on_unsubscribe_resource(
        self, ctx: ServerRequestContext[Any], params: UnsubscribeRequestParams
    ) -> EmptyResult:
        sessions = self._sessions.get(params.uri)
        if sessions is not None:
            sessions.pop(_connection_key(ctx.session), None)
            if not sessions:
                del self._sessions[params.uri]
        await self._forget_unwatched()
        return EmptyResult()

    # -- modern era ----------------------------------------------------------------------------------
    async def on_subscriptions_listen(
        self, ctx: ServerRequestContext[Any], params: SubscriptionsListenRequestParams
    ) -> SubscriptionsListenResult:
        uris = [_checked(uri) for uri in params.notifications.resource_subscriptions or []]
        for uri in uris:
            await self._start_watching(uri)
            self._listeners[uri] = self._listeners.get(uri, 0) + 1
        try:
            return await self._listen(ctx, params)
        finally:
            for uri in uris:
                remaining = self._listeners.get(uri, 0) - 1
                if remaining > 0:
                    self._listeners[uri] = remaining
                else:
                    self._listeners.pop(uri, None)
            with anyio.CancelScope(shield=True):
                await self._forget_unwatched()

    def close(self) -> None:
        """End every open listen stream gracefully (for shutdown)."""
        self._listen.close()

    # -- polling -------------------------------------------------------------------------------------
    def watched_uris(self) -> list[str]:
        """The URIs watched by this process's sessions."""
        return sorted(set(self._sessions) | set(self._listeners))

    async def poll_once(self) -> list[str]:
        """One round: renew this replica's watches; if it holds the poller lease, check every watched URI and
        publish those whose content appeared or changed (returned). Without the store: poll locally."""
        local = self.watched_uris()
        try:
            for uri in local:
                await self.store.set_add(WATCHED_KEY, self._member(uri), self.watch_ttl)
            if self._unsubscribe is None:
                self._unsubscribe = await self.store.subscribe(CHANNEL, self._on_published)
            if not await self.store.lease(POLLER_LEASE, self.replica_id, self.watch_ttl):
                self._outage.back()
                return []
            members = await self.store.set_members(WATCHED_KEY)
        except StateUnavailable as exc:
            self._outage.lost(exc)
            return await self._poll_locally(local)
        self._outage.back()
        uris = sorted({found for member in members if (found := _uri_of(member)) is not None})
        changed: list[str] = []
        for uri in uris:
            try:
                marker = await self._version(uri)
            except Exception as exc:  # one failing check must not stop the others; state is kept
                logger.info("Subscription check of %s failed (%s); will retry", uri, type(exc).__name__)
                continue
            try:
                stored = await self.store.get(_marker_key(uri))
                await self.store.put(_marker_key(uri), json.dumps(marker), self.watch_ttl)
            except StateUnavailable as exc:
                self._outage.lost(exc)
                break
            previous = json.loads(stored) if stored is not None else None
            self._local_markers[uri] = marker
            if marker is not None and marker != previous:
                changed.append(uri)
                await self._announce(uri)
        return changed

    async def run(self) -> None:
        """Poll forever, every `interval` seconds (cancel the task to stop)."""
        while True:
            await anyio.sleep(self.interval)
            await self.poll_once()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[SubscriptionRegistry]:
        """Run the poller and the delivery of published changes for the duration of the block."""
        try:
            self._unsubscribe = await self.store.subscribe(CHANNEL, self._on_published)
        except StateUnavailable as exc:  # the poller subscribes once the store answers
            self._outage.lost(exc)
        async with anyio.create_task_group() as group:
            group.start_soon(self.run)
            group.start_soon(self._deliver_published)
            try:
                yield self
            finally:
                self.close()
                group.cancel_scope.cancel()
                with anyio.CancelScope(shield=True):
                    await self._leave()

    async def _leave(self) -> None:
        """On shutdown: give the lease and this replica's watches up (best effort)."""
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        try:
            if unsubscribe is not None:
                await unsubscribe()
            await self.store.release(POLLER_LEASE, self.replica_id)
            for uri in self.watched_uris():
                await self.store.set_remove(WATCHED_KEY, self._member(uri))
        except StateUnavailable:
            pass

    # -- watching --------------------------------------------------------------------------------------
    def _member(self, uri: str) -> str:
        return json.dumps([self.replica_id, uri])

    async def _start_watching(self, uri: str) -> None:
        if self._local_markers.get(uri, _UNSET) is not _UNSET:
            return
        try:
            baseline = await self._version(uri)
        except Exception as exc:  # an unknown start counts as "nothing yet": the first success will notify
            logger.info("Subscription baseline of %s failed (%s)", uri, type(exc).__name__)
            baseline = None
        self._local_markers[uri] = baseline
        try:
            await self.store.add(_marker_key(uri), json.dumps(baseline), self.watch_ttl)
            await self.store.set_add(WATCHED_KEY, self._member(uri), self.watch_ttl)
        except StateUnavailable as exc:
            self._outage.lost(exc)

    async def _forget_unwatched(self) -> None:
        watched = set(self.watched_uris())
        for uri in [u for u in self._local_markers if u not in watched]:
            del self._local_markers[uri]
            try:
                await self.store.set_remove(WATCHED_KEY, self._member(uri))
            except StateUnavailable as exc:
                self._outage.lost(exc)

    async def _poll_locally(self, uris: list[str]) -> list[str]:
        changed: list[str] = []
        for uri in uris:
            try:
                marker = await self._version(uri)
            except Exception as exc:
                logger.info("Subscription check of %s failed (%s); will retry", uri, type(exc).__name__)
                continue
            previous = self._local_markers.get(uri)
            self._local_markers[uri] = marker
            if marker is not None and marker != previous:
                changed.append(uri)
                await self._notify(uri)
        return changed

    # -- delivery --------------------------------------------------------------------------------------
    async def _announce(self, uri: str) -> None:
        try:
            await self.store.publish(CHANNEL, uri)
        except StateUnavailable as exc:
            self._outage.lost(exc)
            await self._notify(uri)  # at least this replica's sessions

    def _on_published(self, uri: str) -> None:
        """A change published by the poller (any replica); delivered by `_deliver_published`."""
        self._pending.append(uri)
        self._wake.set()

    async def _deliver_published(self) -> None:
        while True:
            await self._wake.wait()
            self._wake = anyio.Event()
            pending, self._pending = self._pending, []
            for uri in dict.fromkeys(pending):
                await self._notify(uri)

    async def _notify(self, uri: str) -> None:
        if uri in self._listeners:
            await self.bus.publish(ResourceUpdated(uri=uri))
        for key, session in list(self._sessions.get(uri, {}).items()):
            try:
                await session.send_resource_updated(uri)
            except Exception as exc:  # the connection went away: drop it
                logger.info("Dropping subscriber of %s (%s)", uri, type(exc).__name__)
                self._sessions.get(uri, {}).pop(key, None)


def _uri_of(member: str) -> str | None:
    try:
        _replica, uri = json.loads(member)
    except (ValueError, TypeError):
        return None
    return uri if isinstance(uri, str) else None


def _checked(uri: str) -> str:
    try:
        parse_uri(uri)
    except ResourceError as exc:
        raise to_mcp_error(exc, uri) from None
    return uri


def _connection_key(session: ServerSession) -> int:
    """One key per client connection: the session object is per request, its connection is shared."""
    connection = connection_of(session)
    return id(session if connection is None else connection)
