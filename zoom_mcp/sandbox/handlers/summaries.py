"""Meeting summaries (AI Companion): list, get by meeting UUID, delete."""

from __future__ import annotations

import copy
from urllib.parse import unquote

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles


def _summary_uuid(ctx: Ctx) -> str:
    raw = ctx.path["meetingId"]
    for candidate in (raw, unquote(raw)):
        if candidate in ctx.state.summaries:
            return candidate
    if raw.isdigit():
        for uuid, summary in ctx.state.summaries.items():
            if str(summary.get("meeting_id")) == raw:
                return uuid
    known = ctx.state.find_meeting_by_uuid(raw) or ctx.state.find_meeting_by_uuid(unquote(raw))
    if known is not None or (raw.isdigit() and int(raw) in ctx.state.meetings):
        raise ZoomStyleError(
            404,
            2305,
            f"The meeting summary for {raw} is not available: it is still being "
            "processed or AI Companion did not summarise this meeting. Try again later.",
        )
    raise ZoomStyleError(404, 3001, f"Meeting does not exist: {raw}.")


@handles("Listmeetingsummaries")
def list_summaries(ctx: Ctx) -> Reply:
    return ctx.listing(
        "summaries",
        list(ctx.state.summaries.values()),
        **{"from": ctx.query.get("from", "2026-01-01T00:00:00Z"), "to": ctx.query.get("to", "2026-01-31T00:00:00Z")},
    )


@handles("Getameetingsummary")
def get_summary(ctx: Ctx) -> Reply:
    return ctx.ok(copy.deepcopy(ctx.state.summaries[_summary_uuid(ctx)]))


@handles("Deletemeetingorwebinarsummary")
def delete_summary(ctx: Ctx) -> Reply:
    del ctx.state.summaries[_summary_uuid(ctx)]
    return Reply(ctx.op.success_status)
