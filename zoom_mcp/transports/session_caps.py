"""Open sessions per caller: no caller may hold more than its share, so one caller cannot starve the others.

The SDK caps the total of Streamable HTTP sessions (`--max-sessions`, 503 beyond it); this module adds a
cap per authenticated caller (`--max-sessions-per-caller`, default 100) on both stateful transports:

- `StreamableSessionCap` wraps the `/mcp` app: a request that opens a session (no `mcp-session-id`
  header) is refused with 503 when the caller already holds the cap (its sessions still open in the SDK
  manager, plus openings in flight); the new session's id is read from the answer's header.
- `SseSessionCounter` counts the legacy SSE streams held per caller.

Callers are told apart by their namespaced id (`key:<name>`, `jwt:<subject>`, see `zoom_mcp.auth`); without
authentication there is only one caller and only the total cap applies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from typing import Final

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zoom_mcp.auth.caller import caller_of

logger = logging.getLogger(__name__)

SESSION_HEADER: Final = b"mcp-session-id"
VERSION_HEADER: Final = b"mcp-protocol-version"


def caller_id_of(scope: Scope) -> str | None:
    """The authenticated caller of an HTTP request (None without authentication)."""
    user = scope.get("user")
    if not isinstance(user, AuthenticatedUser):
        return None
    caller = caller_of(user.access_token)
    return None if caller is None else caller.id


def _refusal(caller_id: str, cap: int) -> JSONResponse:
    return JSONResponse(
        {
            "error": f"Too many open sessions for caller {caller_id!r} (at most {cap}). Close sessions you no longer "
            "use (HTTP DELETE /mcp with their mcp-session-id), let idle ones expire, or retry later."
        },
        status_code=503,
    )


class StreamableSessionCap:
    """ASGI wrapper of the Streamable HTTP app enforcing `cap` open sessions per caller."""

    def __init__(self, app: ASGIApp, cap: int, live_sessions: Callable[[], Collection[str]]) -> None:
        self._app = app
        self._cap = cap
        self._live = live_sessions
        self._owned: dict[str, set[str]] = {}
        self._opening: dict[str, int] = {}

    def held(self, caller_id: str) -> int:
        live = self._live()
        sessions = self._owned.get(caller_id, set())
        sessions.intersection_update(live)
        if not sessions:
            self._owned.pop(caller_id, None)
        return len(sessions) + self._opening.get(caller_id, 0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        caller_id = caller_id_of(scope) if scope["type"] == "http" else None
        headers = dict(scope.get("headers") or [])
        version = headers.get(VERSION_HEADER)
        handshake = version is None or version.decode("latin-1") in HANDSHAKE_PROTOCOL_VERSIONS  # modern: no sessions
        opening = scope.get("method") == "POST" and SESSION_HEADER not in headers and handshake
        if caller_id is None or not opening:
            await self._app(scope, receive, send)
            return
        if self.held(caller_id) >= self._cap:
            logger.warning("Refused a new session for caller %s: %d open (cap)", caller_id, self._cap)
            await _refusal(caller_id, self._cap)(scope, receive, send)
            return
        self._opening[caller_id] = self._opening.get(caller_id, 0) + 1
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                self._opening[caller_id] -= 1
                if not self._opening[caller_id]:
                    del self._opening[caller_id]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                for key, value in message.get("headers", []):
                    if key.lower() == SESSION_HEADER:
                        self._owned.setdefault(caller_id, set()).add(value.decode("latin-1"))
                release()
            await send(message)

        try:
            await self._app(scope, receive, sending)
        finally:
            release()


class SseSessionCounter:
    """Legacy SSE streams held per caller."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._held: dict[str, int] = {}

    def admit(self, caller_id: str | None) -> bool:
        if caller_id is None:
            return True
        if self._held.get(caller_id, 0) >= self.cap:
            logger.warning("Refused a new SSE session for caller %s: %d open (cap)", caller_id, self.cap)
            return False
        self._held[caller_id] = self._held.get(caller_id, 0) + 1
        return True

    def release(self, caller_id: str | None) -> None:
        if caller_id is None or caller_id not in self._held:
            return
        self._held[caller_id] -= 1
        if not self._held[caller_id]:
            del self._held[caller_id]

    def refusal(self, caller_id: str) -> JSONResponse:
        return _refusal(caller_id, self.cap)
