"""Meetings: create, get, list, update, delete, end; occurrences and past instances; surveys; live streams."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles
from zoom_mcp.sandbox.seed import meeting_object

JSON = Any


@handles("meetingCreate")
def create_meeting(ctx: Ctx) -> Reply:
    host = ctx.user()
    body = ctx.body_dict()
    meeting_id = ctx.state.new_meeting_id()
    meeting = meeting_object(
        ctx.example, meeting_id, ctx.state.new_uuid(), host, str(body.get("topic") or "Zoom meeting")
    )
    meeting["status"] = "waiting"
    settings = body.pop("settings", None)
    for key in ("template_id", "schedule_for", "default_password", "tracking_fields", "pre_schedule"):
        body.pop(key, None)
    meeting.update({k: v for k, v in body.items() if k in meeting or k in ("recurrence", "agenda", "password")})
    if isinstance(settings, dict):
        deep_merge(meeting.setdefault("settings", {}), settings)
    if meeting.get("type") == 8 and isinstance(body.get("recurrence"), dict):
        meeting["occurrences"] = _occurrences(str(meeting.get("start_time")), body["recurrence"], meeting)
    elif meeting.get("type") not in (3, 8):
        meeting.pop("recurrence", None)
    with ctx.state.lock:
        ctx.state.meetings[meeting_id] = meeting
    return ctx.ok(copy.deepcopy(meeting))


@handles("meeting")
def get_meeting(ctx: Ctx) -> Reply:
    _, meeting = ctx.meeting()
    return ctx.ok(copy.deepcopy(meeting))


@handles("meetings")
def list_meetings(ctx: Ctx) -> Reply:
    host = ctx.user()
    kind = ctx.query.get("type", "scheduled")
    items = [m for m in ctx.state.meetings.values() if m.get("host_id") == host["id"]]
    if kind == "live":
        items = [m for m in items if m.get("status") == "started"]
    elif kind in ("upcoming", "upcoming_meetings", "scheduled"):
        items = [m for m in items if m.get("status") != "finished"]
    elif kind == "previous_meetings":
        items = [m for m in items if m.get("status") == "finished"]
    return ctx.listing("meetings", items)


@handles("meetingUpdate")
def update_meeting(ctx: Ctx) -> Reply:
    _, meeting = ctx.meeting()
    patch = ctx.body_dict()
    occurrence_id = ctx.query.get("occurrence_id")
    with ctx.state.lock:
        if occurrence_id:
            occurrence = _occurrence(meeting, str(occurrence_id))
            for key in ("start_time", "duration"):
                if key in patch:
                    occurrence[key] = patch[key]
        else:
            for key in ("template_id", "schedule_for", "tracking_fields"):
                patch.pop(key, None)
            deep_merge(meeting, patch)
    return Reply(ctx.op.success_status)


@handles("meetingDelete")
def delete_meeting(ctx: Ctx) -> Reply:
    meeting_id, meeting = ctx.meeting()
    occurrence_id = ctx.query.get("occurrence_id")
    with ctx.state.lock:
        if occurrence_id:
            _occurrence(meeting, str(occurrence_id))["status"] = "deleted"
        else:
            del ctx.state.meetings[meeting_id]
            ctx.state.live.pop(meeting_id, None)
    return Reply(ctx.op.success_status)


@handles("meetingStatus")
def meeting_status(ctx: Ctx) -> Reply:
    meeting_id, meeting = ctx.meeting()
    action = ctx.body_dict().get("action", "end")
    if action == "end":
        if meeting.get("status") != "started":
            raise bad_request(3000, f"Meeting {meeting_id} is not in progress, so it cannot be ended.")
        meeting["status"] = "finished"
        ctx.state.live.pop(meeting_id, None)
    elif action == "recover":
        meeting["status"] = "waiting"
    return Reply(ctx.op.success_status)


_STEP_DAYS = {1: 1, 2: 7, 3: 30}


def _occurrences(start: str, recurrence: JSON, meeting: JSON) -> list[JSON]:
    """Occurrences of a fixed-time recurring meeting: IDs are the start times in epoch milliseconds."""
    try:
        first = datetime.fromisoformat(start.replace("Z", "+00:00"))
    except ValueError:
        first = datetime(2027, 1, 4, 10, 0, tzinfo=UTC)
    if first.tzinfo is None:
        first = first.replace(tzinfo=UTC)
    step = timedelta(
        days=_STEP_DAYS.get(int(recurrence.get("type") or 2), 7) * int(recurrence.get("repeat_interval") or 1)
    )
    count = min(int(recurrence.get("end_times") or 7), 50)
    occurrences = []
    for index in range(count):
        when = first + index * step
        occurrences.append(
            {
                "occurrence_id": str(int(when.timestamp() * 1000)),
                "start_time": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "duration": meeting.get("duration", 60),
                "status": "available",
            }
        )
    return occurrences


def _occurrence(meeting: JSON, occurrence_id: str) -> JSON:
    for occurrence in meeting.get("occurrences") or []:
        if occurrence.get("occurrence_id") == occurrence_id:
            return occurrence
    raise bad_request(300, f"Invalid parameter: occurrence_id {occurrence_id!r} is not an occurrence of this meeting.")


@handles("pastMeetings")
def past_instances(ctx: Ctx) -> Reply:
    raw = ctx.path["meetingId"]
    if not raw.isdigit() or int(raw) not in ctx.state.past_instances:
        raise ZoomStyleError(404, 3001, f"Meeting {raw} not found or has expired.")
    return ctx.listing("meetings", ctx.state.past_instances[int(raw)])


def _keyed(ctx: Ctx, store: dict[int, JSON], get_op: str, *, webinar: bool = False) -> tuple[int, JSON]:
    key, _ = ctx.webinar() if webinar else ctx.meeting()
    if key not in store:
        store[key] = ctx.example(get_op)
    return key, store[key]


@handles("meetingSurveyGet", "webinarSurveyGet")
def get_survey(ctx: Ctx) -> Reply:
    webinar = ctx.op.operation_id.startswith("webinar")
    store = ctx.state.webinar_surveys if webinar else ctx.state.meeting_surveys
    _, survey = _keyed(ctx, store, ctx.op.operation_id, webinar=webinar)
    return ctx.ok(copy.deepcopy(survey))


@handles("meetingSurveyUpdate", "webinarSurveyUpdate")
def update_survey(ctx: Ctx) -> Reply:
    webinar = ctx.op.operation_id.startswith("webinar")
    store = ctx.state.webinar_surveys if webinar else ctx.state.meeting_surveys
    get_op = "webinarSurveyGet" if webinar else "meetingSurveyGet"
    _, survey = _keyed(ctx, store, get_op, webinar=webinar)
    deep_merge(survey, ctx.body_dict())
    return Reply(ctx.op.success_status)


@handles("meetingSurveyDelete", "webinarSurveyDelete")
def delete_survey(ctx: Ctx) -> Reply:
    webinar = ctx.op.operation_id.startswith("webinar")
    key, _ = ctx.webinar() if webinar else ctx.meeting()
    (ctx.state.webinar_surveys if webinar else ctx.state.meeting_surveys).pop(key, None)
    return Reply(ctx.op.success_status)


@handles("getMeetingLiveStreamDetails", "getWebinarLiveStreamDetails")
def get_livestream(ctx: Ctx) -> Reply:
    webinar = ctx.op.operation_id == "getWebinarLiveStreamDetails"
    store = ctx.state.webinar_livestreams if webinar else ctx.state.meeting_livestreams
    _, stream = _keyed(ctx, store, ctx.op.operation_id, webinar=webinar)
    return ctx.ok(copy.deepcopy(stream))


@handles(
    "meetingLiveStreamUpdate",
    "webinarLiveStreamUpdate",
    "meetingLiveStreamStatusUpdate",
    "webinarLiveStreamStatusUpdate",
)
def update_livestream(ctx: Ctx) -> Reply:
    webinar = ctx.op.operation_id.startswith("webinar")
    store = ctx.state.webinar_livestreams if webinar else ctx.state.meeting_livestreams
    get_op = "getWebinarLiveStreamDetails" if webinar else "getMeetingLiveStreamDetails"
    _, stream = _keyed(ctx, store, get_op, webinar=webinar)
    patch = ctx.body_dict()
    if "action" in patch:
        stream["_status"] = "started" if patch["action"] == "start" else "stopped"
    else:
        deep_merge(stream, patch)
    return Reply(ctx.op.success_status)
