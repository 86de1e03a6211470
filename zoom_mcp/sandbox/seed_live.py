"""The seeded account's live sessions beyond the live meeting itself: a webinar in progress and the in-session
chat messages of both (re-exported by `zoom_mcp.sandbox.seed`).

Chat messages live in the `live_chat_messages` collection, keyed by `chat_key("meeting"|"webinar", id)`, each
a dict of message ID -> message. Zoom's Meetings API has no read of them (apps learn message IDs from chat
webhook events); the regular-only edit and delete operations change them (`handlers/live_chat.py`).
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.state import SandboxState

JSON = Any
LIVE_CHAT = "live_chat_messages"

LIVE_WEBINAR_ID = 94512345003
LIVE_WEBINAR_UUID = "L1veWeB1narUU1DAAAAAAw=="
LIVE_CHAT_MESSAGE_IDS = ("7f3b2c1a-0d4e-4f5a-8b6c-9d0e1f2a3b4c", "8a4c3d2b-1e5f-4a6b-9c7d-0e1f2a3b4c5d")
LIVE_CHAT_FILE_ID = "cHaTf1le0QxOaVZ2mUu5i7"  # attached to the second message of the live meeting
LIVE_WEBINAR_CHAT_MESSAGE_ID = "9b5d4e3c-2f6a-4b7c-8d8e-1f2a3b4c5d6e"


def chat_key(kind: str, session_id: int) -> str:
    """The `live_chat_messages` key of a meeting's or webinar's chat."""
    return f"{kind}:{session_id}"


def _message(message_id: str, sender: JSON, when: str, text: str, files: list[JSON] | None = None) -> JSON:
    return {
        "id": message_id,
        "sender_name": f"{sender['first_name']} {sender['last_name']}",
        "sender_email": sender["email"],
        "date_time": when,
        "message_content": text,
        "files": files or [],
    }


def seed_live(state: SandboxState, scheduled_webinar: JSON, live_meeting_id: int) -> None:
    """A webinar in progress (hosted by the owner) and the chat of it and of the live meeting."""
    owner = next(u for u in state.users.values() if u.get("role_name") == "Owner")
    alice = next(u for u in state.users.values() if u["email"].startswith("alice@"))
    webinar = copy.deepcopy(scheduled_webinar)
    webinar.update(
        id=LIVE_WEBINAR_ID,
        uuid=LIVE_WEBINAR_UUID,
        topic="Live customer Q&A",
        start_time="2026-01-15T17:00:00Z",
        duration=60,
        status="started",
        join_url=f"https://sandbox.zoom.example/w/{LIVE_WEBINAR_ID}",
    )
    state.webinars[LIVE_WEBINAR_ID] = webinar
    attachment = {"file_id": LIVE_CHAT_FILE_ID, "file_name": "escalation-notes.pdf", "file_size": 48213}
    state.collection(LIVE_CHAT)[chat_key("meeting", live_meeting_id)] = {
        LIVE_CHAT_MESSAGE_IDS[0]: _message(
            LIVE_CHAT_MESSAGE_IDS[0], owner, "2026-01-15T09:02:00Z", "Thanks for joining, let's go through the ticket."
        ),
        LIVE_CHAT_MESSAGE_IDS[1]: _message(
            LIVE_CHAT_MESSAGE_IDS[1], alice, "2026-01-15T09:04:30Z", "Notes attached.", [attachment]
        ),
    }
    state.collection(LIVE_CHAT)[chat_key("webinar", LIVE_WEBINAR_ID)] = {
        LIVE_WEBINAR_CHAT_MESSAGE_ID: _message(
            LIVE_WEBINAR_CHAT_MESSAGE_ID, owner, "2026-01-15T17:01:00Z", "Welcome! Questions go in the Q&A panel."
        ),
    }
