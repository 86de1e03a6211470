"""On-demand recording registrants: list, register, approve/deny, and the registration questions.

A new registrant is pending when the recording's sharing settings ask for manual approval (`approval_type`
1, see `PATCH .../recordings/settings`), else approved. The questions start as the spec's example (Zoom's
default form) and change with `PATCH .../recordings/registrants/questions`.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.handlers.recordings import recording_settings, recording_uuid

JSON = Any
QUESTIONS = "recording_registrant_questions"  # collection: recording UUID -> questions
_STATUS_BY_ACTION = {"approve": "approved", "deny": "denied"}


def _registrants(ctx: Ctx) -> tuple[str, dict[str, JSON]]:
    uuid = recording_uuid(ctx)
    return uuid, ctx.state.recording_registrants.setdefault(uuid, {})


@handles("meetingRecordingRegistrants")
def list_registrants(ctx: Ctx) -> Reply:
    _, registrants = _registrants(ctx)
    status = ctx.query.get("status", "approved")
    return ctx.listing("registrants", [r for r in registrants.values() if r.get("status") == status])


@handles("meetingRecordingRegistrantCreate")
def add_registrant(ctx: Ctx) -> Reply:
    uuid, registrants = _registrants(ctx)
    body = ctx.body_dict()
    body.pop("status", None)  # the status follows the recording's approval setting, not the request
    email = str(body.get("email") or "").lower()
    with ctx.state.lock:
        registrant = next((r for r in registrants.values() if str(r.get("email", "")).lower() == email), None)
        if registrant is None:
            manual = recording_settings(ctx, uuid).get("approval_type") == 1
            registrant = dict(body, id=ctx.state.new_id("recording-registrant"))
            registrant["status"] = "pending" if manual else "approved"
            registrants[registrant["id"]] = registrant
    recording = ctx.state.recordings[uuid]
    return ctx.ok(
        {
            "id": recording.get("id"),
            "registrant_id": registrant["id"],
            "share_url": f"https://sandbox.zoom.example/rec/share/{registrant['id']}",
            "topic": recording.get("topic"),
        }
    )


@handles("meetingRecordingRegistrantStatus")
def update_status(ctx: Ctx) -> Reply:
    _, registrants = _registrants(ctx)
    body = ctx.body_dict()
    new_status = _STATUS_BY_ACTION.get(str(body.get("action")))
    if new_status is None:
        raise ZoomStyleError(400, 300, "Invalid action: use approve or deny.")
    with ctx.state.lock:
        targets = []
        for target in body.get("registrants") or []:
            registrant = registrants.get(str(target.get("id")))
            if registrant is None:
                raise ZoomStyleError(400, 300, f"Registrant {target.get('id')} not found.")
            targets.append(registrant)
        for registrant in targets if body.get("registrants") else registrants.values():
            registrant["status"] = new_status
    return Reply(ctx.op.success_status)


@handles("recordingRegistrantsQuestionsGet")
def get_questions(ctx: Ctx) -> Reply:
    uuid = recording_uuid(ctx)
    return ctx.ok(copy.deepcopy(ctx.state.collection(QUESTIONS).get(uuid, ctx.example())))


@handles("recordingRegistrantQuestionUpdate")
def update_questions(ctx: Ctx) -> Reply:
    uuid = recording_uuid(ctx)
    with ctx.state.lock:
        store = ctx.state.collection(QUESTIONS)
        current = store.get(uuid) or ctx.example("recordingRegistrantsQuestionsGet") or {}
        current.update(ctx.body_dict())
        store[uuid] = current
    return Reply(ctx.op.success_status)
