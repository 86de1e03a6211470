"""Subscriptions across replicas: one replica polls, the change reaches the session on another (real Redis)."""

from __future__ import annotations

import uuid
import warnings
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.client.session import IncomingMessage
from mcp.server import Server
from mcp.shared.exceptions import MCPDeprecationWarning
from mcp_types import ResourceUpdatedNotification
from state.redis_server import RedisServer

from tests.resources.harness import Harness, harness
from tests.resources.test_subscriptions import SUMMARY_URI, make_summary_appear, wait_for
from zoom_mcp.resources import ResourceHandlers, SubscriptionRegistry
from zoom_mcp.resources.subscriptions import POLLER_LEASE
from zoom_mcp.state.redis_store import RedisStore

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def replica(h: Harness, url: str, prefix: str, name: str) -> AsyncIterator[tuple[SubscriptionRegistry, Server]]:
    """A second 'replica' in this process: its own store connection, registry and MCP server."""
    store = RedisStore(url, prefix=prefix)
    registry = SubscriptionRegistry(h.service.version, interval=0.05, store=store, replica_id=name)
    server = Server(f"replica-{name}", **ResourceHandlers(h.service, registry).server_kwargs())
    try:
        async with registry.running():
            yield registry, server
    finally:
        await store.aclose()


async def test_the_poller_on_b_notifies_a_session_on_a(redis_server: RedisServer) -> None:
    prefix = f"sub-{uuid.uuid4().hex[:8]}:"
    received: list[str] = []

    async def on_message(message: IncomingMessage) -> None:
        if isinstance(message, ResourceUpdatedNotification):
            received.append(message.params.uri)

    async with harness(poll_interval=3600) as h, AsyncExitStack() as stack:
        b_registry, _ = await stack.enter_async_context(replica(h, redis_server.url, prefix, "B"))
        with anyio.fail_after(10):  # B takes the poller lease first
            while not await b_registry.store.lease(POLLER_LEASE, "B", 10):
                await anyio.sleep(0.02)
        a_registry, a_server = await stack.enter_async_context(replica(h, redis_server.url, prefix, "A"))
        client = await stack.enter_async_context(
            Client(a_server, mode="legacy", cache=None, message_handler=on_message)
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MCPDeprecationWarning)
            await client.subscribe_resource(SUMMARY_URI)
        assert a_registry.watched_uris() == [SUMMARY_URI] and b_registry.watched_uris() == []
        make_summary_appear(h)
        await wait_for(received, 1)
        assert received == [SUMMARY_URI]
        assert await a_registry.poll_once() == []  # A never polls: B holds the lease
        assert await b_registry.store.get(f"subscriptions:marker:{SUMMARY_URI}") is not None


async def test_without_redis_each_replica_polls_its_own_subscriptions(tmp_path: Path) -> None:
    server = RedisServer(tmp_path).start()
    received: list[str] = []

    async def on_message(message: IncomingMessage) -> None:
        if isinstance(message, ResourceUpdatedNotification):
            received.append(message.params.uri)

    try:
        async with AsyncExitStack() as stack:
            h = await stack.enter_async_context(harness(poll_interval=3600))
            registry, mcp_server = await stack.enter_async_context(replica(h, server.url, "x:", "A"))
            client = await stack.enter_async_context(
                Client(mcp_server, mode="legacy", cache=None, message_handler=on_message)
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", MCPDeprecationWarning)
                await client.subscribe_resource(SUMMARY_URI)
            server.kill()
            make_summary_appear(h)
            await wait_for(received, 1)  # polled and delivered locally while Redis is down
            assert received == [SUMMARY_URI]
            server.start()
            with anyio.fail_after(10):  # back to the shared poller once Redis answers
                while not await registry.store.lease(POLLER_LEASE, "A", 10):
                    await anyio.sleep(0.05)
    finally:
        server.stop()
