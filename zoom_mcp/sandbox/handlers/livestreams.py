"""Live streaming of meetings and webinars: the stream configuration (get, update) and its status.

A meeting or webinar without a configured stream reads with empty `stream_url`, `stream_key` and `page_url`.
Starting or stopping the stream (`.../livestream/status`) has no readable effect in Zoom's API (no read
returns the stream's status): the sandbox keeps it under the stream's `_status` in its state (visible at
`GET /_sandbox/state`) and the request log is the evidence.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles

JSON = Any
EMPTY_STREAM: dict[str, JSON] = {"stream_url": "", "stream_key": "", "page_url": ""}


def _stream(ctx: Ctx) -> JSON:
    if "webinarId" in ctx.path:
        key, _ = ctx.webinar()
        store = ctx.state.webinar_livestreams
    else:
        key, _ = ctx.meeting()
        store = ctx.state.meeting_livestreams
    return store.setdefault(key, copy.deepcopy(EMPTY_STREAM))


@handles("getMeetingLiveStreamDetails", "getWebinarLiveStreamDetails")
def get_livestream(ctx: Ctx) -> Reply:
    return ctx.ok(copy.deepcopy(_stream(ctx)))


@handles("meetingLiveStreamUpdate", "webinarLiveStreamUpdate")
def update_livestream(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        deep_merge(_stream(ctx), ctx.body_dict())
    return Reply(ctx.op.success_status)


@handles("meetingLiveStreamStatusUpdate", "webinarLiveStreamStatusUpdate")
def update_livestream_status(ctx: Ctx) -> Reply:
    body = ctx.body_dict()
    with ctx.state.lock:
        stream = _stream(ctx)
        if body.get("action") == "start":
            stream["_status"] = "started"
        elif body.get("action") == "stop":
            stream["_status"] = "stopped"
        if isinstance(body.get("settings"), dict):
            deep_merge(stream.setdefault("_settings", {}), body["settings"])
    return Reply(ctx.op.success_status)
