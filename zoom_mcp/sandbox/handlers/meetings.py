"""Meetings: create, get, list, update, delete (and recover), end; occurrences and past instances.

What a write sends is what the next `GET .../meetings/{meetingId}` shows: every field the read declares,
`tracking_fields` (with each field's visibility from the account's tracking fields), `template_id`, and
`schedule_for` (the meeting moves to that user). Ending a live meeting records its past instance (the host as
its participant) in the state's one record of meetings that took place; a deleted meeting can be recovered
with `PUT .../status {"action": "recover"}`.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request, meeting_not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, end_time, handles
from zoom_mcp.sandbox.handlers.templates import MEETING_TEMPLATES, template_settings
from zoom_mcp.sandbox.seed import meeting_object
from zoom_mcp.sandbox.state import participant

JSON = Any
DELETED = "deleted_meetings"  # collection: meeting ID (text) -> the deleted meeting, until recovered


def schedule_for(ctx: Ctx, value: JSON) -> JSON:
    """The user named by `schedule_for` (400 code 300 when there is none)."""
    user = ctx.state.find_user(str(value))
    if user is None:
        raise bad_request(
            300,
            f"The value that you entered in the `schedule_for` field is invalid: {value}. "
            "Enter a valid value and try again.",
        )
    return user


def tracking_fields(ctx: Ctx, entries: JSON) -> list[JSON]:
    """`[{field, value}]` as the read shows it: with `visible` from the account's tracking field definition."""
    defined = {str(f.get("field")): f for f in ctx.state.collection("tracking_fields").values()}
    shown = []
    for entry in entries if isinstance(entries, list) else []:
        definition = defined.get(str(entry.get("field")), {})
        shown.append(
            {"field": entry.get("field"), "value": entry.get("value", ""), "visible": definition.get("visible", True)}
        )
    return shown


def apply_fields(ctx: Ctx, target: JSON, patch: dict[str, JSON], read_operation: str) -> None:
    """Merge `patch` into a meeting or webinar: host moves for `schedule_for`, tracking fields get their
    visibility, and everything else the read declares is stored as sent (settings merged)."""
    if "schedule_for" in patch:
        host = schedule_for(ctx, patch.pop("schedule_for"))
        target.update(host_id=host["id"], host_email=host["email"])
    if "tracking_fields" in patch:
        target["tracking_fields"] = tracking_fields(ctx, patch.pop("tracking_fields"))
    declared = ((ctx.operations[read_operation].success_schema or {}).get("properties")) or {}
    deep_merge(target, {k: v for k, v in patch.items() if k in declared})


@handles("meetingCreate")
def create_meeting(ctx: Ctx) -> Reply:
    host = ctx.user()
    body = ctx.body_dict()
    meeting_id = ctx.state.new_meeting_id()
    topic = str(body.pop("topic", None) or "Zoom meeting")
    meeting = meeting_object(ctx.example, meeting_id, ctx.state.new_uuid(), host, topic)
    if body.get("default_password"):
        meeting["password"] = f"{meeting_id % 1000000:06d}"
    body.pop("default_password", None)
    from_template = template_settings(ctx, MEETING_TEMPLATES, body.get("template_id"), meeting["host_id"])
    if from_template is not None:
        meeting["settings"] = deep_merge(meeting.get("settings") or {}, from_template)
    apply_fields(ctx, meeting, body, "meeting")
    _set_occurrences(meeting)
    with ctx.state.lock:
        ctx.state.meetings[meeting_id] = meeting
    return ctx.ok(copy.deepcopy(meeting))


@handles("meeting")
def get_meeting(ctx: Ctx) -> Reply:
    _, meeting = ctx.meeting()
    shown = copy.deepcopy(meeting)
    if shown.get("status") == "finished":  # Zoom's meeting status is waiting or started: an ended one waits again
        shown["status"] = "waiting"
    return ctx.ok(shown)


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
            reschedule = any(k in patch for k in ("type", "recurrence", "start_time"))
            apply_fields(ctx, meeting, patch, "meeting")
            if reschedule:
                _set_occurrences(meeting)
    return Reply(ctx.op.success_status)


@handles("meetingDelete")
def delete_meeting(ctx: Ctx) -> Reply:
    meeting_id, meeting = ctx.meeting()
    occurrence_id = ctx.query.get("occurrence_id")
    with ctx.state.lock:
        if occurrence_id:
            _occurrence(meeting, str(occurrence_id))["status"] = "deleted"
        else:
            ctx.state.collection(DELETED)[str(meeting_id)] = ctx.state.meetings.pop(meeting_id)
            ctx.state.live.pop(meeting_id, None)
    return Reply(ctx.op.success_status)


@handles("meetingStatus")
def meeting_status(ctx: Ctx) -> Reply:
    action = ctx.body_dict().get("action", "end")
    if action == "recover":
        return _recover(ctx)
    meeting_id, meeting = ctx.meeting()
    if meeting.get("status") != "started":
        raise bad_request(3000, f"Meeting {meeting_id} is not in progress, so it cannot be ended.")
    with ctx.state.lock:
        meeting["status"] = "finished"
        ctx.state.live.pop(meeting_id, None)
        # The meeting took place: its past instance, with the host as the one participant (the sandbox does
        # not model people joining), is what past-meeting reads, reports and the instances list show.
        start = str(meeting.get("start_time") or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        minutes = int(meeting.get("duration") or 0)
        host = ctx.state.users.get(meeting.get("host_id")) or {"email": meeting.get("host_email", "")}
        attended = [participant(host, start, end_time(start, minutes), minutes * 60)]
        ctx.state.add_past_instance(meeting_id, str(meeting.get("uuid")), start, attended)
    return Reply(ctx.op.success_status)


def _recover(ctx: Ctx) -> Reply:
    raw = ctx.path["meetingId"]
    with ctx.state.lock:
        deleted = ctx.state.collection(DELETED)
        if raw in deleted:
            meeting = deleted.pop(raw)
            meeting["status"] = "waiting"
            ctx.state.meetings[int(raw)] = meeting
            return Reply(ctx.op.success_status)
    if raw.isdigit() and int(raw) in ctx.state.meetings:
        raise bad_request(3000, f"Meeting {raw} is not deleted, so there is nothing to recover.")
    raise meeting_not_found(raw)


_STEP_DAYS = {1: 1, 2: 7, 3: 30}


def _set_occurrences(meeting: JSON) -> None:
    """A fixed-time recurring meeting (type 8) lists its occurrences; other types have none."""
    if meeting.get("type") == 8 and isinstance(meeting.get("recurrence"), dict):
        meeting["occurrences"] = _occurrences(str(meeting.get("start_time")), meeting["recurrence"], meeting)
    elif meeting.get("type") != 8:
        meeting.pop("occurrences", None)
        if meeting.get("type") != 3:
            meeting.pop("recurrence", None)


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
