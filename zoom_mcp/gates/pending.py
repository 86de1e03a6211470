"""Pending URL confirmations: what a confirmation page shows, and whether the person answered.

A `PendingConfirmation` is created when the server asks a person to confirm in a browser. It is keyed
by the SHA-256 of the link's secret (`link_key(secret)`): the secret itself lives only in the link
handed to the client, never in the store or the logs. The record is bound to the caller (a digest of
its id), the tool and a digest of the exact arguments; its `status` moves once from "pending" to
"confirmed" or "declined", and a confirmed record is released for exactly one call ("used").

`PendingStore` is the small interface the gate and the page use; `InMemoryPendingStore` keeps records
in this process (one process, or sticky sessions). Several replicas need a shared implementation (the
project's state store) so that a page answered on one replica releases the call waiting on another.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Final, Protocol

PENDING: Final = "pending"
CONFIRMED: Final = "confirmed"
DECLINED: Final = "declined"
USED: Final = "used"
STATUSES: Final = frozenset({PENDING, CONFIRMED, DECLINED, USED})


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


class InMemoryPendingStore:
    """`PendingStore` in this process; expired records are dropped as new ones arrive."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._records: dict[str, PendingConfirmation] = {}
        self._lock = threading.Lock()

    async def add(self, record: PendingConfirmation) -> None:
        now = self._clock()
        with self._lock:
            for old in [key for key, item in self._records.items() if item.expired(now)]:
                del self._records[old]
            self._records[record.key] = record

    async def get(self, key: str) -> PendingConfirmation | None:
        with self._lock:
            record = self._records.get(key)
        if record is None or record.expired(self._clock()):
            return None
        return record

    async def transition(self, key: str, from_status: str, to_status: str) -> bool:
        if to_status not in STATUSES:
            raise ValueError(f"unknown status {to_status!r}")
        with self._lock:
            record = self._records.get(key)
            if record is None or record.expired(self._clock()) or record.status != from_status:
                return False
            self._records[key] = replace(record, status=to_status)
            return True
