"""Talking to a hosted endpoint in tests: the SDK's real `Client` over streamable HTTP sending a caller's
credentials (an API key or a bearer token) on every request, and, for tests that speak raw HTTP, the handshake
`initialize` request with the headers streamable HTTP asks for."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

INIT_BODY: dict[str, Any] = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}},
}
MCP_HEADERS = {"accept": "application/json, text/event-stream", "content-type": "application/json"}


def bearer(token: str) -> dict[str, str]:
    """The `Authorization` header carrying `token` (an API key or a JWT)."""
    return {"authorization": f"Bearer {token}"}


@asynccontextmanager
async def mcp_client(url: str, headers: dict[str, str], **options: Any) -> AsyncIterator[Client]:
    """The SDK's client over streamable HTTP at `url`, sending `headers` on every request."""
    async with (
        create_mcp_http_client(headers=headers) as http,
        Client(streamable_http_client(url, http_client=http), **options) as client,
    ):
        yield client
