"""Meeting and webinar surveys: get, update, delete.

A meeting or webinar without a survey reads as an empty survey (no custom survey, no third-party link, not
shown in the browser); an update stores what it sends and a delete empties it again. The seeded scheduled
meeting and webinar carry the spec's example survey.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, deep_merge, handles

JSON = Any
EMPTY_SURVEY: dict[str, JSON] = {"show_in_the_browser": False, "third_party_survey": ""}


def _store(ctx: Ctx) -> tuple[int, dict[int, JSON]]:
    if "webinarId" in ctx.path:
        key, _ = ctx.webinar()
        return key, ctx.state.webinar_surveys
    key, _ = ctx.meeting()
    return key, ctx.state.meeting_surveys


@handles("meetingSurveyGet", "webinarSurveyGet")
def get_survey(ctx: Ctx) -> Reply:
    key, store = _store(ctx)
    return ctx.ok(copy.deepcopy(store.get(key, EMPTY_SURVEY)))


@handles("meetingSurveyUpdate", "webinarSurveyUpdate")
def update_survey(ctx: Ctx) -> Reply:
    key, store = _store(ctx)
    with ctx.state.lock:
        patch = ctx.body_dict()
        survey = store.setdefault(key, copy.deepcopy(EMPTY_SURVEY))
        if isinstance(patch.get("custom_survey"), dict):  # a new custom survey replaces the old one's questions
            survey.pop("custom_survey", None)
        deep_merge(survey, patch)
    return Reply(ctx.op.success_status)


@handles("meetingSurveyDelete", "webinarSurveyDelete")
def delete_survey(ctx: Ctx) -> Reply:
    key, store = _store(ctx)
    store.pop(key, None)
    return Reply(ctx.op.success_status)
