"""Operations that exist only for ordinary (regular) accounts and that agents rely on, kept stateful:
past meeting details and participants, the meeting transcript (get, delete), and a user's upcoming meetings.

Past meeting details and participants answer from the state's one record of meetings that took place
(`SandboxState.add_past_instance` / `Ctx.past_meeting`), the same record the reports, the instances list
and the account reports read: the seeded past meetings, and any meeting ended through the API (`PUT
.../meetings/{id}/status` with `end` records its instance, with the host as its participant). A meeting
that has not ended is 404/3001 "not found or has expired".
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from zoom_mcp.sandbox.errors import ZoomStyleError, meeting_not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, end_time, handles

JSON = Any
_TRANSCRIPT_TYPES = ("TRANSCRIPT",)


@handles("pastMeetingDetails")
def past_meeting_details(ctx: Ctx) -> Reply:
    meeting, instance = ctx.past_meeting()
    uuid = str(instance["uuid"])
    participants = ctx.state.past_participants.get(uuid, [])
    host = ctx.state.users.get(meeting.get("host_id"), {})
    start = str(instance.get("start_time") or meeting.get("start_time") or _now())
    duration = int(meeting.get("duration") or 0)
    return ctx.ok(
        {
            "id": meeting["id"],
            "uuid": uuid,
            "duration": duration,
            "start_time": start,
            "end_time": end_time(start, duration),
            "host_id": meeting.get("host_id"),
            "dept": host.get("dept", ""),
            "participants_count": len(participants),
            "source": "Zoom",
            "topic": meeting.get("topic"),
            "total_minutes": sum(int(p.get("duration") or 0) for p in participants) // 60,
            "type": meeting.get("type", 2),
            "user_email": meeting.get("host_email") or host.get("email"),
            "user_name": f"{host.get('first_name', '')} {host.get('last_name', '')}".strip(),
            "has_meeting_summary": uuid in ctx.state.summaries,
        }
    )


@handles("pastMeetingParticipants")
def past_meeting_participants(ctx: Ctx) -> Reply:
    _, instance = ctx.past_meeting()
    return ctx.listing("participants", ctx.state.past_participants.get(str(instance["uuid"]), []))


def _recording_of(ctx: Ctx) -> tuple[str, JSON] | None:
    """The recording (UUID, object) of a meeting ID (latest instance) or instance UUID, if any."""
    raw = ctx.path["meetingId"]
    for candidate in (raw, unquote(raw)):
        if candidate in ctx.state.recordings:
            return candidate, ctx.state.recordings[candidate]
    if raw.isdigit():
        found = [(u, r) for u, r in ctx.state.recordings.items() if str(r.get("id")) == raw]
        if found:
            return max(found, key=lambda item: str(item[1].get("start_time") or ""))
    return None


def _transcript_file(recording: JSON) -> JSON | None:
    for item in recording.get("recording_files") or []:
        if str(item.get("file_type", "")).upper() in _TRANSCRIPT_TYPES:
            return item
    return None


@handles("GetMeetingTranscript")
def get_transcript(ctx: Ctx) -> Reply:
    raw = ctx.path["meetingId"]
    found = _recording_of(ctx)
    if found is None:
        if raw.isdigit() and int(raw) in ctx.state.meetings:
            raise ZoomStyleError(404, 3322, f"The meeting {raw} has no transcript.")  # code inferred
        raise meeting_not_found(raw)
    uuid, recording = found
    item = _transcript_file(recording)
    body: dict[str, JSON] = {
        "meeting_id": str(recording.get("id")),
        "account_id": ctx.config.account_id,
        "meeting_topic": recording.get("topic"),
        "host_id": recording.get("host_id"),
        "transcript_created_time": (item or {}).get("recording_end") or recording.get("start_time"),
        "auto_delete": False,
        "auto_delete_date": "",
        "can_download": False,
        "download_url": None,
        "download_restriction_reason": None,
    }
    trashed = item is not None and (item["id"] in ctx.state.file_trashed or ctx.state.recording_trashed.get(uuid))
    if item is None:
        body["download_restriction_reason"] = "NO_TRANSCRIPT_DATA"
    elif trashed:
        body["download_restriction_reason"] = "DELETED_OR_TRASHED"
    elif str(item.get("status", "completed")) != "completed":
        body["download_restriction_reason"] = "NOT_READY"
    else:
        body["can_download"] = True
        body["download_url"] = item.get("download_url")
    return ctx.ok(body)


@handles("DeleteMeetingTranscript")
def delete_transcript(ctx: Ctx) -> Reply:
    raw = ctx.path["meetingId"]
    found = _recording_of(ctx)
    if found is None and not (raw.isdigit() and int(raw) in ctx.state.meetings):
        raise meeting_not_found(raw)
    item = _transcript_file(found[1]) if found is not None else None
    if found is None or item is None or item["id"] in ctx.state.file_trashed:
        raise ZoomStyleError(404, 3322, f"The meeting {ctx.path['meetingId']} has no transcript.")  # code inferred
    with ctx.state.lock:
        ctx.state.file_trashed.add(item["id"])  # like Zoom's other recording deletes: into the trash
    return Reply(ctx.op.success_status)


@handles("listUpcomingMeeting")
def upcoming_meetings(ctx: Ctx) -> Reply:
    user = ctx.user()
    now = _now()
    upcoming = []
    for meeting in ctx.state.meetings.values():
        if meeting.get("host_id") != user["id"] or meeting.get("status") not in ("waiting", "started"):
            continue
        start = _next_start(meeting)
        if start is not None and start < now and meeting.get("status") != "started":
            continue
        upcoming.append(
            {
                "id": meeting["id"],
                "topic": meeting.get("topic"),
                "type": meeting.get("type", 2),
                "start_time": start,
                "duration": meeting.get("duration"),
                "timezone": meeting.get("timezone"),
                "created_at": meeting.get("created_at"),
                "join_url": meeting.get("join_url"),
                "passcode": meeting.get("password") or meeting.get("passcode") or "",
                "use_pmi": bool((meeting.get("settings") or {}).get("use_pmi", False)),
                "is_host": True,
                "is_all_day": False,
            }
        )
    upcoming.sort(key=lambda m: str(m.get("start_time") or ""))
    return ctx.ok({"total_records": len(upcoming), "meetings": upcoming})


def _next_start(meeting: JSON) -> str | None:
    occurrences = [o for o in meeting.get("occurrences") or [] if o.get("status") != "deleted"]
    future = sorted(str(o.get("start_time")) for o in occurrences if str(o.get("start_time") or "") >= _now())
    if future:
        return future[0]
    start = meeting.get("start_time")
    return str(start) if start else None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
