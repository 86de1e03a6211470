"""Archived meeting files: the account's archives, kept in the `archive_files` collection (meeting instance
UUID -> archived meeting with its `archive_files`).

The seed archives the recorded meeting (built on the spec example). Every read answers from that one
collection: the account-wide list (`GET .../archive_files`, filtered by `from`/`to` on the meeting's start
time, or `complete_time` with `query_date_type=archive_complete_time`) and, on regular accounts, one meeting
instance's archive (`GET /past_meetings/{meetingUUID}/archive_files`) and the statistics by file extension
and status (`GET /archive_files/statistics`). The regular-only writes change it: `PATCH
/archive_files/{fileId}` sets a file's `auto_delete`, `DELETE /past_meetings/{meetingUUID}/archive_files`
removes the instance's archive (the list, the statistics and the instance read no longer show it).

Zoom documents 404 for a missing archive or file but no code: an instance that never took place is 3001
"not found or has expired" (Zoom's code for past meetings), an instance or file without an archive 3301
(Zoom's "no recording" code) (both inferred).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from zoom_mcp.sandbox.errors import ZoomStyleError, not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any
ARCHIVES = "archive_files"
_EXTENSIONS = ("mp4", "m4a", "txt", "json", "vtt")
_STATUSES = ("processing", "completed", "failed")


def _in_range(value: str, start: JSON, end: JSON) -> bool:
    if start and value[: len(str(start))] < str(start):
        return False
    return not (end and value[: len(str(end))] > str(end))


@handles("listArchivedFiles")
def list_archives(ctx: Ctx) -> Reply:
    date_key = "complete_time" if ctx.query.get("query_date_type") == "archive_complete_time" else "start_time"
    start, end = ctx.query.get("from"), ctx.query.get("to")
    meetings = [m for m in ctx.state.collection(ARCHIVES).values() if _in_range(str(m.get(date_key, "")), start, end)]
    meetings.sort(key=lambda m: str(m.get(date_key, "")), reverse=True)
    return ctx.listing("meetings", meetings, **{"from": start or "", "to": end or ""})


def _archive(ctx: Ctx) -> tuple[str, JSON]:
    """(UUID, archived meeting) of the instance in the path: a UUID (possibly encoded twice) or, as the other
    past-meeting reads accept, a meeting ID meaning its latest instance."""
    raw = ctx.path["meetingUUID"]
    archives = ctx.state.collection(ARCHIVES)
    for candidate in (raw, unquote(raw)):
        if candidate in archives:
            return candidate, archives[candidate]
    _, instance = ctx.past_meeting("meetingUUID")  # 404/3001 when no meeting took place under it (code inferred)
    uuid = str(instance["uuid"])
    if uuid in archives:
        return uuid, archives[uuid]
    raise not_found(3301, f"There are no archived files for meeting instance {uuid}.")  # code inferred


@handles("getArchivedFiles")
def get_archive(ctx: Ctx) -> Reply:
    _, archive = _archive(ctx)
    return ctx.ok(archive)


@handles("deleteArchivedFiles")
def delete_archive(ctx: Ctx) -> Reply:
    uuid, _ = _archive(ctx)
    with ctx.state.lock:
        del ctx.state.collection(ARCHIVES)[uuid]
    return Reply(ctx.op.success_status)


@handles("updateArchivedFile")
def update_archived_file(ctx: Ctx) -> Reply:
    file_id = ctx.path["fileId"]
    with ctx.state.lock:
        for archive in ctx.state.collection(ARCHIVES).values():
            for item in archive.get("archive_files") or []:
                if item.get("id") == file_id:
                    item["auto_delete"] = bool(ctx.body_dict().get("auto_delete"))
                    return Reply(ctx.op.success_status)
    raise ZoomStyleError(404, 3301, f"Archived file does not exist: {file_id}.")  # code inferred


@handles("getArchivedFileStatistics")
def archive_statistics(ctx: Ctx) -> Reply:
    """Counts over the files of the archives whose meeting started in `from`..`to`; `total_records` is the
    number of files counted (inferred: Zoom documents only the field)."""
    start, end = ctx.query.get("from"), ctx.query.get("to")
    files = [
        item
        for archive in ctx.state.collection(ARCHIVES).values()
        if _in_range(str(archive.get("start_time", "")), start, end)
        for item in archive.get("archive_files") or []
    ]
    by_extension = {f"{ext}_file_count": 0 for ext in _EXTENSIONS}
    by_status = {f"{status}_file_count": 0 for status in _STATUSES}
    for item in files:
        extension = f"{str(item.get('file_extension', '')).lower()}_file_count"
        if extension in by_extension:
            by_extension[extension] += 1
        status = f"{item.get('status', 'completed')}_file_count"
        if status in by_status:
            by_status[status] += 1
    return ctx.ok(
        {
            "from": start or "",
            "to": end or "",
            "total_records": len(files),
            "statistic_by_file_extension": by_extension,
            "statistic_by_file_status": by_status,
        }
    )
