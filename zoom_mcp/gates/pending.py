"""Pending URL confirmations: what a confirmation page shows, and whether the person answered.

A `PendingConfirmation` is created when the server asks a person to confirm in a browser. It is keyed
by the SHA-256 of the link's secret (`link_key(secret)`): the secret itself lives only in the link
handed to the client, never in the store or the logs. The record is bound to the caller (a digest of
its id), the tool and a digest of the exact arguments; its `status` moves once from "pending" to
"confirmed" or "declined", and a confirmed record is released for exactly one call ("used").

`PendingStore` is the small interface the gate and the page use; `StatePendingStore` keeps the records in
the project's state store: `MemoryStore` (one process) or `RedisStore` (`--state-url`), so that a page
answered on one replica releases the call waiting on another.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Final, Protocol

from zoom_mcp.state import StateStore

PENDING: Final = "pending"
CONFIRMED: Final = "confirmed"
DECLINED: Final = "declined"
USED: Final = "used"


def link_key(secret: str) -> str:
    """The store key of a confirmation link's secret (the secret is never stored)."""
    return hashlib.sha256(b"zoom-mcp/confirm-link:" + secret.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class PendingConfirmation:
    """One question waiting for a person in a browser (everything the page shows is here, nothing secret)."""

    key: str
    elicitation_id: str  # the public handle sent to the client (not the link secret)
    caller_digest: str
    tool: str
    arguments_digest: str
    title: str
    what: str
    target: str
    undoable: bool
    details: tuple[tuple[str, str], ...]  # (argument, shown value): destructive values first
    needs_typed_id: bool
    expected_id: str
    form_secret: str  # the per-page secret every form post must carry (CSRF)
    expires_at: float
    status: str = PENDING
    created_at: float = field(default_factory=time.time)

    def expired(self, now: float) -> bool:
        return now >= self.expires_at


class PendingStore(Protocol):
    """Where pending confirmations live (in-process, or a store shared by replicas)."""

    async def add(self, record: PendingConfirmation) -> None:
        """Store a new record until it expires."""
        ...

    async def get(self, key: str) -> PendingConfirmation | None:
        """The record, or None when unknown or expired."""
        ...

    async def transition(self, key: str, from_status: str, to_status: str) -> bool:
        """Atomically move a live record from `from_status` to `to_status`; False when it was not there."""
        ...


class StatePendingStore:
    """`PendingStore` on the project's `StateStore` (in memory, or Redis shared by every replica).

    Keys (`docs/architecture.md`, "Shared state"): `pending:<key>` holds the record (JSON, never rewritten),
    `pending:<key>:answer` the person's answer (`add`: the first answer wins, atomically across replicas)
    and `pending:<key>:used` the single release of a confirmation (`claim`). All expire with the record.
    """

    def __init__(self, state: StateStore, clock: Callable[[], float] = time.time) -> None:
        self.state = state
        self._clock = clock

    def _ttl(self, record: PendingConfirmation) -> float | None:
        remaining = record.expires_at - self._clock()
        return remaining if remaining > 0 else None

    async def add(self, record: PendingConfirmation) -> None:
        ttl = self._ttl(record)
        if ttl is not None:
            await self.state.put(f"pending:{record.key}", _encode(record), ttl)

    async def _record(self, key: str) -> PendingConfirmation | None:
        raw = await self.state.get(f"pending:{key}")
        record = _decode(raw) if raw is not None else None
        return None if record is None or record.expired(self._clock()) else record

    async def get(self, key: str) -> PendingConfirmation | None:
        record = await self._record(key)
        if record is None:
            return None
        if await self.state.get(f"pending:{key}:used") is not None:
            return replace(record, status=USED)
        answer = await self.state.get(f"pending:{key}:answer")
        return replace(record, status=answer) if answer in (CONFIRMED, DECLINED) else record

    async def transition(self, key: str, from_status: str, to_status: str) -> bool:
        record = await self.get(key)
        ttl = self._ttl(record) if record is not None else None
        if record is None or ttl is None or record.status != from_status:
            return False
        if from_status == PENDING and to_status in (CONFIRMED, DECLINED):
            return await self.state.add(f"pending:{key}:answer", to_status, ttl)
        if from_status == CONFIRMED and to_status == USED:
            return bool(await self.state.claim(f"pending:{key}:used", ttl))
        raise ValueError(f"no transition from {from_status!r} to {to_status!r}")


def _encode(record: PendingConfirmation) -> str:
    data = asdict(record)
    data["details"] = [list(row) for row in record.details]
    return json.dumps(data, separators=(",", ":"))


def _decode(raw: str) -> PendingConfirmation | None:
    try:
        data = json.loads(raw)
        data["details"] = tuple((str(name), str(value)) for name, value in data["details"])
        return PendingConfirmation(**data)
    except (ValueError, TypeError, KeyError):
        return None
