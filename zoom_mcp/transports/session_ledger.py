"""Open sessions counted across replicas, in the shared state store (`--state-url`), for the session caps.

`SessionLedger(store, kind)` keeps one set of expiring members per kind of session (`mcp`: Streamable HTTP,
`sse`: legacy SSE) in total, `sessions:<kind>:all`, and per authenticated caller,
`sessions:<kind>:caller:<caller id>` (see `StateStore.set_add`). A member is one open session (or one
opening in flight) of some replica: a random id, never the session id. The replica holding the session
renews its member every third of `ttl` (`renew`) and removes it when the session ends (`leave`); a replica
that dies stops renewing, so its sessions leave the count within `ttl` seconds (`--session-record-seconds`).

`admit(member, caller_id, caller_cap=..., total_cap=...)` adds the new member to both sets in one atomic step
(`StateStore.set_add_bounded`) only when neither is full, so replicas admitting at the same moment never let
a caller, or everyone together, past a cap.

When the store cannot be reached, `admit` returns None and the caps count this process's sessions only
(a warning once per outage); once it answers again, the next `renew` puts this replica's open sessions,
including those opened meanwhile, back into the sets.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

import anyio

from zoom_mcp.state import OutageLog, StateStore, StateUnavailable

logger = logging.getLogger(__name__)

DEFAULT_SESSION_RECORD_SECONDS: Final = 60.0
Kind = Literal["mcp", "sse"]


@dataclass(frozen=True)
class Admitted:
    """The session may open; `member` stands for it in the shared sets until `leave`."""

    member: str


@dataclass(frozen=True)
class Refused:
    """Over a cap: `which` is "caller" (the caller's own cap) or "total"; `cap` is the cap that was reached."""

    which: Literal["caller", "total"]
    cap: int


class SessionLedger:
    """The shared count of one kind of session (see the module docstring)."""

    def __init__(self, store: StateStore, kind: Kind, *, ttl: float = DEFAULT_SESSION_RECORD_SECONDS) -> None:
        self.store = store
        self.kind = kind
        self.ttl = ttl
        self._outage = OutageLog(
            logger,
            "session caps",
            fallback=f"counting the {kind} sessions of this process only until it answers",
            resumed=f"counting {kind} sessions across replicas",
        )
        self._renewing = anyio.Lock()  # a session leaving waits for a renewal pass, which must not re-add it

    def _keys(self, caller_id: str | None) -> list[str]:
        keys = [f"sessions:{self.kind}:all"]
        if caller_id is not None:
            keys.append(f"sessions:{self.kind}:caller:{caller_id}")
        return keys

    @staticmethod
    def new_member() -> str:
        return secrets.token_hex(12)

    async def admit(
        self, member: str, caller_id: str | None, *, caller_cap: int, total_cap: int
    ) -> Admitted | Refused | None:
        """Count a new session of `caller_id` (None: unauthenticated, only the total applies) across replicas as
        `member` (from `new_member()`).

        None: the store is unreachable; count in this process instead, and keep renewing `member` while the
        session lasts (it enters the shared count once the store answers again)."""
        limits = [(f"sessions:{self.kind}:all", total_cap)]
        if caller_id is not None:  # the caller's own cap first: its refusal names the caller
            limits.insert(0, (f"sessions:{self.kind}:caller:{caller_id}", caller_cap))
        try:
            full = await self.store.set_add_bounded(member, self.ttl, limits)
        except StateUnavailable as exc:
            self._outage.lost(exc)
            return None
        verdict: Admitted | Refused = Admitted(member)
        if full is not None:
            verdict = Refused("total" if full == limits[-1][0] else "caller", dict(limits)[full])
        self._outage.back()
        return verdict

    async def leave(self, member: str, caller_id: str | None) -> None:
        """The session ended here: it stops counting at once (after a renewal pass in progress)."""
        async with self._renewing:
            try:
                for key in self._keys(caller_id):
                    await self.store.set_remove(key, member)
            except StateUnavailable as exc:
                self._outage.lost(exc)  # it expires by itself within `ttl`

    async def renew(self, members: Callable[[], Mapping[str, str | None]]) -> None:
        """Keep counting the sessions still open here (`members()`: member -> caller id, read once the renewal
        has begun, so a session that left before is not re-added): renew (or re-add) each one."""
        async with self._renewing:
            try:
                for member, caller_id in sorted(members().items()):
                    for key in self._keys(caller_id):
                        await self.store.set_add(key, member, self.ttl)
            except StateUnavailable as exc:
                self._outage.lost(exc)
                return
        self._outage.back()
