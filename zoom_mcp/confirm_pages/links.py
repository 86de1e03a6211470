"""Where confirmation pages are served, and the base of the links the server hands out.

- Hosted endpoint: `ConfirmationLinks.hosted_routes(public_origin)` gives the `/confirm/<secret>` route
  for the HTTP app; links then use the origin the MCP request came in by (its Host header, already
  matched exactly against the allowed hosts), or `public_origin` (from `--resource-url`) when set.
- stdio (or an HTTP app that does not serve the page): a loopback-only listener, `http://127.0.0.1:<port>`,
  started on first need (uvicorn on 127.0.0.1 port 0) inside `running()`, accepting only the exact
  Host `127.0.0.1:<port>`.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any
from urllib.parse import urlsplit

import anyio
import uvicorn
from anyio.abc import TaskGroup
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from zoom_mcp.confirm_pages.endpoint import ConfirmPage
from zoom_mcp.gates.pending import PendingStore

logger = logging.getLogger("zoom_mcp.gates")
LOOPBACK = "127.0.0.1"


def origin_of(url: str) -> str | None:
    """`scheme://host[:port]` of a URL, or None when it has none."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


class _ExactHost:
    """Answers only requests whose Host header is exactly `expected()` (421 otherwise)."""

    def __init__(self, app: ASGIApp, expected: Any) -> None:
        self._app = app
        self._expected = expected

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if host != self._expected():
                await PlainTextResponse("Invalid Host header", status_code=421)(scope, receive, send)
                return
        await self._app(scope, receive, send)


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signal handling alone (the MCP server owns it)."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class ConfirmationLinks:
    """A `LinkBase` for `UrlConfirmer`, and the page that answers the links (see the module docstring)."""

    def __init__(self, store: PendingStore) -> None:
        self.store = store
        self.public_origin: str | None = None
        self.hosted = False
        self.page = ConfirmPage(store, public_origin=lambda: self.public_origin)
        self._group: TaskGroup | None = None
        self._port: int | None = None
        self._server: uvicorn.Server | None = None
        self._lock = anyio.Lock()

    def hosted_routes(self, public_origin: str | None = None) -> list[Route]:
        """The page's route for the hosted endpoint; from now on links use that endpoint's origin."""
        self.hosted = True
        self.public_origin = public_origin
        return self.page.routes()

    async def base_url(self, ctx: Any) -> str | None:
        request = getattr(ctx, "request", None)
        if request is not None and self.hosted:
            if self.public_origin:
                return self.public_origin
            host = request.headers.get("host")
            return f"{request.url.scheme}://{host}" if host else None
        return await self._loopback()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[ConfirmationLinks]:
        """The scope in which a loopback listener may be started (and is stopped at the end)."""
        async with anyio.create_task_group() as group:
            self._group = group
            try:
                yield self
            finally:
                self._group = None
                if self._server is not None:
                    self._server.should_exit = True
                group.cancel_scope.cancel()

    async def _loopback(self) -> str | None:
        async with self._lock:
            if self._port is None:
                if self._group is None:
                    return None
                self._port = await self._start_loopback(self._group)
        return f"http://{LOOPBACK}:{self._port}"

    async def _start_loopback(self, group: TaskGroup) -> int:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((LOOPBACK, 0))
        port = int(sock.getsockname()[1])
        app = _ExactHost(Starlette(routes=self.page.routes()), lambda: f"{LOOPBACK}:{port}")
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", server_header=False)
        server = _QuietServer(config)
        self._server = server
        group.start_soon(server.serve, [sock])
        with anyio.fail_after(10):
            while not server.started:
                await anyio.sleep(0.01)
        logger.info("confirmation pages served on loopback port %d", port)
        return port
