"""The SIP URI that lets a SIP device dial into a meeting or webinar (regular accounts).

Written from the meeting or webinar as it stands: `<id>.<passcode>@<domain>` when the request gives the
passcode, `<id>@<domain>` without it (the domain is the one the meeting invitation's SIP link uses). A
passcode that is not the session's is 400 code 300. The operation is a POST that changes nothing, so it is
listed in `write_effects.py`; each answer carries a new participant identifier code, valid for two hours.

A missing meeting is 404 code 3001. For a webinar the regular overlay documents only 400, so a missing
webinar is 400 code 3001 (status from the overlay, code inferred); the passcode check's code is inferred too.
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles

JSON = Any
SIP_DOMAIN = "sandbox.zoomcrc.example"
EXPIRE_IN = 7200


def _session(ctx: Ctx) -> tuple[str, int, JSON]:
    if "webinarId" not in ctx.path:
        meeting_id, meeting = ctx.meeting()
        return "meeting", meeting_id, meeting
    try:
        webinar_id, webinar = ctx.webinar()
    except ZoomStyleError as exc:
        raise ZoomStyleError(400, exc.code, exc.message) from None  # the overlay documents 400 only
    return "webinar", webinar_id, webinar


@handles("getSipDialingWithPasscode", "getWebinarSipDialingWithPasscode")
def sip_dialing(ctx: Ctx) -> Reply:
    kind, session_id, item = _session(ctx)
    passcode = ctx.body_dict().get("passcode")
    address = f"{session_id}@{SIP_DOMAIN}"
    if passcode:
        if str(passcode) != str(item.get("password") or ""):  # 400 as documented; the code is inferred
            raise bad_request(
                300, f"The passcode is not the passcode of {kind} {session_id}; read the {kind} to get it."
            )
        address = f"{session_id}.{passcode}@{SIP_DOMAIN}"
    code = f"{ctx.state.next_number() * 7919 % 1_000_000:06d}"
    return ctx.ok(
        {
            "sip_dialing": address,
            "paid_crc_plan_participant": False,
            "participant_identifier_code": code,
            "expire_in": EXPIRE_IN,
        }
    )
