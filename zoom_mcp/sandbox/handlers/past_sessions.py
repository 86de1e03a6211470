"""Regular-only reads of meetings and webinars that took place: past meeting polls and Q&A, past webinar
participants, polls and Q&A.

They answer from the records the master-account reports read, so both always agree: the instance comes from
the state's one record of meetings that took place (`Ctx.past_meeting`) or the `past_webinar_instances`
collection (`webinars.past_webinar`), participants from `past_participants`, poll answers and questions from
the `report_poll_answers` and `report_qa` collections (`report_answers.session_answers`). A meeting or webinar
that has not taken place is 404 code 3001 "not found or has expired", like the reports; the regular overlay
documents no 404 for `listPastMeetingPolls` (only 400), so there it is 400 with that code (status from the
overlay, code inferred).

The Q&A of past meetings and webinars lists each question with ONE `answer` text where the reports list
`answer_details`: the answers' contents, joined with "; " (inferred: Zoom documents only the field).
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.handlers.report_answers import POLL_ANSWERS, QA, session_answers
from zoom_mcp.sandbox.handlers.reports import webinar_participants

JSON = Any


@handles("listPastMeetingPolls", "listPastWebinarPollResults")
def past_polls(ctx: Ctx) -> Reply:
    try:
        return ctx.ok(session_answers(ctx, POLL_ANSWERS))
    except ZoomStyleError as exc:
        if ctx.op.operation_id == "listPastMeetingPolls" and exc.status == 404:
            raise ZoomStyleError(400, exc.code, exc.message) from None  # the overlay documents 400, not 404
        raise


@handles("listPastMeetingQA", "listPastWebinarQA")
def past_questions(ctx: Ctx) -> Reply:
    body = session_answers(ctx, QA)
    for asker in body["questions"]:
        asker["question_details"] = [_one_answer(q) for q in asker.get("question_details") or []]
    return ctx.ok(body)


def _one_answer(question: JSON) -> JSON:
    if "answer" in question or not isinstance(question.get("answer_details"), list):
        return question
    contents = [str(a.get("content", "")) for a in question["answer_details"] if a.get("content")]
    return {**question, "answer": "; ".join(contents)}


@handles("listWebinarParticipants")
def past_webinar_participants(ctx: Ctx) -> Reply:
    """The participants of the webinar's latest (or the addressed) instance, as the webinar report lists them."""
    return webinar_participants(ctx)
