"""The pre-check of the curated in-meeting tools: is the meeting live right now?

Zoom accepts in-meeting controls only while the meeting is in progress (except phone and room-system
call-outs), and answers a vague error otherwise; asking first lets the tool say what to do instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zoom_mcp.live_controls.translation import requires_live_meeting
from zoom_mcp.variants import api_path
from zoom_mcp.zoom_client import NotFound, ZoomClient, ZoomError, build_path

MEETING_PATH = "/accounts/{accountId}/meetings/{meetingId}"
LIVE_STATUS = "started"


class MeetingNotLive(Exception):
    """The meeting exists but is not in progress; the message says what to do."""

    def __init__(self, meeting_id: str, status: str) -> None:
        self.meeting_id = meeting_id
        self.status = status
        super().__init__(
            f"meeting {meeting_id} is not live (status {status}): start it in the Zoom client first, then retry"
        )


async def check_live(
    client: ZoomClient, account_id: str, meeting_id: int | str, *, variant: str = "master"
) -> dict[str, Any]:
    """GET the meeting and return it when its status is "started"; raise MeetingNotLive otherwise.

    Zoom errors (meeting not found, missing scope, ...) propagate as the client's ZoomError subclasses.
    `variant` "regular" reads the meeting without the /accounts/{accountId} prefix.
    """
    path = build_path(api_path(MEETING_PATH, variant), {"accountId": account_id, "meetingId": meeting_id})
    scopes = ("meeting:read:admin",) if variant == "regular" else ("meeting:read:master",)
    response = await client.request("GET", path, rate_limit="LIGHT", required_scopes=scopes)
    meeting = response.json if isinstance(response.json, dict) else {}
    status = str(meeting.get("status") or "unknown")
    if status != LIVE_STATUS:
        raise MeetingNotLive(str(meeting_id), status)
    return meeting


async def live_precheck(
    client: ZoomClient,
    curated_name: str,
    arguments: Mapping[str, Any],
    *,
    default_account_id: str,
    variant: str = "master",
) -> str | None:
    """For the integrator's `before_send` hook: None when the call may go ahead, else the refusal text.

    Call-out tools (phone, room system) skip the check, as Zoom allows them before the meeting is live.
    """
    if not requires_live_meeting(curated_name):
        return None
    account_id = str(arguments.get("accountId") or default_account_id)
    meeting_id = arguments["meetingId"]
    try:
        await check_live(client, account_id, meeting_id, variant=variant)
    except MeetingNotLive as exc:
        return str(exc)
    except NotFound as exc:
        return f"meeting {meeting_id} was not found, so it cannot be live; check the meeting ID. ({exc})"
    except ZoomError as exc:
        return f"could not check whether meeting {meeting_id} is live: {exc}"
    return None
