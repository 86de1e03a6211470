"""Registrants of meetings and webinars: list, add (one or a batch), get, delete, approve/deny/cancel, and the
registration questions. A new registrant is approved when the meeting approves automatically (approval_type 0)
or the request says `auto_approve`, else pending; registering an email twice answers the first registration."""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request, registrant_not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any
_STATUS_BY_ACTION = {"approve": "approved", "deny": "denied", "cancel": "denied"}
_NOT_STORED = ("auto_approve", "language")


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
        raise registrant_not_found(ctx.op.operation_id, registrant_id)
    return registrants[registrant_id]


def register(ctx: Ctx, key: int, item: JSON, registrants: dict[str, JSON], entry: JSON, auto_approve: bool) -> JSON:
    """Store one registrant (or find the one already registered with that email) and return it."""
    email = str(entry.get("email") or "").lower()
    existing = next((r for r in registrants.values() if str(r.get("email", "")).lower() == email), None)
    if existing is not None:
        return existing
    registrant_id = ctx.state.new_id("registrant")
    manual = (item.get("settings") or {}).get("approval_type", 0) == 1
    registrant = {k: copy.deepcopy(v) for k, v in entry.items() if k not in _NOT_STORED}
    registrant.update(
        id=registrant_id,
        status="pending" if manual and not auto_approve else "approved",
        create_time="2026-01-15T12:00:00Z",
        join_url=f"https://sandbox.zoom.example/w/{key}?tk={registrant_id}",
        participant_pin_code=100000 + ctx.state.next_number(),
    )
    with ctx.state.lock:
        registrants[registrant_id] = registrant
    return registrant


@handles("meetingRegistrants", "webinarRegistrants")
def list_registrants(ctx: Ctx) -> Reply:
    _, _, registrants = _store(ctx)
    status = ctx.query.get("status", "approved")
    return ctx.listing("registrants", [r for r in registrants.values() if r.get("status") == status])


@handles("meetingRegistrantCreate", "webinarRegistrantCreate")
def add_registrant(ctx: Ctx) -> Reply:
    key, item, registrants = _store(ctx)
    body = ctx.body_dict()
    registrant = register(ctx, key, item, registrants, body, bool(body.get("auto_approve")))
    answer: dict[str, JSON] = {
        "id": key,
        "registrant_id": registrant["id"],
        "join_url": registrant["join_url"],
        "participant_pin_code": registrant["participant_pin_code"],
        "topic": item.get("topic"),
        "start_time": item.get("start_time"),
    }
    if item.get("occurrences"):
        answer["occurrences"] = copy.deepcopy(item["occurrences"])
    return ctx.ok(answer)


@handles("addBatchRegistrants", "addBatchWebinarRegistrants")
def add_batch(ctx: Ctx) -> Reply:
    key, item, registrants = _store(ctx)
    webinar = _is_webinar(ctx)
    if item.get("type") != (5 if webinar else 2):
        if webinar:
            raise bad_request(
                300,
                "This API can only be used for scheduled webinars (type 5). "
                "Batch registration is not supported for other webinar types.",
            )
        raise bad_request(
            303,
            "This API can only be used for scheduled meeting(meeting type: 2). "
            "Batch registration is not supported for other meeting types.",
        )
    if (item.get("settings") or {}).get("approval_type", 0) == 2:
        what = "webinar" if webinar else "meeting"
        raise bad_request(3000 if webinar else 404, f"Registration has not been enabled for this {what}: {key}.")
    body = ctx.body_dict()
    added = [
        register(ctx, key, item, registrants, entry, bool(body.get("auto_approve")))
        for entry in body.get("registrants") or []
    ]
    answers = [
        {
            "email": r.get("email"),
            "join_url": r["join_url"],
            "registrant_id": r["id"],
            "participant_pin_code": r["participant_pin_code"],
        }
        for r in added
    ]
    return ctx.ok({"registrants": answers})


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
        matches = []
        for target in targets:
            match = registrants.get(str(target.get("id"))) or next(
                (r for r in registrants.values() if r.get("email") and r.get("email") == target.get("email")), None
            )
            if match is None:
                raise ZoomStyleError(400, 300, f"Registrant {target.get('id') or target.get('email')} not found.")
            matches.append(match)
        for registrant in matches if targets else registrants.values():  # none listed: Zoom applies it to all
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
