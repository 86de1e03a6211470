"""The SDK's real `Client` over streamable HTTP, sending a caller's credentials (an API key or a bearer token) on
every request: the one helper the authentication, transport and server tests connect to a hosted endpoint with."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


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
