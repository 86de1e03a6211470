"""Reports on one past meeting or webinar, written from state: details and participants.

A meeting is addressed by its ID (latest past instance) or an instance UUID (`Ctx.past_meeting`, over the
state's one record of meetings that took place); a report on a meeting or webinar that did not take place is
404/3001 "not found or has expired". Counts and minutes come from the stored participants of that instance;
topic, type, host, tracking fields and custom keys from the meeting as it stands.
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, end_time, handles
from zoom_mcp.sandbox.handlers.webinars import past_webinar

JSON = Any


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


@handles("reportMeetingDetails")
def meeting_details(ctx: Ctx) -> Reply:
    meeting, instance = ctx.past_meeting()
    return ctx.ok(session_details(ctx, meeting, str(instance["uuid"]), instance.get("start_time")))


@handles("reportMeetingParticipants")
def meeting_participants(ctx: Ctx) -> Reply:
    _, instance = ctx.past_meeting()
    return ctx.listing("participants", ctx.state.past_participants.get(str(instance["uuid"]), []))


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
