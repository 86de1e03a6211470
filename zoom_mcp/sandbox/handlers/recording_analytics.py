"""Views and downloads of cloud recordings: `GET .../recordings/analytics_details` and `analytics_summary`.

Events live in the `recording_analytics` collection (recording UUID -> [{kind: view|download, date_time,
name, email, duration}]); the seed has a few for the recorded meeting, and every file served by the
sandbox's `/rec/download/<file id>` adds a download (`record_download`).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.handlers.recordings import recording_uuid
from zoom_mcp.sandbox.state import SandboxState

JSON = Any
ANALYTICS = "recording_analytics"


def record_download(state: SandboxState, file_id: str) -> None:
    """Count one download of recording file `file_id` (nothing when no recording holds it)."""
    with state.lock:
        for uuid, recording in state.recordings.items():
            if any(f.get("id") == file_id for f in recording.get("recording_files", [])):
                host = state.users.get(recording.get("host_id"), {})
                event = {
                    "kind": "download",
                    "date_time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "name": f"{host.get('first_name', '')} {host.get('last_name', '')}".strip(),
                    "email": host.get("email", ""),
                    "duration": 0,
                }
                state.collection(ANALYTICS).setdefault(uuid, []).append(event)
                return


def _events(ctx: Ctx) -> list[JSON]:
    start, end = ctx.query.get("from"), ctx.query.get("to")
    events = ctx.state.collection(ANALYTICS).get(recording_uuid(ctx), [])
    return [
        e
        for e in events
        if (not start or e["date_time"][:10] >= str(start)) and (not end or e["date_time"][:10] <= str(end))
    ]


@handles("analytics_details")
def details(ctx: Ctx) -> Reply:
    kind = "download" if ctx.query.get("type") == "by_download" else "view"
    events = [e for e in _events(ctx) if e["kind"] == kind]
    return ctx.listing(
        "analytics_details", events, **{"from": ctx.query.get("from", ""), "to": ctx.query.get("to", "")}
    )


@handles("analytics_summary")
def summary(ctx: Ctx) -> Reply:
    events = _events(ctx)
    views = Counter(e["date_time"][:10] for e in events if e["kind"] == "view")
    downloads = Counter(e["date_time"][:10] for e in events if e["kind"] == "download")
    days = sorted(set(views) | set(downloads))
    rows = [{"date": d, "views_total_count": views[d], "downloads_total_count": downloads[d]} for d in days]
    return ctx.ok({"from": ctx.query.get("from", ""), "to": ctx.query.get("to", ""), "analytics_summary": rows})
