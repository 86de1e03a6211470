"""Polls of meetings and webinars: list, create, batch create, get, update, delete."""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any


def _polls(ctx: Ctx) -> dict[str, JSON]:
    if "webinarId" in ctx.path:
        key, _ = ctx.webinar()
        return ctx.state.webinar_polls.setdefault(key, {})
    key, _ = ctx.meeting()
    return ctx.state.meeting_polls.setdefault(key, {})


def _poll(ctx: Ctx, polls: dict[str, JSON]) -> JSON:
    if ctx.path["pollId"] not in polls:
        raise ZoomStyleError(404, 404, f"Poll {ctx.path['pollId']} not found; list the polls to find valid IDs.")
    return polls[ctx.path["pollId"]]


@handles("meetingPolls", "webinarPolls")
def list_polls(ctx: Ctx) -> Reply:
    return ctx.listing("polls", list(_polls(ctx).values()))


@handles("meetingPollCreate", "webinarPollCreate")
def create_poll(ctx: Ctx) -> Reply:
    polls = _polls(ctx)
    poll = ctx.example()
    poll.update(ctx.body_dict())
    poll.update(id=ctx.state.new_id("poll"), status="notstart")
    polls[poll["id"]] = poll
    return ctx.ok(copy.deepcopy(poll))


@handles("createBatchPolls")
def create_batch(ctx: Ctx) -> Reply:
    polls = _polls(ctx)
    created = []
    for entry in ctx.body_dict().get("polls") or []:
        poll = dict(entry, id=ctx.state.new_id("poll"), status="notstart")
        polls[poll["id"]] = poll
        created.append(poll)
    answer = ctx.example()
    if isinstance(answer, dict):
        answer["polls"] = created
    return ctx.ok(answer)


@handles("meetingPollGet", "webinarPollGet")
def get_poll(ctx: Ctx) -> Reply:
    return ctx.ok(copy.deepcopy(_poll(ctx, _polls(ctx))))


@handles("meetingPollUpdate", "webinarPollUpdate")
def update_poll(ctx: Ctx) -> Reply:
    poll = _poll(ctx, _polls(ctx))
    poll.update(ctx.body_dict())
    return Reply(ctx.op.success_status)


@handles("meetingPollDelete", "webinarPollDelete")
def delete_poll(ctx: Ctx) -> Reply:
    polls = _polls(ctx)
    _poll(ctx, polls)
    del polls[ctx.path["pollId"]]
    return Reply(ctx.op.success_status)
