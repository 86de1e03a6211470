"""Archived meeting files (`GET .../archive_files`): the account's archives, kept in the `archive_files`
collection (meeting instance UUID -> archived meeting with its `archive_files`).

The seed archives the recorded meeting (built on the spec example); listing filters by `from`/`to` on the
meeting's start time (or `complete_time` with `query_date_type=archive_complete_time`). Regular-account
operations that change archives (auto-delete status, delete) work on the same collection.
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any
ARCHIVES = "archive_files"


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
