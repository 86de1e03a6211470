"""Cloud recordings: get, list, trash/recover/permanently delete, settings; files served for download."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import unquote

from zoom_mcp.sandbox.errors import ZoomStyleError, recording_not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles

JSON = Any


def recording_uuid(ctx: Ctx, key: str = "meetingId") -> str:
    """The meeting UUID of the recording addressed by a meeting ID (latest instance) or UUID."""
    raw = ctx.path[key]
    for candidate in (raw, unquote(raw)):
        if candidate in ctx.state.recordings:
            return candidate
    if raw.isdigit():
        for uuid, rec in ctx.state.recordings.items():
            if str(rec.get("id")) == raw:
                return uuid
    raise recording_not_found()


def visible_recording(ctx: Ctx, uuid: str, *, trash: bool = False) -> JSON | None:
    """The recording as the API shows it: only the files in (or out of) the trash, None when empty."""
    rec = copy.deepcopy(ctx.state.recordings[uuid])
    whole_trashed = ctx.state.recording_trashed.get(uuid, False)
    files = []
    for item in rec["recording_files"]:
        in_trash = whole_trashed or item["id"] in ctx.state.file_trashed
        if in_trash == trash:
            if trash:
                item["deleted_time"] = "2026-01-15T12:00:00Z"
            files.append(item)
    if not files:
        return None
    rec["recording_files"] = files
    rec["recording_count"] = len(files)
    return rec


@handles("recordingGet")
def get_recording(ctx: Ctx) -> Reply:
    uuid = recording_uuid(ctx)
    rec = visible_recording(ctx, uuid)
    if rec is None:
        raise recording_not_found()
    if "download_access_token" in str(ctx.query.get("include_fields", "")):
        rec["download_access_token"] = "sandbox-download-token"
    return ctx.ok(rec)


@handles("recordingsList", "getAccountCloudRecording")
def list_recordings(ctx: Ctx) -> Reply:
    trash = bool(ctx.query.get("trash", False))
    user = ctx.user() if "userId" in ctx.path else None
    items = []
    for uuid, rec in ctx.state.recordings.items():
        if user is not None and rec.get("host_id") != user["id"]:
            continue
        if ctx.query.get("meeting_id") and str(ctx.query["meeting_id"]) not in (str(rec.get("id")), uuid):
            continue
        shown = visible_recording(ctx, uuid, trash=trash)
        if shown is not None:
            items.append(shown)
    return ctx.listing(
        "meetings", items, **{"from": ctx.query.get("from", "2026-01-01"), "to": ctx.query.get("to", "2026-01-31")}
    )


@handles("recordingDelete")
def delete_recording(ctx: Ctx) -> Reply:
    uuid = recording_uuid(ctx)
    action = ctx.query.get("action", "trash")
    with ctx.state.lock:
        if action == "delete":
            for item in ctx.state.recordings[uuid]["recording_files"]:
                ctx.state.file_content.pop(item["id"], None)
            del ctx.state.recordings[uuid]
            ctx.state.recording_trashed.pop(uuid, None)
        else:
            if visible_recording(ctx, uuid) is None:
                raise recording_not_found()
            ctx.state.recording_trashed[uuid] = True
    return Reply(ctx.op.success_status)


@handles("recordingDeleteOne")
def delete_recording_file(ctx: Ctx) -> Reply:
    uuid = recording_uuid(ctx)
    rec = ctx.state.recordings[uuid]
    file_id = ctx.path["recordingId"]
    if not any(item["id"] == file_id for item in rec["recording_files"]):
        raise ZoomStyleError(404, 3301, f"There is no recording file {file_id} for this meeting.")
    with ctx.state.lock:
        if ctx.query.get("action", "trash") == "delete":
            rec["recording_files"] = [i for i in rec["recording_files"] if i["id"] != file_id]
            ctx.state.file_trashed.discard(file_id)
            ctx.state.file_content.pop(file_id, None)
        else:
            ctx.state.file_trashed.add(file_id)
    return Reply(ctx.op.success_status)


@handles("recordingStatusUpdate")
def recover_recording(ctx: Ctx) -> Reply:
    uuid = recording_uuid(ctx, "meetingUUID")
    with ctx.state.lock:
        ctx.state.recording_trashed[uuid] = False
        for item in ctx.state.recordings[uuid]["recording_files"]:
            ctx.state.file_trashed.discard(item["id"])
    return ctx.done() if ctx.op.success_schema is not None else Reply(ctx.op.success_status)


@handles("recordingStatusUpdateOne")
def recover_recording_file(ctx: Ctx) -> Reply:
    uuid = recording_uuid(ctx)
    file_id = ctx.path["recordingId"]
    if not any(item["id"] == file_id for item in ctx.state.recordings[uuid]["recording_files"]):
        raise ZoomStyleError(404, 3301, f"There is no recording file {file_id} for this meeting.")
    ctx.state.file_trashed.discard(file_id)
    return Reply(ctx.op.success_status)


def recording_settings(ctx: Ctx, uuid: str) -> JSON:
    """The sharing settings of a recording: the spec example's defaults with the recording's own topic, until
    an update changes them."""
    if uuid not in ctx.state.recording_settings:
        settings = ctx.example("recordingSettingUpdate") or {}
        settings["topic"] = ctx.state.recordings[uuid].get("topic", "")
        ctx.state.recording_settings[uuid] = settings
    return ctx.state.recording_settings[uuid]


@handles("recordingSettingUpdate")
def get_recording_settings(ctx: Ctx) -> Reply:
    return ctx.ok(copy.deepcopy(recording_settings(ctx, recording_uuid(ctx))))


@handles("recordingSettingsUpdate")
def update_recording_settings(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        deep_merge(recording_settings(ctx, recording_uuid(ctx)), ctx.body_dict())
    return Reply(ctx.op.success_status)
