"""Real-Time Media Streams (RTMS) apps in a live meeting (regular accounts): start, stop, pause, resume.

Each app is tracked per `settings.client_id` (and `settings.participant_user_id` when given) in the live
meeting's `LiveMeeting.rtms` (absent = stopped, `started`, `paused`). Transitions follow the in-meeting
recording controls: start only a stopped app, pause only a started one, resume only a paused one, stop a
started or paused one; anything else is 400 code 3000, and a meeting not in progress too
(`live_sessions.live_session`; Zoom documents 400, 403 and 404 here but no codes: inferred). No read of
Zoom's API returns an RTMS app's status, so the write is listed in `write_effects.py`.
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.errors import bad_request, validation_failed
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.handlers.live_sessions import live_session

JSON = Any
_TRANSITIONS: dict[str, tuple[set[str | None], str | None]] = {  # action -> (from states, to; None = stopped)
    "start": ({None}, "started"),
    "pause": ({"started"}, "paused"),
    "resume": ({"paused"}, "started"),
    "stop": ({"started", "paused"}, None),
}


@handles("meetingRTMSStatusUpdate")
def rtms_status(ctx: Ctx) -> Reply:
    body = ctx.body_dict()
    action = body.get("action")
    raw_settings = body.get("settings")
    settings: dict[str, JSON] = raw_settings if isinstance(raw_settings, dict) else {}
    missing = [f for f, v in (("action", action), ("settings.client_id", settings.get("client_id"))) if not v]
    if missing:
        raise validation_failed([{"field": f, "message": f"'{f}' is required."} for f in missing])
    session = live_session(ctx, "an RTMS app")
    app = str(settings["client_id"])
    if settings.get("participant_user_id"):
        app += f"/{settings['participant_user_id']}"
    with ctx.state.lock:
        live = ctx.state.live[session.id]
        allowed, target = _TRANSITIONS[str(action)]
        current = live.rtms.get(app)
        if current not in allowed:
            raise bad_request(
                3000, f"Cannot {action} the RTMS app {app} in meeting {session.id}: it is {current or 'stopped'}."
            )
        if target is None:
            live.rtms.pop(app, None)
        else:
            live.rtms[app] = target
    return Reply(ctx.op.success_status)
