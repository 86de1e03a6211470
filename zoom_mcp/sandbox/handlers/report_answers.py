"""Poll, Q&A and survey reports of a past meeting or webinar, from the answers stored for that instance.

Answers live in collections keyed by the instance UUID: `report_poll_answers` and `report_qa` (lists of
participants with their `question_details`), `report_survey_answers` (`survey_answers`). The seed stores
the spec's example answers for the recorded meeting and the past webinar; other sessions report none. The
survey report names the meeting's or webinar's current survey.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.handlers.webinars import past_webinar

JSON = Any
POLL_ANSWERS = "report_poll_answers"
QA = "report_qa"
SURVEY_ANSWERS = "report_survey_answers"


def _session(ctx: Ctx) -> tuple[JSON, str, JSON, bool]:
    """(meeting or webinar, instance UUID, instance start time, is webinar)."""
    if "webinarId" in ctx.path:
        _, webinar, uuid = past_webinar(ctx)
        instances = ctx.state.collection("past_webinar_instances").get(str(webinar["id"]), [])
        start = next((i.get("start_time") for i in instances if i.get("uuid") == uuid), webinar.get("start_time"))
        return webinar, uuid, start, True
    meeting, instance = ctx.past_meeting()
    return meeting, str(instance["uuid"]), instance.get("start_time"), False


def session_answers(ctx: Ctx, store: str) -> dict[str, JSON]:
    """The answers stored in `store` (POLL_ANSWERS or QA) for the addressed past meeting or webinar instance:
    `{id, uuid, start_time, questions}` (the reports', and the regular-only past-session reads')."""
    item, uuid, start, _ = _session(ctx)
    answers = copy.deepcopy(ctx.state.collection(store).get(uuid, []))
    return {"id": item["id"], "uuid": uuid, "start_time": start, "questions": answers}


@handles("reportMeetingPolls", "reportWebinarPolls", "reportMeetingQA", "reportWebinarQA")
def questions(ctx: Ctx) -> Reply:
    return ctx.ok(session_answers(ctx, QA if ctx.op.operation_id.endswith("QA") else POLL_ANSWERS))


@handles("reportMeetingSurvey", "reportWebinarSurvey")
def survey(ctx: Ctx) -> Reply:
    item, uuid, start, webinar = _session(ctx)
    surveys = ctx.state.webinar_surveys if webinar else ctx.state.meeting_surveys
    title = ((surveys.get(int(item["id"])) or {}).get("custom_survey") or {}).get("title", "")
    stored = ctx.state.collection(SURVEY_ANSWERS).get(uuid, {})
    kind = "webinar" if webinar else "meeting"
    return ctx.ok(
        {
            f"{kind}_id": item["id"],
            f"{kind}_uuid": uuid,
            "start_time": start,
            "survey_id": stored.get("survey_id", ""),
            "survey_name": stored.get("survey_name") or title,
            "survey_answers": copy.deepcopy(stored.get("survey_answers", [])),
        }
    )
