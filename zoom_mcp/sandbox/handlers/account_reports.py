"""Account reports written from the meetings, webinars, participants and recordings in state: a user's past
meetings, active users, daily usage, upcoming events, meeting history, meeting activity logs and cloud
recording usage. Dates filter on the session's start (`from`/`to` as `YYYY-MM-DD`, both inclusive)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, end_time, handles

JSON = Any


@dataclass
class Session:
    """One past meeting or webinar instance."""

    item: JSON
    uuid: str
    start: str
    participants: list[JSON]
    webinar: bool

    @property
    def minutes(self) -> int:
        return sum(int(p.get("duration") or 0) for p in self.participants) // 60


def sessions(ctx: Ctx) -> Iterator[Session]:
    """Every past meeting and webinar instance in state, filtered by the request's `from`/`to`."""
    start, end = str(ctx.query.get("from") or ""), str(ctx.query.get("to") or "")
    found: list[Session] = []
    for meeting_id, instances in ctx.state.past_instances.items():
        meeting = ctx.state.meetings.get(meeting_id)
        for instance in instances if meeting else []:
            uuid = str(instance.get("uuid"))
            when = str(instance.get("start_time"))
            found.append(Session(meeting, uuid, when, ctx.state.past_participants.get(uuid, []), False))
    for webinar_id, instances in ctx.state.collection("past_webinar_instances").items():
        webinar = ctx.state.webinars.get(int(webinar_id))
        for instance in instances if webinar else []:
            uuid = str(instance.get("uuid"))
            when = str(instance.get("start_time"))
            found.append(Session(webinar, uuid, when, ctx.state.past_participants.get(uuid, []), True))
    for session in sorted(found, key=lambda s: s.start, reverse=True):
        if (not start or session.start[:10] >= start[:10]) and (not end or session.start[:10] <= end[:10]):
            yield session


def _name(user: JSON) -> str:
    return f"{user.get('first_name', '')} {user.get('last_name', '')}".strip()


def _range(ctx: Ctx) -> dict[str, JSON]:
    return {"from": ctx.query.get("from", ""), "to": ctx.query.get("to", "")}


@handles("reportMeetings")
def user_meetings(ctx: Ctx) -> Reply:
    user = ctx.user()
    kind = ctx.query.get("type", "past")
    rows = []
    for s in sessions(ctx):
        if s.webinar or s.item.get("host_id") != user["id"] or (kind == "pastOne" and len(s.participants) > 1):
            continue
        rows.append(
            {
                "uuid": s.uuid,
                "id": s.item["id"],
                "type": s.item.get("type", 2),
                "topic": s.item.get("topic"),
                "user_name": _name(user),
                "user_email": user.get("email"),
                "host_name": _name(user),
                "start_time": s.start,
                "end_time": end_time(s.start, s.item.get("duration")),
                "duration": s.item.get("duration"),
                "total_minutes": s.minutes,
                "participants_count": len(s.participants),
                "participants_count_my_account": sum(1 for p in s.participants if p.get("user_id") in ctx.state.users),
                "source": "Zoom",
                "has_recording": s.uuid in ctx.state.recordings,
                "custom_keys": (s.item.get("settings") or {}).get("custom_keys") or [],
            }
        )
    return ctx.listing("meetings", rows, **_range(ctx))


@handles("reportUsers")
def active_users(ctx: Ctx) -> Reply:
    totals: dict[str, dict[str, int]] = {}
    for s in sessions(ctx):
        row = totals.setdefault(str(s.item.get("host_id")), {"meetings": 0, "participants": 0, "meeting_minutes": 0})
        row["meetings"] += 1
        row["participants"] += len(s.participants)
        row["meeting_minutes"] += s.minutes
    inactive = ctx.query.get("type") == "inactive"
    rows = [
        {
            "id": u["id"],
            "email": u.get("email"),
            "user_name": _name(u),
            "type": u.get("type", 2),
            "dept": u.get("dept", ""),
        }
        | totals.get(u["id"], {"meetings": 0, "participants": 0, "meeting_minutes": 0})
        for u in ctx.state.users.values()
        if (u["id"] in totals) != inactive
    ]
    sums = {
        "total_meetings": sum(t["meetings"] for t in totals.values()),
        "total_participants": sum(t["participants"] for t in totals.values()),
        "total_meeting_minutes": sum(t["meeting_minutes"] for t in totals.values()),
    }
    return ctx.listing("users", rows, **_range(ctx), **sums)


@handles("reportDaily")
def daily(ctx: Ctx) -> Reply:
    year = int(ctx.query.get("year") or 2026)
    month = int(ctx.query.get("month") or 1)
    prefix = f"{year:04d}-{month:02d}"
    days: dict[str, dict[str, int]] = {}
    for s in sessions(ctx):
        if s.start.startswith(prefix):
            day = days.setdefault(
                s.start[:10], {"new_users": 0, "meetings": 0, "participants": 0, "meeting_minutes": 0}
            )
            day["meetings"] += 1
            day["participants"] += len(s.participants)
            day["meeting_minutes"] += s.minutes
    dates = [{"date": d} | days[d] for d in sorted(days)]
    return ctx.ok({"year": year, "month": month, "dates": dates})


@handles("reportUpcomingEvents")
def upcoming(ctx: Ctx) -> Reply:
    start, end = str(ctx.query.get("from") or ""), str(ctx.query.get("to") or "")
    kind = ctx.query.get("type", "all")
    items = []
    if kind in ("all", "meeting"):
        items += [m for m in ctx.state.meetings.values() if m.get("status") == "waiting"]
    if kind in ("all", "webinar"):
        items += [w for w in ctx.state.webinars.values() if w.get("status") not in ("finished", "started")]
    rows = []
    for item in sorted(items, key=lambda i: str(i.get("start_time"))):
        when = str(item.get("start_time") or "")
        if (start and when[:10] < start[:10]) or (end and when[:10] > end[:10]):
            continue
        host = ctx.state.users.get(item.get("host_id"), {})
        rows.append(
            {
                "id": item.get("uuid"),
                "topic": item.get("topic"),
                "start_time": when,
                "host_id": item.get("host_id"),
                "host_name": _name(host),
                "dept": host.get("dept", ""),
            }
        )
    return ctx.listing("upcoming_events", rows, **_range(ctx))


@handles("Gethistorymeetingandwebinarlist")
def history(ctx: Ctx) -> Reply:
    kind = ctx.query.get("meeting_type", "all")
    search = str(ctx.query.get("search_key") or "").lower()
    rows = []
    for s in sessions(ctx):
        if (kind == "meeting" and s.webinar) or (kind == "webinar" and not s.webinar):
            continue
        if search and search not in f"{s.item.get('topic', '')} {s.item.get('id')}".lower():
            continue
        host = ctx.state.users.get(s.item.get("host_id"), {})
        rows.append(
            {
                "meeting_uuid": s.uuid,
                "meeting_id": s.item["id"],
                "type": "Webinar" if s.webinar else "Meeting",
                "topic": s.item.get("topic"),
                "host_display_name": _name(host),
                "host_email": s.item.get("host_email"),
                "start_time": s.start,
                "end_time": end_time(s.start, s.item.get("duration")),
                "duration": s.item.get("duration"),
                "participants": len(s.participants),
                "total_participant_minutes": s.minutes,
                "create_time": s.item.get("created_at"),
                "source": "Zoom",
                "tracking_fields": [
                    {"field": t.get("field"), "value": t.get("value")} for t in s.item.get("tracking_fields") or []
                ],
                "feature_used": {"record_to_cloud": s.uuid in ctx.state.recordings},
            }
        )
    return ctx.listing("history_meetings", rows)


_ACTIVITIES = ("Meeting Started", "User Join", "User Left", "Meeting Ended")


@handles("reportMeetingactivitylogs")
def activity_logs(ctx: Ctx) -> Reply:
    wanted = ctx.query.get("activity_type", "All Activities")
    number = str(ctx.query.get("meeting_number") or "").replace(" ", "")
    rows = []
    for s in sessions(ctx):
        if s.webinar or (number and number != str(s.item["id"])):
            continue
        host = ctx.state.users.get(s.item.get("host_id"), {})
        events = [("Meeting Started", s.start, host.get("email", ""), _name(host))]
        for p in s.participants:
            events.append(("User Join", p.get("join_time", s.start), p.get("user_email", ""), p.get("name", "")))
            events.append(("User Left", p.get("leave_time", s.start), p.get("user_email", ""), p.get("name", "")))
        events.append(("Meeting Ended", end_time(s.start, s.item.get("duration")), host.get("email", ""), _name(host)))
        digits = str(s.item["id"])
        for category, when, email, name in events:
            if wanted not in ("All Activities", category):
                continue
            rows.append(
                {
                    "meeting_number": f"{digits[:3]} {digits[3:7]} {digits[7:]}",
                    "activity_time": str(when).replace("T", " ").rstrip("Z"),
                    "operator": name,
                    "operator_email": email,
                    "activity_category": category,
                    "activity_detail": category,
                }
            )
    return ctx.listing("meeting_activity_logs", rows)


@handles("reportCloudRecording")
def cloud_recording(ctx: Ctx) -> Reply:
    start, end = str(ctx.query.get("from") or ""), str(ctx.query.get("to") or "")
    usage: dict[str, int] = {}
    for recording in ctx.state.recordings.values():
        day = str(recording.get("start_time", ""))[:10]
        if (start and day < start[:10]) or (end and day > end[:10]):
            continue
        usage[day] = usage.get(day, 0) + sum(int(f.get("file_size") or 0) for f in recording.get("recording_files", []))
    rows = [
        {"date": day, "usage": f"{usage[day] / 1_000_000:.1f} MB", "plan_usage": "1 TB", "free_usage": "Unlimited"}
        for day in sorted(usage)
    ]
    return ctx.ok({**_range(ctx), "cloud_recording_storage": rows})
