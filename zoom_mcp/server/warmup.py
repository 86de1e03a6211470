"""Start-up work that `zoom-mcp serve` keeps out of the client's way (`Warmup`).

The first `tools/list` needs the catalogue and the MCP wiring only. What a first tool call needs besides (the
embedded sandbox Zoom built and served, the Zoom client's connection pool and TLS context, jsonschema for the
arguments, the Prometheus series) is made at its first use, and ahead of it by a `Warmup`: once the server
has answered a first request and then been quiet for `QUIET_SECONDS` (the client's handshake is over, a model
is thinking), one background thread runs the jobs. Every job is idempotent and safe beside its own first use
(each part guards itself), so a client that calls a tool at once only pays, in that call, what was not ready
yet. A job that fails is logged at DEBUG and left to its first use, which reports its own error as before.
Over HTTP `serve` runs the jobs before it listens (`run_now`), as it built everything up front before.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
from collections.abc import Callable
from typing import Any, Final

from mcp.server import Server
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext

logger = logging.getLogger("zoom_mcp.server.warmup")

QUIET_SECONDS: Final = 0.1
# modules a first call imports that a first tools/list does not (names, so that nothing loads before it runs)
FIRST_CALL_MODULES: Final = ("jsonschema",)

Job = Callable[[], object]


class Warmup:
    """Jobs run once in a background thread after the first answered request and a quiet spell."""

    def __init__(self, quiet_seconds: float = QUIET_SECONDS) -> None:
        self.quiet_seconds = quiet_seconds
        self._jobs: list[Job] = []
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._server: Server[Any] | None = None
        self._in_flight = 0
        self._last_answer = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False

    def add(self, job: Job) -> None:
        self._jobs.append(job)

    @property
    def started(self) -> bool:
        return self._thread is not None

    def install(self, server: Server[Any]) -> None:
        """Watch `server`'s requests (an SDK middleware) and start once it has answered one and gone quiet."""
        self._server = server
        server.middleware.append(self)

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        self._in_flight += 1
        try:
            return await call_next(ctx)
        finally:
            self._in_flight -= 1
            loop = asyncio.get_running_loop()
            self._last_answer = loop.time()
            if self._timer is None and not self.started:
                self._timer = loop.call_later(self.quiet_seconds, self._check_quiet)

    def _check_quiet(self) -> None:
        self._timer = None
        if self.started:
            return
        loop = asyncio.get_running_loop()
        quiet_for = loop.time() - self._last_answer
        if self._in_flight == 0 and quiet_for >= self.quiet_seconds:
            self.start()
            return
        wait = self.quiet_seconds if self._in_flight else self.quiet_seconds - quiet_for
        self._timer = loop.call_later(max(wait, 0.001), self._check_quiet)

    def start(self) -> None:
        """Run the jobs in a background thread (once); the middleware leaves the server's chain."""
        with self._lock:
            if self._thread is not None or self._closed:
                return
            self._thread = threading.Thread(target=self.run_now, name="zoom-mcp-warmup", daemon=True)
            self._thread.start()
        if self._server is not None and self in self._server.middleware:
            self._server.middleware.remove(self)

    def run_now(self) -> None:
        """Run every job here and now (failures are logged at DEBUG: the job's first use reports them)."""
        for job in self._jobs:
            try:
                job()
            except Exception:
                logger.debug("start-up warm-up job %r failed; it will run at first use", job, exc_info=True)

    def close(self, timeout: float = 10.0) -> None:
        """Stop the timer and wait for a running warm-up to end (before the parts it touches close)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        with self._lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            thread.join(timeout)


def import_modules(*names: str) -> Job:
    """A job importing `names` (what a first call would import)."""

    def run() -> None:
        for name in names:
            importlib.import_module(name)

    return run
