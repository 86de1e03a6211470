"""The curated in-meeting tools, as data in the catalogue's tool shape (see docs/architecture.md).

Each tool is a short-schema front for one `method` of the generated in-meeting controls operation
(operationId `inMeetingControl`: PATCH /accounts/{accountId}/live_meetings/{meetingId}/events for a master
account, PATCH /live_meetings/{meetingId}/events in the regular variant, `curated_tools("regular")`).
`_meta["zoom-mcp/operation"]` is that operation's block (its `arguments` lists only the curated
properties that map one to one: accountId (master only), meetingId, confirmation_token; `destructiveWhen` is
written in the curated tool's own argument names). `_meta["zoom-mcp/curated"]` says how `translate()` turns the
curated arguments into the generated tool's arguments:

    {"operationId": "inMeetingControl",
     "fixed": {"method": "recording.start"},            # set as given
     "arguments": {"mode": "params.ai_companion_mode",  # argument -> dotted target
                   "meetingId": {"target": "meetingId", "asString": true},   # the generated tool takes a string
                   "emails": {"target": "params.contacts", "wrapEach": "email"},   # list items wrapped + appended
                   "from_display_name": {"targetBy": "call_type",
                                         "targets": {"h323": "params.h323_headers.from_display_name", ...}}},
     "requiresLiveMeeting": true}                       # check_live() before sending
"""

from __future__ import annotations

import copy
from typing import Any

GENERATED_OPERATION_ID = "inMeetingControl"
GENERATED_TOOL_NAME = "meeting_live_controls"
CURATED_META = "zoom-mcp/curated"
OPERATION_META = "zoom-mcp/operation"

_OPERATION: dict[str, Any] = {
    "method": "PATCH",
    "path": "/accounts/{accountId}/live_meetings/{meetingId}/events",
    "operationId": GENERATED_OPERATION_ID,
    "toolset": "in_meeting_features",
    "rateLimit": "MEDIUM",
    "scopes": ["meeting:master"],
    "granularScopes": ["meeting:update:in_meeting_controls:master"],
    "contentType": "application/json",
}

_ACCOUNT = {"type": "string", "description": "Account ID; leave out to use the configured account."}
_MEETING = {
    "description": "The meeting ID (the number people join with) of the meeting that is in progress.",
    "anyOf": [{"type": "integer", "format": "int64"}, {"type": "string"}],
}
# The same operation for ordinary accounts (regular variant): no accountId, regular scopes.
_REGULAR_PATH = "/live_meetings/{meetingId}/events"
_REGULAR_SCOPES = ["meeting:write", "meeting:write:admin", "meeting:master"]
_REGULAR_GRANULAR_SCOPES = ["meeting:update:in_meeting_controls", "meeting:update:in_meeting_controls:admin"]
_CONFIRMATION = {
    "type": "string",
    "description": "Confirmation token returned by the server when it asked to confirm this destructive call.",
}
_MODE = {
    "type": "string",
    "enum": ["questions", "summary", "all"],
    "default": "all",
    "description": "AI Companion mode: questions (answers questions), summary (meeting summary) or all (both).",
}
_RETAIN = {
    "type": "boolean",
    "description": "Keep the meeting transcript for other AI Companion services (summary or all modes; "
    "only when the account allows it).",
}

_HOST_NOTE = "You must be the host or an alternative host."
_LIVE_NOTE = "The meeting must be in progress (live); the tool checks first and says what to do if it is not."


def _tool(
    name: str,
    title: str,
    description: str,
    properties: dict[str, Any],
    *,
    method: str,
    required: tuple[str, ...] = (),
    mapping: dict[str, Any] | None = None,
    requires_live: bool = True,
    idempotent: bool = False,
    destructive: bool = False,
    destructive_when: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    gated = destructive or bool(destructive_when)
    all_properties: dict[str, Any] = {"accountId": _ACCOUNT, "meetingId": _MEETING, **properties}
    arguments: dict[str, Any] = {
        "accountId": {"in": "path"},
        "meetingId": {"in": "path"},
    }
    if gated:
        all_properties["confirmation_token"] = _CONFIRMATION
        arguments["confirmation_token"] = {"in": "control"}
    operation: dict[str, Any] = {**copy.deepcopy(_OPERATION), "arguments": arguments}
    if destructive_when:
        operation["destructiveWhen"] = destructive_when
    return {
        "name": name,
        "title": title,
        "description": description,
        "inputSchema": {
            "type": "object",
            "properties": all_properties,
            "required": ["meetingId", *required],
            "additionalProperties": False,
        },
        "annotations": {
            "title": title,
            "readOnlyHint": False,
            "destructiveHint": destructive,
            "idempotentHint": idempotent,
            "openWorldHint": True,
        },
        "_meta": {
            OPERATION_META: operation,
            CURATED_META: {
                "operationId": GENERATED_OPERATION_ID,
                "fixed": {"method": method},
                "arguments": {
                    "accountId": "accountId",
                    "meetingId": {"target": "meetingId", "asString": True},
                    **(mapping or {}),
                }
                | ({"confirmation_token": "confirmation_token"} if gated else {}),
                "requiresLiveMeeting": requires_live,
            },
        },
    }


def _recording_tools() -> list[dict[str, Any]]:
    cloud = "Only cloud recording can be controlled (not local recording)."
    return [
        _tool(
            "live_recording_start",
            "Start recording a live meeting",
            "Start the recording: kick off (begin, turn on) cloud recording of a live Zoom meeting, "
            f"to record it to the Zoom cloud. {cloud} {_LIVE_NOTE} {_HOST_NOTE}",
            {},
            method="recording.start",
        ),
        _tool(
            "live_recording_pause",
            "Pause the recording of a live meeting",
            "Pause the recording: temporarily hold (put on hold) the cloud recording of a live Zoom meeting "
            f"while it is recording; it can be continued later. {cloud} {_LIVE_NOTE} {_HOST_NOTE}",
            {},
            method="recording.pause",
        ),
        _tool(
            "live_recording_resume",
            "Resume the paused recording of a live meeting",
            "Resume the recording: continue (unpause, restart) the cloud recording of a live Zoom meeting "
            f"after it was put on hold; works only then. {cloud} {_LIVE_NOTE} {_HOST_NOTE}",
            {},
            method="recording.resume",
        ),
        _tool(
            "live_recording_stop",
            "Stop the recording of a live meeting",
            "Stop the recording: end (finish, turn off) the cloud recording of a live Zoom meeting while it "
            f"records or is on hold; the file is then processed. {cloud} {_LIVE_NOTE} {_HOST_NOTE}",
            {},
            method="recording.stop",
        ),
    ]


def _ai_companion_tools() -> list[dict[str, Any]]:
    settings = "AI Companion must be allowed in the account's settings."
    return [
        _tool(
            "ai_companion_start",
            "Start AI Companion in a live meeting",
            "Start (turn on, enable) Zoom AI Companion in a live meeting: meeting summary, questions, or both. "
            f"{settings} {_LIVE_NOTE} {_HOST_NOTE}",
            {"mode": _MODE, "retain_meeting_transcript": _RETAIN},
            method="ai_companion.start",
            mapping={
                "mode": "params.ai_companion_mode",
                "retain_meeting_transcript": "params.retain_meeting_transcript",
            },
        ),
        _tool(
            "ai_companion_stop",
            "Stop AI Companion in a live meeting",
            "Stop (turn off) Zoom AI Companion in a live meeting, for one mode or all. With "
            "delete_meeting_assets=true (mode all only) it also deletes the meeting's AI Companion assets "
            "such as transcripts and summaries: that is destructive and asks for confirmation. "
            f"{_LIVE_NOTE} {_HOST_NOTE}",
            {
                "mode": _MODE,
                "delete_meeting_assets": {
                    "type": "boolean",
                    "default": False,
                    "description": "Also delete the meeting assets (transcripts, summaries); only with mode all. "
                    "Destructive: needs confirmation.",
                },
                "retain_meeting_transcript": _RETAIN,
            },
            method="ai_companion.stop",
            mapping={
                "mode": "params.ai_companion_mode",
                "delete_meeting_assets": "params.delete_meeting_assets",
                "retain_meeting_transcript": "params.retain_meeting_transcript",
            },
            destructive_when=[
                {
                    "when": {"delete_meeting_assets": True},
                    "reason": "Stops AI Companion and deletes the meeting assets (transcripts, summaries).",
                }
            ],
        ),
        _tool(
            "ai_companion_disable",
            "Disable AI Companion for a live meeting",
            "Disable Zoom AI Companion for the rest of a live meeting, so nobody can start it again in this "
            f"meeting. Destructive: asks for confirmation. To only pause it, use ai_companion_stop. {_LIVE_NOTE} "
            f"{_HOST_NOTE}",
            {},
            method="ai_companion.disable",
            destructive=True,
        ),
    ]


def _invite_tools() -> list[dict[str, Any]]:
    return [
        _tool(
            "live_invite_participants",
            "Invite people into a live meeting",
            "Invite someone (people, colleagues, participants) to join a live Zoom meeting: they get a "
            "Zoom invitation to join now. Give account users by email address or user ID, up to 10 in total. "
            f"{_LIVE_NOTE} {_HOST_NOTE}",
            {
                "emails": {
                    "type": "array",
                    "items": {"type": "string", "format": "email"},
                    "maxItems": 10,
                    "description": "Email addresses of users in the host's account.",
                },
                "user_ids": {
                    "type": "array",
                    "items": {"type": "string"},
                    "maxItems": 10,
                    "description": "Zoom user IDs of users in the host's account.",
                },
            },
            method="participant.invite",
            mapping={
                "emails": {"target": "params.contacts", "wrapEach": "email"},
                "user_ids": {"target": "params.contacts", "wrapEach": "id"},
            },
        ),
        _tool(
            "live_invite_by_phone",
            "Invite someone to a meeting by phone call-out",
            "Phone call-out: Zoom dials (calls, rings) a phone number and connects whoever answers to the "
            "meeting as an invited participant. Works even before the meeting is live. "
            f"{_HOST_NOTE}",
            {
                "phone_number": {
                    "type": "string",
                    "minLength": 3,
                    "description": "Number to call, with country and area code; add an extension after '-', "
                    "e.g. 6032331333-156.",
                },
                "invitee_name": {"type": "string", "description": "Name shown for the caller in the meeting."},
                "require_greeting": {
                    "type": "boolean",
                    "default": True,
                    "description": "Play a greeting before connecting.",
                },
                "require_pressing_one": {
                    "type": "boolean",
                    "default": True,
                    "description": "Ask the callee to press 1 before connecting.",
                },
            },
            method="participant.invite.callout",
            required=("phone_number",),
            mapping={
                "phone_number": "params.phone_number",
                "invitee_name": "params.invitee_name",
                "require_greeting": "params.invite_options.require_greeting",
                "require_pressing_one": "params.invite_options.require_pressing_one",
            },
            requires_live=False,
        ),
        _tool(
            "live_invite_room_system",
            "Invite a room system (H.323/SIP) to a meeting",
            "Invite a conference room system to a meeting by call-out to an H.323 or SIP device (room "
            f"connector, video conferencing endpoint). Works even before the meeting is live. {_HOST_NOTE}",
            {
                "call_type": {"type": "string", "enum": ["h323", "sip"], "description": "Protocol of the device."},
                "device_ip": {"type": "string", "minLength": 1, "description": "The device's IP address or URI."},
                "from_display_name": {"type": "string", "description": "Caller name sent in the call's header."},
                "to_display_name": {"type": "string", "description": "Name shown for the room in the meeting."},
                "sip_from_uri": {
                    "type": "string",
                    "pattern": "^sips?:",
                    "description": "SIP only: caller URI for the FROM header, starting with sip: or sips:.",
                },
            },
            method="participant.invite.room_system_callout",
            required=("call_type", "device_ip"),
            mapping={
                "call_type": "params.call_type",
                "device_ip": "params.device_ip",
                "from_display_name": {
                    "targetBy": "call_type",
                    "targets": {
                        "h323": "params.h323_headers.from_display_name",
                        "sip": "params.sip_headers.from_display_name",
                    },
                },
                "to_display_name": {
                    "targetBy": "call_type",
                    "targets": {
                        "h323": "params.h323_headers.to_display_name",
                        "sip": "params.sip_headers.to_display_name",
                    },
                },
                "sip_from_uri": {"targetBy": "call_type", "targets": {"sip": "params.sip_headers.from_uri"}},
            },
            requires_live=False,
        ),
    ]


def _waiting_room_tools() -> list[dict[str, Any]]:
    return [
        _tool(
            "live_waiting_room_message",
            "Set the waiting room message of a live meeting",
            "Send a message to the waiting room: update the title and description (text) that people in the "
            f"waiting room of a live Zoom meeting see while they wait to be admitted. {_LIVE_NOTE} {_HOST_NOTE}",
            {
                "title": {"type": "string", "minLength": 1, "description": "Title shown in the waiting room."},
                "description": {"type": "string", "minLength": 1, "description": "Text shown in the waiting room."},
            },
            method="waiting_room.update",
            mapping={"title": "params.waiting_room_title", "description": "params.waiting_room_description"},
            idempotent=True,
        )
    ]


_CURATED: list[dict[str, Any]] = [
    *_recording_tools(),
    *_ai_companion_tools(),
    *_invite_tools(),
    *_waiting_room_tools(),
]


def curated_tools(variant: str | None = None) -> list[dict[str, Any]]:
    """Every curated tool as a catalogue-shaped dict (a fresh deep copy: callers may change it), for the
    master-account variant (default, as before) or `variant="regular"` (no accountId, regular path and scopes)."""
    tools = copy.deepcopy(_CURATED)
    if variant is None:
        return tools
    return [for_variant(tool, variant) for tool in tools]


def for_variant(tool: dict[str, Any], variant: str) -> dict[str, Any]:
    """A curated tool as the `variant` ("regular" or "master") catalogue has it; `_meta` says which."""
    operation = tool["_meta"][OPERATION_META]
    operation["variant"] = variant
    if variant != "regular":
        return tool
    operation["path"] = _REGULAR_PATH
    operation["scopes"] = list(_REGULAR_SCOPES)
    operation["granularScopes"] = list(_REGULAR_GRANULAR_SCOPES)
    operation["arguments"].pop("accountId", None)
    tool["inputSchema"]["properties"].pop("accountId", None)
    tool["_meta"][CURATED_META]["arguments"].pop("accountId", None)
    return tool


def curated_tool_names() -> list[str]:
    return [tool["name"] for tool in _CURATED]


def curated_tool(name: str) -> dict[str, Any]:
    """One curated tool by name (deep copy); KeyError naming the known tools when unknown."""
    for tool in _CURATED:
        if tool["name"] == name:
            return copy.deepcopy(tool)
    raise KeyError(f"unknown curated tool {name!r}; curated tools: {', '.join(curated_tool_names())}")
