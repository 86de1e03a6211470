"""Reports on past meetings from state (details and participants); other reports are spec examples."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from zoom_mcp.sandbox.errors import meeting_not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any


def _past(ctx: Ctx) -> tuple[JSON, str]:
    """The meeting and instance UUID addressed by a meeting ID (latest instance) or an instance UUID."""
    raw = ctx.path["meetingId"]
    if raw.isdigit() and int(raw) in ctx.state.meetings:
        instances = ctx.state.past_instances.get(int(raw)) or [{"uuid": ctx.state.meetings[int(raw)].get("uuid")}]
        return ctx.state.meetings[int(raw)], str(instances[0]["uuid"])
    for candidate in (raw, unquote(raw)):
        found = ctx.state.find_meeting_by_uuid(candidate)
        if found is not None and found[1]:
            return found[1], candidate
    raise meeting_not_found(raw)


@handles("reportMeetingDetails")
def meeting_details(ctx: Ctx) -> Reply:
    meeting, uuid = _past(ctx)
    participants = ctx.state.past_participants.get(uuid, [])
    host = ctx.state.users.get(meeting.get("host_id"), {})
    body = ctx.example()
    body.update(
        id=meeting["id"],
        uuid=uuid,
        topic=meeting.get("topic"),
        type=meeting.get("type", 2),
        start_time=meeting.get("start_time"),
        duration=meeting.get("duration"),
        user_email=meeting.get("host_email"),
        user_name=f"{host.get('first_name', '')} {host.get('last_name', '')}".strip(),
        participants_count=len(participants),
    )
    return ctx.ok(body)


@handles("reportMeetingParticipants")
def meeting_participants(ctx: Ctx) -> Reply:
    _, uuid = _past(ctx)
    return ctx.listing("participants", ctx.state.past_participants.get(uuid, []))
