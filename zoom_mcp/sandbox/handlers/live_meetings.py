"""In-meeting controls on the live meeting: recording, AI Companion, invitations and the waiting room.

Transitions follow Zoom: start only when not recording, stop when recording or paused, pause only when
recording, resume only when paused. Controls on a meeting that is not in progress fail with 400.
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.state import LiveMeeting

_RECORDING = {
    "recording.start": ({"stopped"}, "recording", "the meeting is already being recorded"),
    "recording.stop": ({"recording", "paused"}, "stopped", "the meeting is not being recorded"),
    "recording.pause": ({"recording"}, "paused", "the recording is not running"),
    "recording.resume": ({"paused"}, "recording", "the recording is not paused"),
}
_CALL_OUTS = {"participant.invite.callout", "participant.invite.room_system_callout"}


def _conflict(meeting_id: int, method: str, why: str, live: LiveMeeting) -> ZoomStyleError:
    return ZoomStyleError(
        400, 3000, f"Cannot apply {method} to meeting {meeting_id}: {why} (recording state: {live.recording})."
    )


@handles("inMeetingControl")
def control(ctx: Ctx) -> Reply:
    raw = ctx.path["meetingId"]
    if not raw.isdigit() or int(raw) not in ctx.state.meetings:
        raise ZoomStyleError(404, 3001, f"Meeting {raw} is not found or has expired.")
    meeting_id = int(raw)
    body = ctx.body_dict()
    method = str(body.get("method"))
    raw_params = body.get("params")
    params: dict[str, Any] = raw_params if isinstance(raw_params, dict) else {}
    with ctx.state.lock:
        live = ctx.state.live.get(meeting_id)
        if live is None:
            if method not in _CALL_OUTS:
                raise ZoomStyleError(
                    400,
                    3000,
                    f"Meeting {meeting_id} is not in progress: in-meeting controls "
                    "need a live meeting. Start the meeting first, or check the meeting ID.",
                )
            return Reply(ctx.op.success_status, None)
        if method in _RECORDING:
            allowed, target, why = _RECORDING[method]
            if live.recording not in allowed:
                raise _conflict(meeting_id, method, why, live)
            live.recording = target
        elif method == "ai_companion.start":
            if live.ai_companion == "disabled":
                raise _conflict(meeting_id, method, "AI Companion was disabled for this meeting", live)
            live.ai_companion, live.ai_companion_mode = "on", str(params.get("ai_companion_mode", "all"))
        elif method == "ai_companion.stop":
            if live.ai_companion != "on":
                raise _conflict(meeting_id, method, "AI Companion is not running", live)
            live.ai_companion = "off"
        elif method == "ai_companion.disable":
            live.ai_companion = "disabled"
        elif method == "waiting_room.update":
            live.waiting_room_title = params.get("waiting_room_title", live.waiting_room_title)
            live.waiting_room_description = params.get("waiting_room_description", live.waiting_room_description)
        elif method.startswith("participant.invite"):
            live.invited.extend(params.get("contacts") or [{"phone_number": params.get("phone_number")}])
        live.events.append(method)
    return Reply(ctx.op.success_status, None)
