"""How a user of the shared store says that it lost the store, and that it has it back: once per outage.

Every user degrades in its own way while `StateUnavailable` is raised (confirmations fail closed, the rate
limiter paces with local buckets, call limits count in this process, subscriptions poll their own URIs,
sessions are served only where they live). `OutageLog` keeps the two warnings that go with it to one each,
however many operations fail in between: `lost(exc)` when an operation failed, `back()` when one worked.
"""

from __future__ import annotations

import logging

from zoom_mcp.state.base import StateUnavailable


class OutageLog:
    """`<subject>: <what failed>; <fallback>` once when the store is lost, `<subject>: the shared state store
    answers again[; <resumed>]` once when it returns."""

    def __init__(self, logger: logging.Logger, subject: str, *, fallback: str, resumed: str = "") -> None:
        self._logger = logger
        self._subject = subject
        self._fallback = fallback
        self._resumed = f"; {resumed}" if resumed else ""
        self.degraded = False

    def lost(self, exc: StateUnavailable) -> None:
        if not self.degraded:
            self.degraded = True
            self._logger.warning("%s: %s; %s", self._subject, exc, self._fallback)

    def back(self) -> None:
        if self.degraded:
            self.degraded = False
            self._logger.warning("%s: the shared state store answers again%s", self._subject, self._resumed)
