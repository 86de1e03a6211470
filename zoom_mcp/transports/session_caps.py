"""Open sessions per caller: no caller may hold more than its share, so one caller cannot starve the others.

The SDK caps the total of Streamable HTTP sessions of one process (`--max-sessions`, 503 beyond it); this
module adds a cap per authenticated caller (`--max-sessions-per-caller`, default 100) on both stateful
transports:

- `StreamableSessionCap` wraps the `/mcp` app: a request that opens a session (no `mcp-session-id`
  header) is refused with 503 when the caller already holds the cap (its sessions still open in the SDK
  manager, plus openings in flight); the new session's id is read from the answer's header.
- `SseSessionCounter` counts the legacy SSE streams held per caller.

With a shared state store (`--state-url`; `SessionCaps(store=...)`) both caps, per caller and in total, count
the sessions of every replica (`session_ledger.py`): a session ending here (DELETE, idle timeout, stream
closed) leaves the count at once, the sessions of a replica that died within `--session-record-seconds`.
While the store cannot be reached each process counts its own sessions (a warning once per outage).

Callers are told apart by their namespaced id (`key:<name>`, `jwt:<subject>`, see `zoom_mcp.auth`); without
authentication there is only one caller and only the total cap applies.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Final

import anyio
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zoom_mcp.auth.caller import caller_of
from zoom_mcp.state import StateStore
from zoom_mcp.transports.session_ledger import DEFAULT_SESSION_RECORD_SECONDS, Admitted, Refused, SessionLedger

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


def _total_refusal(cap: int) -> JSONResponse:
    return JSONResponse(
        {"error": f"Too many open sessions ({cap}, counted across all replicas); retry later."}, status_code=503
    )


def _refused(verdict: Refused, caller_id: str | None, caller_cap: int, total_cap: int, kind: str) -> JSONResponse:
    if verdict.which == "caller" and caller_id is not None:
        logger.warning("Refused a new %s session for caller %s: %d open across replicas (cap)", kind, caller_id,
                       caller_cap)  # fmt: skip
        return _refusal(caller_id, caller_cap)
    logger.warning("Refused a new %s session: %d open across replicas (cap)", kind, total_cap)
    return _total_refusal(total_cap)


class StreamableSessionCap:
    """ASGI wrapper of the Streamable HTTP app enforcing `cap` open sessions per caller (and, with a `ledger`,
    `total_cap` open sessions across replicas; without one the SDK caps this process's total)."""

    def __init__(
        self,
        app: ASGIApp,
        cap: int,
        live_sessions: Callable[[], Collection[str]],
        *,
        total_cap: int | None = None,
        ledger: SessionLedger | None = None,
    ) -> None:
        self._app = app
        self._cap = cap
        self._total_cap = total_cap
        self._live = live_sessions
        self._ledger = ledger
        self._owned: dict[str, set[str]] = {}
        self._opening: dict[str, int] = {}
        self._members: dict[str, tuple[str, str | None]] = {}  # session id -> (ledger member, caller id)
        self._opening_members: dict[str, str | None] = {}  # ledger member -> caller id, while opening

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
        opening = scope["type"] == "http" and scope.get("method") == "POST" and SESSION_HEADER not in headers
        opening = opening and handshake
        if not opening or (caller_id is None and self._ledger is None):
            raw_id = headers.get(SESSION_HEADER)
            session_id = raw_id.decode("latin-1") if raw_id is not None else None
            if session_id is not None and scope.get("method") == "DELETE":
                send = self._leaving_on_delete(session_id, send)
            await self._app(scope, receive, send)
            if session_id is not None and self._ledger is not None:
                await self._settle(session_id)  # e.g. the session crashed or was discarded
            return
        member: str | None = None
        verdict: Admitted | Refused | None = None
        if self._ledger is not None:
            member = self._ledger.new_member()
            total_cap = self._total_cap if self._total_cap is not None else self._cap
            verdict = await self._ledger.admit(member, caller_id, caller_cap=self._cap, total_cap=total_cap)
            if isinstance(verdict, Refused):
                await _refused(verdict, caller_id, self._cap, total_cap, "Streamable HTTP")(scope, receive, send)
                return
        if verdict is None and caller_id is not None and self.held(caller_id) >= self._cap:  # this process's count
            logger.warning("Refused a new session for caller %s: %d open (cap)", caller_id, self._cap)
            await _refusal(caller_id, self._cap)(scope, receive, send)
            return
        if member is not None:
            self._opening_members[member] = caller_id
        await self._open(scope, receive, send, caller_id, member)

    async def _open(
        self, scope: Scope, receive: Receive, send: Send, caller_id: str | None, member: str | None
    ) -> None:
        if caller_id is not None:
            self._opening[caller_id] = self._opening.get(caller_id, 0) + 1
        released = False
        opened: str | None = None

        def release() -> None:
            nonlocal released
            if not released and caller_id is not None:
                released = True
                self._opening[caller_id] -= 1
                if not self._opening[caller_id]:
                    del self._opening[caller_id]

        async def sending(message: Message) -> None:
            nonlocal opened
            if message["type"] == "http.response.start":
                for key, value in message.get("headers", []):
                    if key.lower() == SESSION_HEADER:
                        opened = value.decode("latin-1")
                        if caller_id is not None:
                            self._owned.setdefault(caller_id, set()).add(opened)
                        if member is not None:
                            self._members[opened] = (member, caller_id)
                release()
            await send(message)

        try:
            await self._app(scope, receive, sending)
        finally:
            release()
            if member is not None:
                self._opening_members.pop(member, None)
                with anyio.CancelScope(shield=True):
                    if opened is None:
                        assert self._ledger is not None
                        await self._ledger.leave(member, caller_id)
                    else:
                        await self._settle(opened)  # not established after all: it leaves the count

    def _leaving_on_delete(self, session_id: str, send: Send) -> Send:
        """A DELETE that ends the session: it leaves the shared count before the client hears it ended (before the
        answer's headers: its body may be empty), so the client's next opening on any replica finds the slot free."""

        async def leaving_send(message: Message) -> None:
            ended = message["type"] == "http.response.start" and int(message.get("status", 500)) < 300
            if ended:  # the SDK answers 2xx once it terminated the session
                for owned in self._owned.values():
                    owned.discard(session_id)
            if ended and session_id in self._members:
                member, caller_id = self._members.pop(session_id)
                assert self._ledger is not None
                with anyio.CancelScope(shield=True):
                    await self._ledger.leave(member, caller_id)
            await send(message)

        return leaving_send

    async def _settle(self, session_id: str) -> None:
        """A session this process counted ended: it leaves the shared count."""
        if session_id in self._members and session_id not in self._live():
            member, caller_id = self._members.pop(session_id)
            assert self._ledger is not None
            await self._ledger.leave(member, caller_id)

    async def sweep(self) -> None:
        """Drop the sessions that ended here (idle timeout, crash) and renew the rest in the shared count."""
        if self._ledger is None:
            return
        for session_id in sorted(set(self._members) - set(self._live())):
            await self._settle(session_id)
        await self._ledger.renew(
            lambda: {**{member: caller for member, caller in self._members.values()}, **self._opening_members}
        )


@dataclass(frozen=True)
class SseTicket:
    """One admitted legacy SSE stream (give it back with `SseSessionCounter.leave`)."""

    caller_id: str | None
    member: str | None


class SseSessionCounter:
    """Legacy SSE streams held per caller (and, with a `ledger`, per caller and in total across replicas)."""

    def __init__(self, cap: int, *, total_cap: int | None = None, ledger: SessionLedger | None = None) -> None:
        self.cap = cap
        self.total_cap = total_cap if total_cap is not None else cap
        self._ledger = ledger
        self._held: dict[str, int] = {}
        self._members: dict[str, str | None] = {}  # ledger member -> caller id

    async def enter(self, caller_id: str | None) -> SseTicket | JSONResponse:
        """A ticket for a new stream of `caller_id`, or the 503 answer refusing it."""
        member: str | None = None
        verdict: Admitted | Refused | None = None
        if self._ledger is not None:
            member = self._ledger.new_member()
            verdict = await self._ledger.admit(member, caller_id, caller_cap=self.cap, total_cap=self.total_cap)
            if isinstance(verdict, Refused):
                return _refused(verdict, caller_id, self.cap, self.total_cap, "SSE")
        if verdict is None and caller_id is not None and self._held.get(caller_id, 0) >= self.cap:
            logger.warning("Refused a new SSE session for caller %s: %d open (cap)", caller_id, self.cap)
            return _refusal(caller_id, self.cap)
        if caller_id is not None:
            self._held[caller_id] = self._held.get(caller_id, 0) + 1
        if member is not None:
            self._members[member] = caller_id
        return SseTicket(caller_id, member)

    async def leave(self, ticket: SseTicket) -> None:
        caller_id = ticket.caller_id
        if caller_id is not None and caller_id in self._held:
            self._held[caller_id] -= 1
            if not self._held[caller_id]:
                del self._held[caller_id]
        if ticket.member is not None and self._ledger is not None:
            self._members.pop(ticket.member, None)
            with anyio.CancelScope(shield=True):
                await self._ledger.leave(ticket.member, caller_id)

    async def sweep(self) -> None:
        """Renew the streams still open here in the shared count."""
        if self._ledger is not None:
            await self._ledger.renew(lambda: dict(self._members))


class SessionCaps:
    """The caps of both stateful transports; with a shared `store`, counted across replicas (see the module
    docstring). `run()` keeps this process's sessions counted (a task, while the app runs)."""

    def __init__(
        self,
        per_caller: int,
        total: int,
        *,
        store: StateStore | None = None,
        record_seconds: float = DEFAULT_SESSION_RECORD_SECONDS,
    ) -> None:
        self.per_caller = per_caller
        self.total = total
        self.record_seconds = record_seconds
        self.shared = store is not None and store.shared
        self._mcp_ledger = (
            SessionLedger(store, "mcp", ttl=record_seconds) if store is not None and self.shared else None
        )
        sse_ledger = SessionLedger(store, "sse", ttl=record_seconds) if store is not None and self.shared else None
        self.sse = SseSessionCounter(per_caller, total_cap=total, ledger=sse_ledger)
        self._streamable: list[StreamableSessionCap] = []

    def wrap_streamable(self, app: ASGIApp, live_sessions: Callable[[], Collection[str]]) -> StreamableSessionCap:
        cap = StreamableSessionCap(app, self.per_caller, live_sessions, total_cap=self.total, ledger=self._mcp_ledger)
        self._streamable.append(cap)
        return cap

    async def run(self) -> None:
        """With a shared store: every third of `record_seconds`, renew this process's sessions (forever)."""
        if not self.shared:
            return
        while True:
            await anyio.sleep(self.record_seconds / 3)
            for cap in self._streamable:
                await cap.sweep()
            await self.sse.sweep()
