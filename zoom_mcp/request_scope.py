"""The request being served: its channel back to the client (log lines, progress) and what it sent to Zoom.

The MCP wiring (`zoom_mcp.server.notifications`) binds a `RequestScope` around every request it handles;
everything below it (the Zoom client, the rate limiter, the gates, downloads) reports through the module
functions here without knowing MCP:

    await request_scope.log("warning", "Zoom answered 429 ...", method="GET", path=path, retry_in=2.0)
    await request_scope.progress(done, total, "Downloading the transcript")   # one phase's own units
    await request_scope.step("Read page 2 of the account's recordings")     # one more unit (a page)
    await request_scope.sleep(3.0, "Zoom asked to retry later")           # reports seconds left, cancellable
    request_scope.note_sent("POST", path)                                  # just before a request goes out

Outside a request (start-up, background polling) they do nothing. Reporting is best effort: a client that
went away never turns into an error of the call. Log lines go to the client only; stderr logging is the
`logging` module's business as before. Callers must never pass secrets, tokens or confirmation tokens.

Progress must only increase within one request (MCP), while a request may have several phases (a wait,
then a download): each phase reports in its own units from 0, and the scope adds the progress reached
by the earlier phases.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol

import anyio

LogLevel = Literal["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]
LEVELS: Final[tuple[LogLevel, ...]] = ("debug", "info", "notice", "warning", "error", "critical", "alert", "emergency")
WRITE_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})

logger = logging.getLogger("zoom_mcp.request_scope")


class Notifier(Protocol):
    """Where a request's log lines and progress go (implemented by the MCP wiring)."""

    async def log(self, level: LogLevel, message: str, data: Mapping[str, Any]) -> None: ...

    async def progress(self, progress: float, total: float | None, message: str | None) -> None: ...


@dataclass
class RequestScope:
    """One request: its notifier (None: nobody listens) and the Zoom requests it sent."""

    notifier: Notifier | None = None
    sent: list[str] = field(default_factory=list)  # "METHOD /path", in order
    _base: float = 0.0  # progress reached by finished phases
    _last: float = -1.0  # last progress value sent
    _phase_top: float = 0.0  # highest absolute value the current phase reached or announced

    @property
    def write_sent(self) -> bool:
        """Whether a request that may change Zoom's data (anything but GET/HEAD/OPTIONS) went out."""
        return any(entry.split(" ", 1)[0] in WRITE_METHODS for entry in self.sent)

    def end_phase(self) -> None:
        """The current progress phase is over: the next one counts on from where it got."""
        self._base = max(self._base, self._phase_top, self._last)
        self._phase_top = self._base


_current: ContextVar[RequestScope | None] = ContextVar("zoom_mcp_request_scope", default=None)


def current() -> RequestScope | None:
    """The scope of the request being served, or None outside one."""
    return _current.get()


@contextmanager
def scoped(notifier: Notifier | None = None) -> Iterator[RequestScope]:
    """Bind a fresh `RequestScope` for the code run inside (one MCP request)."""
    scope = RequestScope(notifier=notifier)
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def note_sent(method: str, path: str) -> None:
    """Record that a request to Zoom is going out now (for the audit of cancelled calls)."""
    scope = _current.get()
    if scope is not None:
        scope.sent.append(f"{method.upper()} {path}")


async def log(level: LogLevel, message: str, **data: Any) -> None:
    """Send one log line (logger `zoom-mcp`) to the client of the current request, if it listens."""
    scope = _current.get()
    if scope is None or scope.notifier is None:
        return
    try:
        await scope.notifier.log(level, message, {"message": message, **data})
    except anyio.get_cancelled_exc_class():
        raise
    except Exception as exc:  # the client went away or its stream is closed: not the call's problem
        logger.debug("could not send a log line to the client: %s", type(exc).__name__)


async def progress(done: float, total: float | None = None, message: str | None = None) -> None:
    """Report progress of the current phase (`done` of `total` in the phase's own units, from 0)."""
    scope = _current.get()
    if scope is None or scope.notifier is None:
        return
    value = scope._base + max(0.0, float(done))
    top = scope._base + float(total) if total is not None else None
    if value <= scope._last:  # MCP: progress must increase with every notification
        if done > 0:
            return
        value = math.nextafter(scope._last, math.inf)  # a phase starting where the last one ended
    scope._last = value
    scope._phase_top = max(scope._phase_top, value, top or 0.0)
    try:
        await scope.notifier.progress(value, top, message)
    except anyio.get_cancelled_exc_class():
        raise
    except Exception as exc:
        logger.debug("could not send progress to the client: %s", type(exc).__name__)


async def step(message: str) -> None:
    """One more unit of work done (a page read): progress goes up by one, with `message`."""
    scope = _current.get()
    if scope is None or scope.notifier is None:
        return
    scope.end_phase()
    await progress(1, None, message)
    scope.end_phase()


def end_phase() -> None:
    """Close the current progress phase (see `RequestScope.end_phase`)."""
    scope = _current.get()
    if scope is not None:
        scope.end_phase()


async def sleep(seconds: float, reason: str = "waiting") -> None:
    """Wait `seconds`, reporting `<reason>: N s left` about once a second; cancellation ends it at once."""
    scope = _current.get()
    if seconds <= 0:
        await anyio.sleep(0)
        return
    if scope is None or scope.notifier is None:
        await anyio.sleep(seconds)
        return
    deadline = anyio.current_time() + seconds
    try:
        while (left := deadline - anyio.current_time()) > 0:
            await progress(round(seconds - left, 3), seconds, f"{reason}: {math.ceil(left)} s left")
            await anyio.sleep(min(1.0, left))
        await progress(seconds, seconds, f"{reason}: done")
    finally:
        scope.end_phase()
