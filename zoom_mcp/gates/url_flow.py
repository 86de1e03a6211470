"""Confirmation in a browser (MCP URL-mode elicitation): the server's side of one question.

`UrlConfirmer.open(...)` stores a `PendingConfirmation` and returns the link
`<base>/confirm/<secret>`: the secret is 256 random bits, used once, and known only to the link; the
record is bound to the caller, the tool and the exact arguments and expires with the request. The
page (`zoom_mcp.confirm_pages`) moves the record to "confirmed" or "declined"; `wait(...)` polls the
store (so an answer given on another replica is seen too) until then or until it expires, and
`release(...)` turns a confirmation into exactly one call ("confirmed" -> "used").

Where the page is served is not this module's business: a `LinkBase` gives the origin for a request
(the hosted endpoint's own origin, or a loopback listener for stdio; see `confirm_pages.links`).
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol

import anyio

from zoom_mcp.audit import REDACTED, SECRET_KEY_PATTERN, redact
from zoom_mcp.gates.decision import GateReason
from zoom_mcp.gates.messages import TargetDescription, expected_id
from zoom_mcp.gates.pending import (
    CONFIRMED,
    DECLINED,
    PENDING,
    USED,
    PendingConfirmation,
    PendingStore,
    link_key,
)
from zoom_mcp.gates.tokens import arguments_digest, caller_digest
from zoom_mcp.state import StateUnavailable

logger = logging.getLogger("zoom_mcp.gates")

CONFIRM_PATH: Final = "/confirm/"
EXPIRED: Final = "expired"
_SHOWN_CHARS: Final = 200


class LinkBase(Protocol):
    """Where confirmation pages are served for the request in `ctx` (`scheme://host[:port]`), or None."""

    async def base_url(self, ctx: Any) -> str | None: ...


@dataclass(frozen=True)
class OpenedConfirmation:
    """A question waiting in the store: its link (secret inside), store key and public id."""

    url: str
    key: str
    elicitation_id: str
    expires_at: float


def shown_value(value: Any) -> str:
    """An argument value as the page shows it: secrets redacted, inline files summarised, long values cut."""
    if isinstance(value, Mapping) and "content_base64" in value:
        encoded = value.get("content_base64")
        size = (len(encoded) * 3) // 4 if isinstance(encoded, str) else 0
        return f"file {value.get('filename')!s} ({value.get('media_type')!s}, about {size} bytes)"
    cleaned = redact(value)
    text = cleaned if isinstance(cleaned, str) else json.dumps(cleaned, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "..."


def details_of(arguments: Mapping[str, Any], reason: GateReason) -> tuple[tuple[str, str], ...]:
    """(argument, value) rows: the values that make the call destructive first, then the other arguments."""
    rows = [(f"{dotted} (destructive)", shown_value(value)) for dotted, value in reason.destructive_values]
    shown = {dotted for dotted, _ in reason.destructive_values}
    for name, value in arguments.items():
        if name in shown:
            continue
        rows.append((name, REDACTED if SECRET_KEY_PATTERN.search(name) else shown_value(value)))
    return tuple(rows)


class UrlConfirmer:
    """Opens, waits for and releases browser confirmations (see the module docstring)."""

    def __init__(
        self,
        store: PendingStore,
        links: LinkBase,
        *,
        clock: Callable[[], float] = time.time,
        poll_seconds: float = 0.2,
    ) -> None:
        self.store = store
        self.links = links
        self._clock = clock
        self._poll_seconds = poll_seconds

    def now(self) -> float:
        return self._clock()

    async def open(
        self,
        ctx: Any,
        *,
        caller_id: str,
        reason: GateReason,
        target: TargetDescription,
        arguments: Mapping[str, Any],
        ttl_seconds: float,
    ) -> OpenedConfirmation | None:
        """Store the question and return its link; None when no page can be served for this request."""
        base = await self.links.base_url(ctx)
        if base is None:
            return None
        secret = secrets.token_urlsafe(32)
        record = PendingConfirmation(
            key=link_key(secret),
            elicitation_id=secrets.token_urlsafe(12),
            caller_digest=caller_digest(caller_id),
            tool=reason.tool,
            arguments_digest=arguments_digest(arguments),
            title=reason.title,
            what=reason.why,
            target=target.text,
            undoable=target.undoable,
            details=details_of(arguments, reason),
            needs_typed_id=reason.needs_typed_id,
            expected_id=expected_id(reason, target),
            form_secret=secrets.token_urlsafe(24),
            expires_at=self._clock() + ttl_seconds,
            created_at=self._clock(),
        )
        await self.store.add(record)
        logger.info("confirmation %s opened for %s (browser page)", record.elicitation_id, reason.tool)
        return OpenedConfirmation(
            url=base.rstrip("/") + CONFIRM_PATH + secret,
            key=record.key,
            elicitation_id=record.elicitation_id,
            expires_at=record.expires_at,
        )

    async def wait(self, key: str, *, until: float) -> str:
        """The person's answer: "confirmed", "declined", or "expired" when none came by `until`.

        When the wait is cancelled (the client cancelled the call, the connection dropped) the question is
        closed, so a late answer on the page says so instead of promising a call that will not come."""
        try:
            return await self._wait(key, until)
        except BaseException:
            with anyio.CancelScope(shield=True), contextlib.suppress(StateUnavailable):  # the first error stands
                await self.withdraw(key)
            raise

    async def _wait(self, key: str, until: float) -> str:
        while True:
            record = await self.store.get(key)
            if record is None:
                return EXPIRED
            if record.status != PENDING:
                return record.status if record.status in (CONFIRMED, DECLINED) else EXPIRED
            remaining = min(until, record.expires_at) - self._clock()
            if remaining <= 0:
                await self.withdraw(key)
                return EXPIRED
            await anyio.sleep(min(self._poll_seconds, remaining))

    async def bound_to(self, key: str, *, caller_id: str, tool: str, arguments: Mapping[str, Any]) -> bool:
        """Whether the stored question is for this caller, tool and exact arguments."""
        record = await self.store.get(key)
        return (
            record is not None
            and record.caller_digest == caller_digest(caller_id)
            and record.tool == tool
            and record.arguments_digest == arguments_digest(arguments)
        )

    async def release(self, key: str) -> bool:
        """Turn a confirmation into one call: True exactly once per confirmed question."""
        return await self.store.transition(key, CONFIRMED, USED)

    async def withdraw(self, key: str) -> None:
        """The question is over without consent (declined by the client, expired): the page says so."""
        await self.store.transition(key, PENDING, DECLINED)
