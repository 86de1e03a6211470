"""Webinar panelists: list, add, remove one, remove all."""

from __future__ import annotations

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

_PANELIST_FIELDS = ("email", "name", "name_tag_description", "name_tag_id", "name_tag_name", "name_tag_pronouns")


@handles("webinarPanelists")
def list_panelists(ctx: Ctx) -> Reply:
    key, _ = ctx.webinar()
    return ctx.listing("panelists", list(ctx.state.webinar_panelists.get(key, {}).values()))


@handles("webinarPanelistCreate")
def add_panelists(ctx: Ctx) -> Reply:
    key, _ = ctx.webinar()
    panelists = ctx.state.webinar_panelists.setdefault(key, {})
    for entry in ctx.body_dict().get("panelists") or []:
        email = str(entry.get("email") or "").lower()
        existing = next((p for p in panelists.values() if str(p.get("email", "")).lower() == email), None)
        panelist_id = existing["id"] if existing is not None else ctx.state.new_id("panelist")
        panelist = existing if existing is not None else {"id": panelist_id}
        panelist.update({k: entry[k] for k in (*_PANELIST_FIELDS, "virtual_background_id") if k in entry})
        panelist["join_url"] = f"https://sandbox.zoom.example/w/{key}?tk={panelist_id}"
        panelists[panelist_id] = panelist
    return ctx.ok({"id": str(key), "updated_at": "2026-01-15T12:00:00Z"})


@handles("webinarPanelistsDelete")
def delete_all_panelists(ctx: Ctx) -> Reply:
    key, _ = ctx.webinar()
    ctx.state.webinar_panelists[key] = {}
    return Reply(ctx.op.success_status)


@handles("webinarPanelistDelete")
def delete_panelist(ctx: Ctx) -> Reply:
    key, _ = ctx.webinar()
    panelists = ctx.state.webinar_panelists.setdefault(key, {})
    if ctx.path["panelistId"] not in panelists:
        raise ZoomStyleError(404, 3001, f"Panelist {ctx.path['panelistId']} not found on webinar {key}.")
    del panelists[ctx.path["panelistId"]]
    return Reply(ctx.op.success_status)
