"""Invitations, invite links and tokens of meetings and webinars.

The invitation text is written from the meeting as it stands (topic, time, join link, passcode), so it
follows every update. Invite links have no readable effect in Zoom's API (no read lists them): they are
answered and forgotten, and the request log is the evidence. Closed-caption tokens are derived from the
meeting or webinar ID (the same ID gives the same token).
"""

from __future__ import annotations

import hashlib
from typing import Any

from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any


def _spaced(number: int) -> str:
    text = str(number)
    return f"{text[:3]} {text[3:7]} {text[7:]}" if len(text) == 11 else text


@handles("meetingInvitation")
def invitation(ctx: Ctx) -> Reply:
    meeting_id, meeting = ctx.meeting()
    host = ctx.state.users.get(meeting.get("host_id"), {})
    host_name = f"{host.get('first_name', '')} {host.get('last_name', '')}".strip() or meeting.get("host_email")
    sip = f"{meeting_id}@sandbox.zoomcrc.example"
    lines = [
        f"{host_name} is inviting you to a scheduled Zoom meeting.",
        "",
        f"Topic: {meeting.get('topic', '')}",
        f"Time: {meeting.get('start_time', '')} {meeting.get('timezone', 'UTC')}",
        "",
        "Join Zoom Meeting",
        str(meeting.get("join_url", "")),
        "",
        f"Meeting ID: {_spaced(meeting_id)}",
        f"Passcode: {meeting.get('password', '')}",
        "",
        "Join by SIP",
        sip,
        "",
    ]
    return ctx.ok({"invitation": "\r\n".join(lines), "sip_links": [sip]})


@handles("meetingInviteLinksCreate", "webinarInviteLinksCreate")
def invite_links(ctx: Ctx) -> Reply:
    """No readable effect: Zoom lists no invite links; the request log shows the call."""
    _, item = ctx.webinar() if "webinarId" in ctx.path else ctx.meeting()
    attendees = []
    for attendee in ctx.body_dict().get("attendees") or []:
        token = ctx.state.new_id("invite")
        attendees.append({"name": attendee.get("name"), "join_url": f"{item.get('join_url')}?tk={token}"})
    return ctx.ok({"attendees": attendees})


@handles("meetingToken", "webinarToken")
def caption_token(ctx: Ctx) -> Reply:
    key, _ = ctx.webinar() if "webinarId" in ctx.path else ctx.meeting()
    signature = hashlib.sha256(f"sandbox-caption:{key}".encode()).hexdigest()[:12]
    token = f"https://sandbox.zoom.example/closedcaption?id={key}&expire=86400&signature={signature}"
    return ctx.ok({"token": token})
