"""Webinars: create, get, list, update, delete, end; past instances, absentees and tracking sources.

Writes store what the read declares (like meetings: `schedule_for` moves the webinar, `tracking_fields` get
their visibility). Ending a webinar (`PUT .../status {"action": "end"}`) adds a past instance that
`GET .../past_webinars/{webinarId}/instances` lists; absentees are the approved registrants of a past
webinar who are not among its participants.
"""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles
from zoom_mcp.sandbox.handlers.meetings import apply_fields
from zoom_mcp.sandbox.handlers.templates import WEBINAR_TEMPLATES, template_settings

JSON = Any
PAST_WEBINARS = "past_webinar_instances"  # collection: webinar ID (text) -> [{uuid, start_time}], latest first
TRACKING_SOURCES = "webinar_tracking_sources"  # collection: webinar ID (text) -> [tracking source]


@handles("webinarCreate")
def create_webinar(ctx: Ctx) -> Reply:
    host = ctx.user()
    body = ctx.body_dict()
    webinar_id = 94000000000 + ctx.state.next_number() * 7919
    webinar = ctx.example("webinar")
    for example_only in ("occurrences", "recurrence", "tracking_fields", "template_id", "record_file_id"):
        webinar.pop(example_only, None)
    webinar.update(
        id=webinar_id,
        uuid=ctx.state.new_uuid(),
        topic="Zoom webinar",
        host_id=host["id"],
        host_email=host["email"],
        join_url=f"https://sandbox.zoom.example/w/{webinar_id}",
        registration_url=f"https://sandbox.zoom.example/webinar/register/{webinar_id}",
        start_url=f"https://sandbox.zoom.example/s/{webinar_id}",
        created_at="2026-01-15T12:00:00Z",
    )
    if body.get("default_passcode"):
        webinar["password"] = f"{webinar_id % 1000000:06d}"
    body.pop("default_passcode", None)
    from_template = template_settings(ctx, WEBINAR_TEMPLATES, body.get("template_id"), host["id"])
    if from_template is not None:
        webinar["settings"] = deep_merge(webinar.get("settings") or {}, from_template)
    apply_fields(ctx, webinar, body, "webinar")
    with ctx.state.lock:
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
    patch = ctx.body_dict()
    settings = patch.get("settings")
    if isinstance(settings, dict):
        settings.pop("notify_registrants", None)  # an instruction for this update (an email), not a setting
    with ctx.state.lock:
        apply_fields(ctx, webinar, patch, "webinar")
    return Reply(ctx.op.success_status)


@handles("webinarDelete")
def delete_webinar(ctx: Ctx) -> Reply:
    webinar_id, _ = ctx.webinar()
    with ctx.state.lock:
        del ctx.state.webinars[webinar_id]
    return Reply(ctx.op.success_status)


@handles("webinarStatus")
def webinar_status(ctx: Ctx) -> Reply:
    webinar_id, webinar = ctx.webinar()
    if ctx.body_dict().get("action") == "end":
        with ctx.state.lock:
            webinar["status"] = "finished"
            instances = ctx.state.collection(PAST_WEBINARS).setdefault(str(webinar_id), [])
            if not any(i.get("uuid") == webinar.get("uuid") for i in instances):
                instances.insert(0, {"uuid": webinar.get("uuid"), "start_time": webinar.get("start_time")})
    return Reply(ctx.op.success_status)


def past_webinar(ctx: Ctx) -> tuple[int, JSON, str]:
    """The past webinar addressed by its ID (latest instance) or an instance UUID: (id, webinar, instance UUID).
    404 code 3001 when it has not taken place."""
    raw = ctx.path["webinarId"]
    past = ctx.state.collection(PAST_WEBINARS)
    if raw.isdigit() and past.get(raw) and int(raw) in ctx.state.webinars:
        return int(raw), ctx.state.webinars[int(raw)], str(past[raw][0]["uuid"])
    for key, instances in past.items():
        for candidate in (raw, unquote(raw)):
            if any(i.get("uuid") == candidate for i in instances) and int(key) in ctx.state.webinars:
                return int(key), ctx.state.webinars[int(key)], candidate
    raise ZoomStyleError(404, 3001, f"Webinar {raw} not found or has expired.")


@handles("pastWebinars")
def past_webinars(ctx: Ctx) -> Reply:
    webinar_id, _ = ctx.webinar()
    return ctx.ok({"webinars": copy.deepcopy(ctx.state.collection(PAST_WEBINARS).get(str(webinar_id), []))})


@handles("webinarAbsentees")
def absentees(ctx: Ctx) -> Reply:
    webinar_id, webinar, uuid = past_webinar(ctx)
    if (webinar.get("settings") or {}).get("approval_type", 0) == 2:
        raise bad_request(3000, f"This webinar doesn't have registration required: {uuid}.")
    attended = {str(p.get("user_email", "")).lower() for p in ctx.state.past_participants.get(uuid, [])}
    registrants = ctx.state.webinar_registrants.get(webinar_id, {}).values()
    missing = [r for r in registrants if r.get("status") == "approved" and str(r.get("email")).lower() not in attended]
    return ctx.listing("registrants", missing)


@handles("getTrackingSources")
def tracking_sources(ctx: Ctx) -> Reply:
    webinar_id, _ = ctx.webinar()
    sources = ctx.state.collection(TRACKING_SOURCES).get(str(webinar_id), [])
    return ctx.ok({"total_records": len(sources), "tracking_sources": copy.deepcopy(sources)})
