"""Polls of meetings and webinars: list, create, batch create, get, update, delete."""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import poll_not_found
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any


def polls_of(ctx: Ctx) -> dict[str, JSON]:
    """The polls of the addressed meeting or webinar (404 when it does not exist)."""
    if "webinarId" in ctx.path:
        key, _ = ctx.webinar()
        return ctx.state.webinar_polls.setdefault(key, {})
    key, _ = ctx.meeting()
    return ctx.state.meeting_polls.setdefault(key, {})


def _poll(ctx: Ctx, polls: dict[str, JSON]) -> JSON:
    if ctx.path["pollId"] not in polls:
        raise poll_not_found(ctx.op.operation_id, ctx.path["pollId"])
    return polls[ctx.path["pollId"]]


@handles("meetingPolls", "webinarPolls")
def list_polls(ctx: Ctx) -> Reply:
    return ctx.listing("polls", list(polls_of(ctx).values()))


@handles("meetingPollCreate", "webinarPollCreate")
def create_poll(ctx: Ctx) -> Reply:
    polls = polls_of(ctx)
    poll = ctx.body_dict()
    poll.update(id=ctx.state.new_id("poll"), status="notstart")
    polls[poll["id"]] = poll
    return ctx.ok(copy.deepcopy(poll))


@handles("createBatchPolls")
def create_batch(ctx: Ctx) -> Reply:
    polls = polls_of(ctx)
    created = []
    for entry in ctx.body_dict().get("polls") or []:
        poll = dict(entry, id=ctx.state.new_id("poll"), status="notstart")
        polls[poll["id"]] = poll
        created.append(poll)
    return ctx.ok({"polls": created})


@handles("meetingPollGet", "webinarPollGet")
def get_poll(ctx: Ctx) -> Reply:
    return ctx.ok(copy.deepcopy(_poll(ctx, polls_of(ctx))))


@handles("meetingPollUpdate", "webinarPollUpdate")
def update_poll(ctx: Ctx) -> Reply:
    poll = _poll(ctx, polls_of(ctx))
    poll.update(ctx.body_dict())
    return Reply(ctx.op.success_status)


@handles("meetingPollDelete", "webinarPollDelete")
def delete_poll(ctx: Ctx) -> Reply:
    polls = polls_of(ctx)
    _poll(ctx, polls)
    del polls[ctx.path["pollId"]]
    return Reply(ctx.op.success_status)
