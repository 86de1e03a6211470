"""A tiny low-level MCP server wired with the resource handlers, on top of a real sandbox over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from mcp.server import Server

from zoom_mcp.resources import ResourceHandlers, ResourceService, ResourceSettings, SubscriptionRegistry
from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox_async
from zoom_mcp.zoom_client import ZoomClient, ZoomSettings

MODES = ("legacy", "auto")  # handshake era over real JSON-RPC, and the modern in-process era


@dataclass
class Harness:
    sandbox: RunningSandbox
    client: ZoomClient
    service: ResourceService
    registry: SubscriptionRegistry
    server: Server


@asynccontextmanager
async def harness(config: SandboxConfig | None = None, *, poll_interval: float = 0.05) -> AsyncIterator[Harness]:
    async with running_sandbox_async(config or SandboxConfig(account_type="master")) as sandbox:
        settings = ZoomSettings(
            api_base_url=sandbox.base_url,
            oauth_url=sandbox.oauth_url,
            account_id=sandbox.config.account_id,
            client_id=sandbox.config.client_id,
            client_secret=sandbox.config.client_secret,
            max_retries=0,
        )
        async with ZoomClient(settings) as client:
            service = ResourceService(client, ResourceSettings(account_id="me", completion_cache_seconds=0.0))
            registry = SubscriptionRegistry(service.version, interval=poll_interval)
            server = Server("zoom-mcp-resources-test", **ResourceHandlers(service, registry).server_kwargs())
            async with registry.running():
                yield Harness(sandbox, client, service, registry, server)
