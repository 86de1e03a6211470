"""In-session chat of live meetings and webinars (regular accounts): edit or delete one message.

Messages are kept in the `live_chat_messages` collection (`seed_live.chat_key(kind, id)` -> message ID ->
message; the seed gives the live meeting and the live webinar a few). Zoom's Meetings API has no read of chat
messages (apps learn the IDs from chat webhook events), so these writes are listed in
`write_effects.WRITES_WITHOUT_READABLE_EFFECT`; the request log is the evidence and `GET /_sandbox/state`
shows the changed messages.

The session must be live (`live_sessions.live_session`). A message ID the chat does not hold is 404 code
404, and a `file_ids` value naming a file not attached to the message is 400 code 300 (Zoom documents 404
and 400 for these operations but no codes: both inferred).
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.errors import ZoomStyleError, bad_request
from zoom_mcp.sandbox.handlers.base import Ctx, Reply, handles
from zoom_mcp.sandbox.handlers.live_sessions import live_session
from zoom_mcp.sandbox.seed_live import LIVE_CHAT, chat_key

JSON = Any


def _chat(ctx: Ctx, purpose: str) -> tuple[dict[str, JSON], str]:
    """(the live session's chat messages, the message ID in the path), once the message is known."""
    session = live_session(ctx, purpose)
    messages = ctx.state.collection(LIVE_CHAT).setdefault(chat_key(session.kind, session.id), {})
    message_id = ctx.path["messageId"]
    if message_id not in messages:  # 404 as documented; the code is inferred
        raise ZoomStyleError(404, 404, f"Chat message {message_id} does not exist in {session.kind} {session.id}.")
    return messages, message_id


@handles("updateMeetingChatMessageById")
def edit_message(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        messages, message_id = _chat(ctx, "editing a chat message")
        messages[message_id]["message_content"] = str(ctx.body_dict().get("message_content", ""))
    return Reply(ctx.op.success_status)


@handles("deleteMeetingChatMessageById", "deleteWebinarChatMessageById")
def delete_message(ctx: Ctx) -> Reply:
    with ctx.state.lock:
        messages, message_id = _chat(ctx, "deleting a chat message")
        attached = {str(f.get("file_id")) for f in messages[message_id].get("files") or []}
        named = [f.strip() for f in str(ctx.query.get("file_ids") or "").split(",") if f.strip()]
        stray = [f for f in named if f not in attached]
        if stray:  # 400 as documented; the code is inferred
            raise bad_request(
                300,
                f"File {', '.join(stray)} is not attached to chat message {message_id}; leave out file_ids "
                "or name only the message's own files.",
            )
        del messages[message_id]  # the message goes, with its attached files
    return Reply(ctx.op.success_status)
