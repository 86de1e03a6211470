"""Stateful handlers by area; importing this package registers them all in `HANDLERS`."""

from zoom_mcp.sandbox.handlers import (
    live_meetings,
    meetings,
    past_meetings,
    polls,
    recordings,
    registrants,
    reports,
    resources,
    summaries,
    webinars,
)
from zoom_mcp.sandbox.handlers.base import HANDLERS, Ctx, Handler, Reply

__all__ = [
    "HANDLERS",
    "Ctx",
    "Handler",
    "Reply",
    "live_meetings",
    "meetings",
    "past_meetings",
    "polls",
    "recordings",
    "registrants",
    "reports",
    "resources",
    "summaries",
    "webinars",
]
