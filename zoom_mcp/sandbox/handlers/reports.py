"""Reports on one past meeting or webinar, written from state: details and participants.

A meeting is addressed by its ID (latest past instance) or an instance UUID; a webinar report needs a webinar
that took place (404/3001 "not found or has expired" otherwise). Counts and minutes come from the stored
participants of that instance; topic, type, host, tracking fields and custom keys from the meeting as it
stands.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from zoom_mcp.sandbox.errors import meeting_not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.handlers.webinars import past_webinar

JSON = Any


def past_meeting(ctx: Ctx) -> tuple[JSON, str]:
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


def end_time(start: JSON, minutes: JSON) -> str:
    try:
        begun = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
    except ValueError:
        return str(start)
    return (begun + timedelta(minutes=int(minutes or 0))).strftime("%Y-%m-%dT%H:%M:%SZ")


def session_details(ctx: Ctx, item: JSON, uuid: str, start: JSON) -> dict[str, JSON]:
    """The details report of one session (a meeting or webinar instance)."""
    participants = ctx.state.past_participants.get(uuid, [])
    host = ctx.state.users.get(item.get("host_id"), {})
    settings = item.get("settings") or {}
    return {
        "id": item["id"],
        "uuid": uuid,
        "topic": item.get("topic"),
        "type": item.get("type", 2),
        "start_time": start,
        "end_time": end_time(start, item.get("duration")),
        "duration": item.get("duration"),
        "total_minutes": sum(int(p.get("duration") or 0) for p in participants) // 60,
        "participants_count": len(participants),
        "user_email": item.get("host_email"),
        "user_name": f"{host.get('first_name', '')} {host.get('last_name', '')}".strip(),
        "dept": host.get("dept", ""),
        "custom_keys": settings.get("custom_keys") or [],
        "tracking_fields": [
            {"field": t.get("field"), "value": t.get("value")} for t in item.get("tracking_fields") or []
        ],
    }


def _instance_start(ctx: Ctx, meeting: JSON, uuid: str) -> JSON:
    instances = ctx.state.past_instances.get(int(meeting["id"]), [])
    return next((i.get("start_time") for i in instances if i.get("uuid") == uuid), meeting.get("start_time"))


@handles("reportMeetingDetails")
def meeting_details(ctx: Ctx) -> Reply:
    meeting, uuid = past_meeting(ctx)
    return ctx.ok(session_details(ctx, meeting, uuid, _instance_start(ctx, meeting, uuid)))


@handles("reportMeetingParticipants")
def meeting_participants(ctx: Ctx) -> Reply:
    _, uuid = past_meeting(ctx)
    return ctx.listing("participants", ctx.state.past_participants.get(uuid, []))


@handles("reportWebinarDetails")
def webinar_details(ctx: Ctx) -> Reply:
    _, webinar, uuid = past_webinar(ctx)
    instances = ctx.state.collection("past_webinar_instances").get(str(webinar["id"]), [])
    start = next((i.get("start_time") for i in instances if i.get("uuid") == uuid), webinar.get("start_time"))
    return ctx.ok(session_details(ctx, webinar, uuid, start))


@handles("reportWebinarParticipants")
def webinar_participants(ctx: Ctx) -> Reply:
    _, _, uuid = past_webinar(ctx)
    return ctx.listing("participants", ctx.state.past_participants.get(uuid, []))
