"""Stateful handlers by area; importing this package registers them all in `HANDLERS`.

Every operation of the master-account document has a handler: writes change the state the matching reads
show, and `write_effects.WRITES_WITHOUT_READABLE_EFFECT` lists (with the reason) the few writes whose effect
no read of Zoom's API returns, for which the request log is the evidence.
"""

from zoom_mcp.sandbox.handlers import (
    account_reports,
    archiving,
    branding,
    invitations,
    live_meetings,
    livestreams,
    meetings,
    panelists,
    past_meetings,
    polls,
    recording_analytics,
    recording_registrants,
    recordings,
    registrants,
    report_answers,
    reports,
    resources,
    sip_audio,
    stored_reports,
    summaries,
    surveys,
    templates,
    tsp,
    webinars,
)
from zoom_mcp.sandbox.handlers.base import HANDLERS, Ctx, Handler, Reply, Upload
from zoom_mcp.sandbox.handlers.write_effects import WRITES_WITHOUT_READABLE_EFFECT

__all__ = [
    "HANDLERS",
    "WRITES_WITHOUT_READABLE_EFFECT",
    "Ctx",
    "Handler",
    "Reply",
    "Upload",
    "account_reports",
    "archiving",
    "branding",
    "invitations",
    "live_meetings",
    "livestreams",
    "meetings",
    "panelists",
    "past_meetings",
    "polls",
    "recording_analytics",
    "recording_registrants",
    "recordings",
    "registrants",
    "report_answers",
    "reports",
    "resources",
    "sip_audio",
    "stored_reports",
    "summaries",
    "surveys",
    "templates",
    "tsp",
    "webinars",
]
