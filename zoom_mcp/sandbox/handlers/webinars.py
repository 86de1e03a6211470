"""Webinars: create, get, list, update, delete, end; past instances."""

from __future__ import annotations

import copy

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles


@handles("webinarCreate")
def create_webinar(ctx: Ctx) -> Reply:
    host = ctx.user()
    body = ctx.body_dict()
    webinar_id = 94000000000 + ctx.state.next_number() * 7919
    webinar = ctx.example("webinar")
    webinar.pop("occurrences", None)
    settings = body.pop("settings", None)
    webinar.update({k: v for k, v in body.items() if k in webinar or k == "agenda"})
    webinar.update(
        id=webinar_id,
        uuid=ctx.state.new_uuid(),
        host_id=host["id"],
        host_email=host["email"],
        join_url=f"https://sandbox.zoom.example/w/{webinar_id}",
    )
    if isinstance(settings, dict):
        deep_merge(webinar.setdefault("settings", {}), settings)
    ctx.state.webinars[webinar_id] = webinar
    return ctx.ok(copy.deepcopy(webinar))


@handles("webinar")
def get_webinar(ctx: Ctx) -> Reply:
    _, webinar = ctx.webinar()
    return ctx.ok(copy.deepcopy(webinar))


@handles("webinars")
def list_webinars(ctx: Ctx) -> Reply:
    host = ctx.user()
    return ctx.listing("webinars", [w for w in ctx.state.webinars.values() if w.get("host_id") == host["id"]])


@handles("webinarUpdate")
def update_webinar(ctx: Ctx) -> Reply:
    _, webinar = ctx.webinar()
    deep_merge(webinar, ctx.body_dict())
    return Reply(ctx.op.success_status)


@handles("webinarDelete")
def delete_webinar(ctx: Ctx) -> Reply:
    webinar_id, _ = ctx.webinar()
    del ctx.state.webinars[webinar_id]
    return Reply(ctx.op.success_status)


@handles("webinarStatus")
def webinar_status(ctx: Ctx) -> Reply:
    _, webinar = ctx.webinar()
    if ctx.body_dict().get("action") == "end":
        webinar["status"] = "finished"
    return Reply(ctx.op.success_status)


@handles("pastWebinars")
def past_webinars(ctx: Ctx) -> Reply:
    raw = ctx.path["webinarId"]
    if not raw.isdigit() or int(raw) not in ctx.state.webinars:
        raise ZoomStyleError(404, 3001, f"Webinar {raw} not found or has expired.")
    return ctx.done()
