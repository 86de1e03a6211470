"""Registrants of meetings and webinars: list, add, get, delete, approve/deny/cancel, questions; panelists."""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any
_STATUS_BY_ACTION = {"approve": "approved", "deny": "denied", "cancel": "denied"}


def _is_webinar(ctx: Ctx) -> bool:
    return "webinarId" in ctx.path


def _store(ctx: Ctx) -> tuple[int, JSON, dict[str, JSON]]:
    if _is_webinar(ctx):
        key, item = ctx.webinar()
        return key, item, ctx.state.webinar_registrants.setdefault(key, {})
    key, item = ctx.meeting()
    return key, item, ctx.state.meeting_registrants.setdefault(key, {})


def _registrant(ctx: Ctx, registrants: dict[str, JSON]) -> JSON:
    registrant_id = ctx.path["registrantId"]
    if registrant_id not in registrants:
        raise ZoomStyleError(
            404,
            3079 if not _is_webinar(ctx) else 3027,
            f"Registrant {registrant_id} not found; list the registrants to find valid IDs.",
        )
    return registrants[registrant_id]


@handles("meetingRegistrants", "webinarRegistrants")
def list_registrants(ctx: Ctx) -> Reply:
    _, _, registrants = _store(ctx)
    status = ctx.query.get("status", "approved")
    return ctx.listing("registrants", [r for r in registrants.values() if r.get("status") == status])


@handles("meetingRegistrantCreate", "webinarRegistrantCreate")
def add_registrant(ctx: Ctx) -> Reply:
    key, item, registrants = _store(ctx)
    body = ctx.body_dict()
    registrant_id = ctx.state.new_id("registrant")
    template_op = "webinarRegistrantGet" if _is_webinar(ctx) else "meetingRegistrantGet"
    registrant = ctx.example(template_op)
    approval = (item.get("settings") or {}).get("approval_type", 0)
    registrant.update(body)
    registrant.update(
        id=registrant_id,
        status="pending" if approval == 1 else "approved",
        create_time="2026-01-15T12:00:00Z",
        join_url=f"https://sandbox.zoom.example/w/{key}?tk={registrant_id}",
    )
    with ctx.state.lock:
        registrants[registrant_id] = registrant
    answer = ctx.example()
    if isinstance(answer, dict):
        answer.update(
            id=key,
            registrant_id=registrant_id,
            join_url=registrant["join_url"],
            topic=item.get("topic"),
            start_time=item.get("start_time"),
        )
    return ctx.ok(answer)


@handles("meetingRegistrantGet", "webinarRegistrantGet")
def get_registrant(ctx: Ctx) -> Reply:
    _, _, registrants = _store(ctx)
    return ctx.ok(copy.deepcopy(_registrant(ctx, registrants)))


@handles("meetingregistrantdelete", "deleteWebinarRegistrant")
def delete_registrant(ctx: Ctx) -> Reply:
    _, _, registrants = _store(ctx)
    _registrant(ctx, registrants)
    del registrants[ctx.path["registrantId"]]
    return Reply(ctx.op.success_status)


@handles("meetingRegistrantStatus", "webinarRegistrantStatus")
def update_registrant_status(ctx: Ctx) -> Reply:
    _, _, registrants = _store(ctx)
    body = ctx.body_dict()
    new_status = _STATUS_BY_ACTION.get(str(body.get("action")))
    if new_status is None:
        raise ZoomStyleError(400, 300, "Invalid action: use approve, deny or cancel.")
    targets = body.get("registrants") or []
    with ctx.state.lock:
        for target in targets:
            match = registrants.get(str(target.get("id"))) or next(
                (r for r in registrants.values() if r.get("email") and r.get("email") == target.get("email")), None
            )
            if match is None:
                raise ZoomStyleError(400, 300, f"Registrant {target.get('id') or target.get('email')} not found.")
            match["status"] = new_status
        if not targets:  # Zoom applies the action to every registrant when none are listed
            for registrant in registrants.values():
                registrant["status"] = new_status
    return Reply(ctx.op.success_status)


@handles("meetingRegistrantsQuestionsGet", "webinarRegistrantsQuestionsGet")
def get_questions(ctx: Ctx) -> Reply:
    store = ctx.state.webinar_questions if _is_webinar(ctx) else ctx.state.meeting_questions
    key, _ = ctx.webinar() if _is_webinar(ctx) else ctx.meeting()
    return ctx.ok(copy.deepcopy(store.get(key, ctx.example())))


@handles("meetingRegistrantQuestionUpdate", "webinarRegistrantQuestionUpdate")
def update_questions(ctx: Ctx) -> Reply:
    store = ctx.state.webinar_questions if _is_webinar(ctx) else ctx.state.meeting_questions
    key, _ = ctx.webinar() if _is_webinar(ctx) else ctx.meeting()
    get_op = "webinarRegistrantsQuestionsGet" if _is_webinar(ctx) else "meetingRegistrantsQuestionsGet"
    current = store.get(key) or ctx.example(get_op) or {}
    current.update(ctx.body_dict())
    store[key] = current
    return Reply(ctx.op.success_status)


@handles("webinarPanelists")
def list_panelists(ctx: Ctx) -> Reply:
    key, _ = ctx.webinar()
    return ctx.listing("panelists", list(ctx.state.webinar_panelists.get(key, {}).values()))


@handles("webinarPanelistCreate")
def add_panelists(ctx: Ctx) -> Reply:
    key, _ = ctx.webinar()
    panelists = ctx.state.webinar_panelists.setdefault(key, {})
    for entry in ctx.body_dict().get("panelists") or []:
        panelist_id = ctx.state.new_id("panelist")
        panelists[panelist_id] = {
            "id": panelist_id,
            "email": entry.get("email"),
            "name": entry.get("name"),
            "join_url": f"https://sandbox.zoom.example/w/{key}?tk={panelist_id}",
        }
    answer = ctx.example()
    if isinstance(answer, dict):
        answer.update(id=str(key), updated_at="2026-01-15T12:00:00Z")
    return ctx.ok(answer)


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
