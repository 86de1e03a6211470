"""HTTP clients that spread one MCP client's requests over several replicas (no load balancer at all).

`spreading_client(ports)` rewrites each request's port round-robin over `ports` and opens a fresh connection
for every request (no keep-alive), so consecutive requests of one session land on different replicas (or,
with one port shared by `--workers`, on whichever process the kernel picks). `spreading_factory(ports)` is the
same as an `httpx_client_factory` for the SDK's legacy `sse_client`.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import httpx2

NO_KEEPALIVE = httpx2.Limits(max_connections=200, max_keepalive_connections=0)
TIMEOUT = httpx2.Timeout(30.0, read=300.0)


class SpreadingTransport(httpx2.AsyncBaseTransport):
    """Sends each request to the next port of `ports` (same host), over a new connection."""

    def __init__(self, ports: Sequence[int]) -> None:
        self._ports = itertools.cycle(list(ports))
        self._inner = httpx2.AsyncHTTPTransport(limits=NO_KEEPALIVE)
        self.sent_to: list[int] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        port = next(self._ports)
        self.sent_to.append(port)
        request.url = request.url.copy_with(port=port)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def spreading_client(ports: Sequence[int], headers: dict[str, str] | None = None) -> httpx2.AsyncClient:
    return httpx2.AsyncClient(transport=SpreadingTransport(ports), headers=headers, timeout=TIMEOUT)


def spreading_factory(ports: Sequence[int]) -> Any:
    """An `httpx_client_factory` for `mcp.client.sse.sse_client`."""

    def factory(
        headers: dict[str, str] | None = None, timeout: httpx2.Timeout | None = None, auth: httpx2.Auth | None = None
    ) -> httpx2.AsyncClient:
        return httpx2.AsyncClient(
            transport=SpreadingTransport(ports), headers=headers, timeout=timeout or TIMEOUT, auth=auth
        )

    return factory
