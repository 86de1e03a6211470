"""Resource subscriptions in both protocol eras, fed by a poller that watches subscribed URIs.

- Handshake era (2024-11-05 ... 2025-11-25): `on_subscribe_resource` / `on_unsubscribe_resource` record
  which connection watches which URI; updates go out as `notifications/resources/updated` on that
  connection (`session.send_resource_updated(uri)`).
- Modern era (2026-07-28): `on_subscriptions_listen` wraps the SDK's `ListenHandler` over a
  `SubscriptionBus`; the URIs in the listen filter are watched while the stream is open and updates are
  published to the bus as `ResourceUpdated(uri)`.

The poller (`run()`, or `async with registry.running():`) asks `version(uri)` for every watched URI each
`interval` seconds and notifies when the marker changes to a non-None value: a summary or transcript
that becomes available, or content that changes. The first marker is taken when the subscription
starts, so content that is already there is not announced again. A failing check keeps the last state.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

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

logger = logging.getLogger("zoom_mcp.resources")

VersionFn = Callable[[str], Awaitable[str | None]]
_UNSET = object()


class SubscriptionRegistry:
    """Who watches which resource URI, and the poller that tells them when it changes."""

    def __init__(self, version: VersionFn, *, interval: float = 60.0, bus: SubscriptionBus | None = None) -> None:
        self._version = version
        self.interval = interval
        self.bus: SubscriptionBus = bus if bus is not None else InMemorySubscriptionBus()
        self._listen = ListenHandler(self.bus)
        self._sessions: dict[str, dict[int, ServerSession]] = {}
        self._listeners: dict[str, int] = {}
        self._markers: dict[str, str | None] = {}

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
        self._forget_unwatched()
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
            self._forget_unwatched()

    def close(self) -> None:
        """End every open listen stream gracefully (for shutdown)."""
        self._listen.close()

    # -- polling -------------------------------------------------------------------------------------
    def watched_uris(self) -> list[str]:
        return sorted(set(self._sessions) | set(self._listeners))

    async def poll_once(self) -> list[str]:
        """Check every watched URI once; notify and return those whose content appeared or changed."""
        changed: list[str] = []
        for uri in self.watched_uris():
            try:
                marker = await self._version(uri)
            except Exception as exc:  # one failing check must not stop the others; state is kept
                logger.info("Subscription check of %s failed (%s); will retry", uri, type(exc).__name__)
                continue
            previous = self._markers.get(uri)
            self._markers[uri] = marker
            if marker is not None and marker != previous:
                changed.append(uri)
                await self._notify(uri)
        return changed

    async def run(self) -> None:
        """Poll forever, every `interval` seconds (cancel the task to stop)."""
        while True:
            await anyio.sleep(self.interval)
            await self.poll_once()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[SubscriptionRegistry]:
        """Run the poller in the background for the duration of the block (e.g. in a server lifespan)."""
        async with anyio.create_task_group() as group:
            group.start_soon(self.run)
            try:
                yield self
            finally:
                self.close()
                group.cancel_scope.cancel()

    async def _start_watching(self, uri: str) -> None:
        if self._markers.get(uri, _UNSET) is not _UNSET:
            return
        try:
            self._markers[uri] = await self._version(uri)
        except Exception as exc:  # an unknown start counts as "nothing yet": the first success will notify
            logger.info("Subscription baseline of %s failed (%s)", uri, type(exc).__name__)
            self._markers[uri] = None

    def _forget_unwatched(self) -> None:
        watched = set(self.watched_uris())
        for uri in [u for u in self._markers if u not in watched]:
            del self._markers[uri]

    async def _notify(self, uri: str) -> None:
        if uri in self._listeners:
            await self.bus.publish(ResourceUpdated(uri=uri))
        for key, session in list(self._sessions.get(uri, {}).items()):
            try:
                await session.send_resource_updated(uri)
            except Exception as exc:  # the connection went away: drop it
                logger.info("Dropping subscriber of %s (%s)", uri, type(exc).__name__)
                self._sessions.get(uri, {}).pop(key, None)


def _checked(uri: str) -> str:
    try:
        parse_uri(uri)
    except ResourceError as exc:
        raise to_mcp_error(exc, uri) from None
    return uri


def _connection_key(session: ServerSession) -> int:
    """One key per client connection: the session object is per request, its connection is shared."""
    return id(getattr(session, "_connection", session))
