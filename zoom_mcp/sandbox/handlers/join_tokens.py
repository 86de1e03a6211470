"""Join and archive tokens of live meetings and webinars (regular accounts): the tokens an app's bot uses to
join for local recording, local archiving or live streaming.

The session must be live (`live_sessions.live_session`: unknown 404/3001, not in progress 400/3000). Each
call issues a new token that expires in 120 seconds (the only `expire_in` Zoom documents); issued tokens are
kept in the `join_tokens` collection (token -> what it is for), visible at `GET /_sandbox/state`.
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.handlers.live_sessions import live_session

JSON = Any
JOIN_TOKENS = "join_tokens"
EXPIRE_IN = 120
_PURPOSES = {
    "meetingLocalRecordingJoinToken": "local_recording",
    "meetingLocalArchivingArchiveToken": "local_archiving",
    "meetingLiveStreamingJoinToken": "live_streaming",
    "webinarLocalRecordingJoinToken": "local_recording",
    "webinarLocalArchivingArchiveToken": "local_archiving",
    "webinarLiveStreamingJoinToken": "live_streaming",
}


@handles(*_PURPOSES)
def join_token(ctx: Ctx) -> Reply:
    purpose = _PURPOSES[ctx.op.operation_id]
    session = live_session(ctx, f"a {purpose.replace('_', ' ')} token")
    token = f"sandbox-{purpose.replace('_', '-')}-{ctx.state.new_id('join-token')}"
    with ctx.state.lock:
        ctx.state.collection(JOIN_TOKENS)[token] = {
            "purpose": purpose,
            session.kind + "_id": session.id,
            "bypass_waiting_room": bool(ctx.query.get("bypass_waiting_room", False)),
            "expire_in": EXPIRE_IN,
        }
    return ctx.ok({"expire_in": EXPIRE_IN, "token": token})
