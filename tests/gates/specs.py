"""Plain tools.json tool entries (the format of docs/architecture.md) used by the gate tests."""

from __future__ import annotations

from typing import Any

ACCOUNT = {"accountId": {"in": "path", "name": "accountId"}}


def tool(
    name: str,
    title: str,
    method: str,
    path: str,
    *,
    toolset: str,
    arguments: dict[str, Any],
    read_only: bool = False,
    destructive: bool = False,
    danger: str = "normal",
    destructive_when: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    properties: dict[str, Any] = {name: {"type": "string"} for name in arguments}
    return {
        "name": name,
        "title": title,
        "description": title,
        "inputSchema": {"type": "object", "properties": properties, "additionalProperties": True},
        "annotations": {
            "title": title,
            "readOnlyHint": read_only,
            "destructiveHint": destructive,
            "idempotentHint": read_only,
            "openWorldHint": True,
        },
        "_meta": {
            "zoom-mcp/operation": {
                "method": method,
                "path": path,
                "operationId": name,
                "toolset": toolset,
                "arguments": {**ACCOUNT, **arguments},
                "destructiveWhen": destructive_when or [],
                "danger": danger,
            }
        },
    }


MEETINGS_LIST = tool(
    "meetings_list",
    "List meetings",
    "GET",
    "/accounts/{accountId}/users/{userId}/meetings",
    toolset="meetings",
    arguments={"userId": {"in": "path", "name": "userId"}},
    read_only=True,
)
MEETING_CREATE = tool(
    "meeting_create",
    "Create a meeting",
    "POST",
    "/accounts/{accountId}/users/{userId}/meetings",
    toolset="meetings",
    arguments={"userId": {"in": "path", "name": "userId"}, "topic": {"in": "body", "name": "topic"}},
)
MEETING_DELETE = tool(
    "meeting_delete",
    "Delete a meeting",
    "DELETE",
    "/accounts/{accountId}/meetings/{meetingId}",
    toolset="meetings",
    arguments={"meetingId": {"in": "path", "name": "meetingId"}},
    destructive=True,
)
MEETING_STATUS = tool(
    "meeting_status_update",
    "Update a meeting's status",
    "PUT",
    "/accounts/{accountId}/meetings/{meetingId}/status",
    toolset="meetings",
    arguments={"meetingId": {"in": "path", "name": "meetingId"}, "action": {"in": "body", "name": "action"}},
    destructive_when=[{"when": {"action": "end"}, "reason": "action=end ends the live meeting for everyone."}],
)
RECORDINGS_DELETE = tool(
    "recordings_delete",
    "Delete a meeting's recordings",
    "DELETE",
    "/accounts/{accountId}/meetings/{meetingId}/recordings",
    toolset="cloud_recording",
    arguments={"meetingId": {"in": "path", "name": "meetingId"}, "action": {"in": "query", "name": "action"}},
    destructive=True,
    danger="high",
    destructive_when=[{"when": {"action": "delete"}, "reason": "action=delete deletes permanently."}],
)
IN_MEETING_CONTROL = tool(
    "meeting_live_events_update",
    "Control a live meeting",
    "PATCH",
    "/accounts/{accountId}/live_meetings/{meetingId}/events",
    toolset="in_meeting_features",
    arguments={
        "meetingId": {"in": "path", "name": "meetingId"},
        "method": {"in": "body", "name": "method"},
        "params": {"in": "body", "name": "params"},
    },
    destructive_when=[
        {"when": {"method": "ai_companion.disable"}, "reason": "turns AI Companion off"},
        {"when": {"method": "ai_companion.stop", "params.delete_meeting_assets": True}, "reason": "deletes assets"},
    ],
)
REGISTRANT_STATUS = tool(
    "meeting_registrants_status_update",
    "Update registrants' status",
    "PUT",
    "/accounts/{accountId}/meetings/{meetingId}/registrants/status",
    toolset="invitation_registration",
    arguments={"meetingId": {"in": "path", "name": "meetingId"}, "action": {"in": "body", "name": "action"}},
    destructive_when=[{"when": {"action": ["deny", "cancel"]}, "reason": "denies or cancels registrations"}],
)
SIP_NUMBERS_DELETE = tool(
    "sip_trunk_numbers_delete_all",
    "Delete all SIP numbers",
    "DELETE",
    "/accounts/{accountId}/sip_trunk/numbers",
    toolset="sip_connected_audio",
    arguments={},
    destructive=True,
    danger="high",
)

ALL_TOOLS = [
    MEETINGS_LIST,
    MEETING_CREATE,
    MEETING_DELETE,
    MEETING_STATUS,
    RECORDINGS_DELETE,
    IN_MEETING_CONTROL,
    REGISTRANT_STATUS,
    SIP_NUMBERS_DELETE,
]
BY_NAME = {t["name"]: t for t in ALL_TOOLS}
