"""Handshake-era sessions across replicas: a request for a session another replica holds is forwarded there.

A handshake-era Streamable HTTP session (`Mcp-Session-Id`) and a legacy SSE session (`/messages/?session_id=`)
live in the process that opened them: their server task and stream are there. With a shared state store
(`--state-url`) every replica records the sessions it opens in `session:<id>` (the replica's internal URL,
refreshed while the session lives, dropped when it ends), and `SessionRouter` forwards a request for a
session it does not hold to the replica that does: the request goes over HTTP to that replica's internal URL
(`--advertise-url`, or a private loopback listener for `--workers`), with the client's own headers, and the
answer (an SSE stream included) is relayed back as it arrives. The holder authenticates the request again
and checks that the credential is the one that opened the session, exactly as for a direct request.

A forwarded request carries `X-Zoom-MCP-Forwarded: 1` and is never forwarded again. When the holder does not
answer (it stopped or crashed) the session is gone: the replica answers 404 "Session not found" (the client
opens a new session, as the protocol says), and forgets the stale record. When the store cannot be reached,
requests are served locally (a session held elsewhere then gets 404) and a warning is logged once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterable
from typing import Final
from urllib.parse import parse_qs
from uuid import UUID

import anyio
import httpx2
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zoom_mcp.state import OutageLog, StateStore, StateUnavailable

logger = logging.getLogger(__name__)

FORWARDED_HEADER: Final = b"x-zoom-mcp-forwarded"
SESSION_HEADER: Final = b"mcp-session-id"
DEFAULT_SESSION_TTL: Final = 60.0
_HOP_BY_HOP: Final = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"content-length",
    }
)
_SSE_SESSION = re.compile(rb"session_id=([0-9a-f]{32})")


class SessionDirectory:
    """`session:<id>` -> the internal URL of the replica holding the session (see the module docstring)."""

    def __init__(self, store: StateStore, own_url: str, *, ttl: float = DEFAULT_SESSION_TTL) -> None:
        self.store = store
        self.own_url = own_url.rstrip("/")
        self.ttl = ttl
        self._mine: set[str] = set()
        self._outage = OutageLog(
            logger, "sessions", fallback="serving only the sessions this replica holds", resumed="forwarding resumes"
        )

    async def register(self, session_id: str) -> None:
        self._mine.add(session_id)
        try:
            await self.store.put(f"session:{session_id}", self.own_url, self.ttl)
            self._outage.back()
        except StateUnavailable as exc:
            self._outage.lost(exc)

    async def owner(self, session_id: str) -> str | None:
        """The internal URL of the replica holding `session_id` (None: unknown, or the store is unreachable)."""
        try:
            owner = await self.store.get(f"session:{session_id}")
        except StateUnavailable as exc:
            self._outage.lost(exc)
            return None
        self._outage.back()
        return owner

    async def forget(self, session_id: str, *, only_if_owner: str | None = None) -> None:
        self._mine.discard(session_id)
        try:
            if only_if_owner is None or await self.store.get(f"session:{session_id}") == only_if_owner:
                await self.store.delete(f"session:{session_id}")
        except StateUnavailable as exc:
            self._outage.lost(exc)

    async def sweep(self, live: Iterable[str]) -> None:
        """Refresh the records of the sessions still open here; drop those that ended."""
        alive = set(live)
        for session_id in sorted(self._mine - alive):
            await self.forget(session_id)
        for session_id in sorted(alive):
            self._mine.add(session_id)
            try:
                await self.store.put(f"session:{session_id}", self.own_url, self.ttl)
            except StateUnavailable as exc:
                self._outage.lost(exc)
                return

    async def keep_fresh(self, live: Callable[[], Iterable[str]]) -> None:
        """Sweep every third of the TTL, forever (run it as a task; cancel it to stop)."""
        while True:
            await anyio.sleep(self.ttl / 3)
            await self.sweep(live())

    async def forget_all(self) -> None:
        for session_id in sorted(self._mine):
            await self.forget(session_id, only_if_owner=self.own_url)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def streamable_session_id(scope: Scope) -> str | None:
    return _header(scope, SESSION_HEADER)


def sse_session_id(scope: Scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("session_id")
    if not values:
        return None
    try:
        return UUID(hex=values[0]).hex
    except ValueError:
        return None


def _session_gone() -> Response:
    body = {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "Session not found"}}
    return JSONResponse(body, status_code=404)


class SessionRouter:
    """ASGI wrapper: serve a session held here, forward one held elsewhere, register sessions opened here."""

    def __init__(
        self,
        app: ASGIApp,
        directory: SessionDirectory,
        *,
        session_of: Callable[[Scope], str | None],
        held_here: Callable[[str], bool],
        http: httpx2.AsyncClient,
        registers: bool = True,
        on_forward: Callable[[str], None] | None = None,
    ) -> None:
        self._app = app
        self._on_forward = on_forward or (lambda _result: None)
        self._directory = directory
        self._session_of = session_of
        self._held_here = held_here
        self._http = http
        self._registers = registers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        session_id = self._session_of(scope)
        if session_id is not None and not self._held_here(session_id) and _header(scope, FORWARDED_HEADER) is None:
            owner = await self._directory.owner(session_id)
            if owner is not None and owner != self._directory.own_url:
                await self._forward(owner, session_id, scope, receive, send)
                return
        if session_id is None and self._registers:
            send = self._registering(send)
        await self._app(scope, receive, send)

    def _registering(self, send: Send) -> Send:
        """Record a session opened by this response before its id reaches the client."""

        async def registering_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message.get("status", 500) < 400:
                for key, value in message.get("headers", []):
                    if key.lower() == SESSION_HEADER:
                        await self._directory.register(value.decode("latin-1"))
            await send(message)

        return registering_send

    async def _forward(self, owner: str, session_id: str, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:  # the request body (bounded by the holder's own limit; /mcp and /messages/ bodies are small)
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _HOP_BY_HOP and k != FORWARDED_HEADER]
        headers.append((FORWARDED_HEADER, b"1"))
        query = scope.get("query_string", b"")
        url = owner + scope["path"] + (f"?{query.decode('latin-1')}" if query else "")
        request = self._http.build_request(scope["method"], url, headers=headers, content=body)
        try:
            upstream = await self._http.send(request, stream=True)
        except httpx2.TransportError as exc:
            logger.warning("session %s: its replica %s does not answer (%s); the session is gone", session_id[:8],
                           owner, type(exc).__name__)  # fmt: skip
            await self._directory.forget(session_id, only_if_owner=owner)
            self._on_forward("gone")
            await _session_gone()(scope, receive, send)
            return
        self._on_forward("forwarded")
        try:
            relayed = [(k, v) for k, v in upstream.headers.raw if k.lower() not in _HOP_BY_HOP]
            await send({"type": "http.response.start", "status": upstream.status_code, "headers": relayed})
            async with anyio.create_task_group() as group:

                async def stop_when_client_leaves() -> None:
                    while (await receive())["type"] != "http.disconnect":
                        pass
                    group.cancel_scope.cancel()

                group.start_soon(stop_when_client_leaves)
                try:
                    async for chunk in upstream.aiter_raw():
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
                except httpx2.TransportError:
                    logger.info("session %s: the stream from %s ended early", session_id[:8], owner)
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                group.cancel_scope.cancel()
        finally:
            await upstream.aclose()


def sse_registering_send(send: Send, directory: SessionDirectory) -> Send:
    """For `GET /sse`: record the session named in the stream's first event before the client reads it."""
    registered = False

    async def registering_send(message: Message) -> None:
        nonlocal registered
        if not registered and message["type"] == "http.response.body":
            found = _SSE_SESSION.search(message.get("body", b""))
            if found is not None:
                registered = True
                await directory.register(found.group(1).decode("ascii"))
        await send(message)

    return registering_send


def forwarding_client() -> httpx2.AsyncClient:
    """The HTTP client replicas use to reach each other: no read timeout (SSE streams stay open)."""
    return httpx2.AsyncClient(timeout=httpx2.Timeout(30.0, read=None), follow_redirects=False)


class SessionForwarding:
    """Everything `build_http_app` needs to make sessions work on any replica (with a shared store)."""

    def __init__(
        self,
        store: StateStore,
        own_url: str,
        *,
        ttl: float = DEFAULT_SESSION_TTL,
        on_forward: Callable[[str], None] | None = None,
    ) -> None:
        self.directory = SessionDirectory(store, own_url, ttl=ttl)
        self.http = forwarding_client()
        self._on_forward = on_forward
        self._live: list[Callable[[], Iterable[str]]] = []

    def wrap_streamable(self, app: ASGIApp, sessions: Callable[[], Collection[str]], *, registers: bool) -> ASGIApp:
        """`/mcp`: `sessions()` is the collection of session ids this process holds (the SDK's session manager)."""
        self._live.append(sessions)
        return SessionRouter(
            app,
            self.directory,
            session_of=streamable_session_id,
            held_here=lambda session_id: session_id in sessions(),
            http=self.http,
            registers=registers,
            on_forward=self._on_forward,
        )

    def wrap_messages(self, app: ASGIApp, sessions: Callable[[], Collection[UUID]]) -> ASGIApp:
        """`/messages/`: `sessions()` is the collection of legacy SSE session UUIDs this process holds."""
        self._live.append(lambda: [session.hex for session in sessions()])
        return SessionRouter(
            app,
            self.directory,
            session_of=sse_session_id,
            held_here=lambda session_id: UUID(hex=session_id) in sessions(),
            http=self.http,
            registers=False,
            on_forward=self._on_forward,
        )

    def sse_send(self, send: Send) -> Send:
        return sse_registering_send(send, self.directory)

    def live_sessions(self) -> list[str]:
        return [session_id for sessions in self._live for session_id in sessions()]

    async def run(self) -> None:
        """Keep this replica's session records fresh until cancelled."""
        await self.directory.keep_fresh(self.live_sessions)

    async def close(self) -> None:
        with anyio.CancelScope(shield=True):
            await self.directory.forget_all()
            await self.http.aclose()
