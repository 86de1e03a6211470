"""Requests read from stdin are answered before the server leaves at end of file.

A client may write its requests and close stdin at once (`printf '...' | zoom-mcp serve`, a script's
`subprocess.run(input=...)`). The SDK's server loop ends when its read stream ends and cancels every request
still being handled, so such a client got answers only for what happened to finish first. `InFlight` keeps
the ids of the requests read so far and crosses each off when its response line is written; the line reader
(`stdio_guard.GuardedLines`) waits at end of file until none is left, for at most `DRAIN_SECONDS`, and only
then tells the SDK that the stream ended. A request the client cancels (`notifications/cancelled`) is crossed
off too: no response is due for it.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any, Final, Protocol

from mcp_types import JSONRPCNotification, JSONRPCRequest

DRAIN_SECONDS: Final = 30.0  # longest wait at end of file for requests still being handled
_RESPONSE_HEAD: Final = re.compile(r'\{\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"id"\s*:\s*')
_RESPONSE_BODY: Final = re.compile(r'\s*,\s*"(?:result|error)"')
_DECODER: Final = json.JSONDecoder()


class InFlight:
    """Ids of the client's requests that have not been answered yet."""

    def __init__(self) -> None:
        self._ids: set[str | int] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def __len__(self) -> int:
        return len(self._ids)

    def received(self, message: Any) -> None:
        """Note a message read from the client: a request waits for its answer; a cancellation ends the wait."""
        if isinstance(message, JSONRPCRequest):
            self._ids.add(message.id)
            self._idle.clear()
        elif isinstance(message, JSONRPCNotification) and message.method == "notifications/cancelled":
            self._discard((message.params or {}).get("requestId"))

    def sent(self, text: str) -> None:
        """Note a line written to the client; a response (`result` or `error` for an id) crosses its id off."""
        if not self._ids:
            return
        head = _RESPONSE_HEAD.match(text)
        if head is None:
            return
        try:
            request_id, end = _DECODER.raw_decode(text, head.end())
        except ValueError:
            return
        if _RESPONSE_BODY.match(text, end):  # not a request of the server's own ({"id": .., "method": ..})
            self._discard(request_id)

    async def drained(self, timeout: float = DRAIN_SECONDS) -> bool:
        """Wait until every request read so far is answered (True), or `timeout` seconds (False)."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def _discard(self, request_id: Any) -> None:
        if isinstance(request_id, str | int) and not isinstance(request_id, bool):
            self._ids.discard(request_id)
        if not self._ids:
            self._idle.set()


class TextWriter(Protocol):
    """Text lines out: `write`, then `flush` puts what was written on the wire."""

    async def write(self, text: str) -> None: ...

    async def flush(self) -> None: ...


class NotedWriter:
    """`writer`, telling `inflight` about each line once a flush has put it on the wire."""

    def __init__(self, writer: TextWriter, inflight: InFlight) -> None:
        self._writer = writer
        self._inflight = inflight
        self._unflushed: list[str] = []

    async def write(self, text: str) -> None:
        await self._writer.write(text)
        self._unflushed.append(text)

    async def flush(self) -> None:
        await self._writer.flush()
        for text in self._unflushed:
            self._inflight.sent(text)
        self._unflushed.clear()
