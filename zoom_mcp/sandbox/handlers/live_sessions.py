"""Which meeting or webinar is in progress: the check behind the regular-only operations that act on a live
session (chat message edits, join tokens, RTMS apps).

A meeting is live while the state holds its `LiveMeeting` (the seeded live meeting, `fixtures.add_meeting(
status="started")`; ending it through `PUT .../meetings/{id}/status` removes it). A webinar is live while its
`status` is `started` (the seeded live webinar, `fixtures.add_webinar(status="started")`; ending it through
`PUT .../webinars/{id}/status` makes it `finished`). An unknown meeting or webinar is 404 code 3001; one that
is not in progress is 400 code 3000 (Zoom documents 400 for these operations but no code: inferred, the code
the in-meeting controls use for the same case).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zoom_mcp.sandbox.errors import bad_request
from zoom_mcp.sandbox.handlers.base import Ctx

JSON = Any


@dataclass(frozen=True)
class LiveSession:
    kind: str  # "meeting" | "webinar"
    id: int
    item: JSON  # the stored meeting or webinar


def live_session(ctx: Ctx, purpose: str) -> LiveSession:
    """The live meeting (`meetingId`) or webinar (`webinarId`) in the path; `purpose` words the 400."""
    if "webinarId" in ctx.path:
        webinar_id, webinar = ctx.webinar()
        if webinar.get("status") != "started":
            raise bad_request(3000, f"Webinar {webinar_id} is not in progress: {purpose} needs a live webinar.")
        return LiveSession("webinar", webinar_id, webinar)
    meeting_id, meeting = ctx.meeting()
    if meeting_id not in ctx.state.live:
        raise bad_request(
            3000, f"Meeting {meeting_id} is not in progress: {purpose} needs a live meeting. Start the meeting first."
        )
    return LiveSession("meeting", meeting_id, meeting)
