"""Add data to a sandbox beyond the seeded account (for scenarios and evaluations).

Each function takes the `Sandbox` (`RunningSandbox.sandbox` or `app.state.sandbox`) and returns the
stored object. Hosts are given as a user ID, email or `me`.
"""

from __future__ import annotations

from typing import Any

from zoom_mcp.sandbox.core import Sandbox
from zoom_mcp.sandbox.errors import user_not_found
from zoom_mcp.sandbox.seed import SUMMARY_MARKDOWN, TRANSCRIPT_VTT, build_recording, build_summary, meeting_object
from zoom_mcp.sandbox.state import LiveMeeting

JSON = Any


def add_user(
    sandbox: Sandbox,
    email: str,
    first_name: str = "",
    last_name: str = "",
    *,
    user_id: str | None = None,
    role: str = "Member",
) -> JSON:
    """Add a user (ID generated when not given) and return it."""
    state = sandbox.state
    user: dict[str, Any] = {
        "id": user_id or state.new_id("user"),
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "role_name": role,
        "type": 2,
        "status": "active",
        "timezone": "UTC",
    }
    with state.lock:
        state.users[user["id"]] = user
    return user


def _host(sandbox: Sandbox, host: str) -> JSON:
    user = sandbox.state.find_user(host)
    if user is None:
        raise user_not_found(host)
    return user


def add_meeting(
    sandbox: Sandbox,
    topic: str,
    *,
    host: str = "me",
    status: str = "waiting",
    start_time: str = "2026-02-02T15:00:00Z",
    duration: int = 60,
    meeting_id: int | None = None,
    uuid: str | None = None,
    recorded: bool = False,
    summary: bool = False,
    transcript: str = TRANSCRIPT_VTT,
    summary_markdown: str = SUMMARY_MARKDOWN,
    **fields: JSON,
) -> JSON:
    """Add a meeting. `status`: waiting (scheduled), started (live, not recording) or finished (past).

    A finished meeting gets a past instance; `recorded` adds MP4 + transcript (`transcript`, WebVTT) files,
    `summary` an AI Companion summary (`summary_markdown`)."""
    state = sandbox.state
    owner = _host(sandbox, host)
    meeting_id = meeting_id or state.new_meeting_id()
    uuid = uuid or state.new_uuid()
    meeting = meeting_object(
        sandbox.example,
        meeting_id,
        uuid,
        owner,
        topic,
        status=status,
        start_time=start_time,
        duration=duration,
        **fields,
    )
    with state.lock:
        state.meetings[meeting_id] = meeting
        if status == "started":
            state.live[meeting_id] = LiveMeeting(meeting_id=meeting_id)
        if status == "finished":
            state.add_past_instance(meeting_id, uuid, start_time)
        if recorded:
            files = [
                (state.new_id("file"), "MP4", "MP4", "shared_screen_with_speaker_view", 24_000_000),
                (state.new_id("file"), "TRANSCRIPT", "VTT", "audio_transcript", len(transcript)),
            ]
            state.recordings[uuid] = build_recording(sandbox.example, meeting, uuid, files)
            state.recording_trashed[uuid] = False
            state.file_content[files[0][0]] = (b"\x00\x00\x00\x18ftypmp42sandbox-video", "video/mp4")
            state.file_content[files[1][0]] = (transcript.encode(), "text/vtt")
        if summary:
            state.summaries[uuid] = build_summary(sandbox.example, meeting, uuid, summary_markdown)
    return meeting


def add_webinar(
    sandbox: Sandbox,
    topic: str,
    *,
    host: str = "me",
    start_time: str = "2026-03-03T17:00:00Z",
    duration: int = 60,
    webinar_id: int | None = None,
    status: str = "waiting",
    **fields: JSON,
) -> JSON:
    """Add a webinar and return it. `status`: waiting (scheduled) or started (live: chat, join tokens)."""
    state = sandbox.state
    owner = _host(sandbox, host)
    webinar = sandbox.example("webinar")
    webinar.pop("occurrences", None)
    webinar.pop("recurrence", None)
    webinar_id = webinar_id or 94000000000 + state.next_number() * 7919
    webinar.update(
        id=webinar_id,
        uuid=state.new_uuid(),
        host_id=owner["id"],
        host_email=owner["email"],
        topic=topic,
        type=5,
        start_time=start_time,
        duration=duration,
        timezone="UTC",
        join_url=f"https://sandbox.zoom.example/w/{webinar_id}",
    )
    if status != "waiting":
        webinar["status"] = status
    webinar.update(fields)
    with state.lock:
        state.webinars[webinar_id] = webinar
    return webinar


def generate_meetings(
    sandbox: Sandbox, count: int, *, host: str = "me", topic: str = "Generated meeting", status: str = "waiting"
) -> list[JSON]:
    """Add `count` meetings (for paging and search scenarios), one day apart."""
    return [
        add_meeting(
            sandbox,
            f"{topic} {i + 1}",
            host=host,
            status=status,
            start_time=f"2026-04-{1 + i % 28:02d}T{9 + (i // 28) % 9:02d}:00:00Z",
        )
        for i in range(count)
    ]
