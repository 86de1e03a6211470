"""The writes whose effect no read of Zoom's Meetings API returns, and why.

Every other write operation changes state that a read shows (the sandbox tests pair each write with that
read). For these, Zoom answers the write but offers no read of what it changed; the sandbox's request log
(`GET /_sandbox/requests`, or `requests:` in a scenario) is the evidence that the call was made, and where
the sandbox keeps the change anyway it is visible at `GET /_sandbox/state`.
"""

from __future__ import annotations

WRITES_WITHOUT_READABLE_EFFECT: dict[str, str] = {
    # Invite links are returned once, in the answer; no operation lists them.
    "meetingInviteLinksCreate": "the links are in the answer only; no read lists a meeting's invite links",
    "webinarInviteLinksCreate": "the links are in the answer only; no read lists a webinar's invite links",
    # Starting or stopping a live stream: the stream configuration read has no status field.
    "meetingLiveStreamStatusUpdate": "no read returns a meeting's live stream status (kept as `_status`)",
    "webinarLiveStreamStatusUpdate": "no read returns a webinar's live stream status (kept as `_status`)",
    # A user's global dial-in URL: user settings are not part of the Meetings API.
    "tspUrlUpdate": "no read returns a user's TSP `audio_url` (kept in the `user_tsp_settings` collection)",
    # In-meeting controls act on the running meeting (recording, AI Companion, waiting room, invitations,
    # which send emails or calls); the Meetings API has no read of a live meeting's in-meeting state.
    "inMeetingControl": "no read returns a live meeting's in-meeting state (kept in the state's `live`)",
    # Regular accounts only. In-session chat: apps learn message IDs from chat webhook events; no operation
    # of the Meetings API lists or reads chat messages.
    "updateMeetingChatMessageById": "no read returns a live meeting's chat messages (kept in `live_chat_messages`)",
    "deleteMeetingChatMessageById": "no read returns a live meeting's chat messages (kept in `live_chat_messages`)",
    "deleteWebinarChatMessageById": "no read returns a live webinar's chat messages (kept in `live_chat_messages`)",
    # RTMS apps act on the running meeting, like the in-meeting controls.
    "meetingRTMSStatusUpdate": "no read returns a meeting's RTMS app status (kept in the state's `live`, `rtms`)",
    # POSTs that change nothing: the SIP URI is computed from the session's ID and passcode.
    "getSipDialingWithPasscode": "changes nothing: the SIP URI is written from the meeting and is in the answer only",
    "getWebinarSipDialingWithPasscode": "changes nothing: the SIP URI is written from the webinar and is in the answer",
}
