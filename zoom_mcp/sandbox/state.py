"""In-memory state of one sandbox instance: the account's users, meetings, webinars, recordings, ...

Every collection is a plain dict so handlers stay simple; `reset()` empties everything and re-seeds.
IDs are generated deterministically from counters so runs are reproducible.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

JSON = Any


@dataclass
class LiveMeeting:
    """In-meeting state of a live meeting, driven by PATCH .../live_meetings/{meetingId}/events (and, on regular
    accounts, .../live_meetings/{meetingId}/rtms_app/status for the RTMS apps)."""

    meeting_id: int
    recording: str = "stopped"  # stopped | recording | paused
    ai_companion: str = "off"  # off | on | disabled
    ai_companion_mode: str | None = None
    waiting_room_title: str | None = None
    waiting_room_description: str | None = None
    invited: list[JSON] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    rtms: dict[str, str] = field(default_factory=dict)  # RTMS app (client ID[/participant]) -> started|paused


def participant(user: JSON, join_time: str, leave_time: str, seconds: int) -> JSON:
    """One participant of a past meeting instance (a user of the account), as participant lists show it."""
    return {
        "id": user.get("id", ""),
        "user_id": user.get("id", ""),
        "name": f"{user.get('first_name', '')} {user.get('last_name', '')}".strip(),
        "user_email": user.get("email", ""),
        "join_time": join_time,
        "leave_time": leave_time,
        "duration": seconds,
        "status": "in_meeting",
    }


class SandboxState:
    """All mutable data of one sandbox. Guard multi-step changes with `lock`."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self.lock = threading.RLock()
        self._counter = 0
        self.users: dict[str, JSON] = {}
        self.meetings: dict[int, JSON] = {}
        self.past_instances: dict[int, list[JSON]] = {}
        self.past_participants: dict[str, list[JSON]] = {}
        self.meeting_registrants: dict[int, dict[str, JSON]] = {}
        self.meeting_questions: dict[int, JSON] = {}
        self.meeting_polls: dict[int, dict[str, JSON]] = {}
        self.meeting_surveys: dict[int, JSON] = {}
        self.meeting_livestreams: dict[int, JSON] = {}
        self.webinars: dict[int, JSON] = {}
        self.webinar_registrants: dict[int, dict[str, JSON]] = {}
        self.webinar_questions: dict[int, JSON] = {}
        self.webinar_panelists: dict[int, dict[str, JSON]] = {}
        self.webinar_polls: dict[int, dict[str, JSON]] = {}
        self.webinar_surveys: dict[int, JSON] = {}
        self.webinar_livestreams: dict[int, JSON] = {}
        self.recordings: dict[str, JSON] = {}  # meeting UUID -> recording object (as the API returns it)
        self.recording_trashed: dict[str, bool] = {}  # meeting UUID -> whole recording in trash
        self.file_trashed: set[str] = set()  # recording file IDs in trash
        self.file_content: dict[str, tuple[bytes, str]] = {}  # file ID -> (bytes, media type)
        self.recording_settings: dict[str, JSON] = {}
        self.recording_registrants: dict[str, dict[str, JSON]] = {}
        self.summaries: dict[str, JSON] = {}  # meeting UUID -> summary object
        self.live: dict[int, LiveMeeting] = {}
        self.collections: dict[str, dict[str, JSON]] = {}  # simple resources: tracking_fields, h323_devices, ...
        self.singletons: dict[str, JSON] = {}  # account-level objects: tsp, sip_trunk_settings, ...

    # -- identifiers -------------------------------------------------------------------------------
    def next_number(self) -> int:
        with self.lock:
            self._counter += 1
            return self._counter

    def new_meeting_id(self) -> int:
        """An 11-digit meeting number."""
        return 87000000000 + self.next_number() * 7919

    def new_id(self, prefix: str = "") -> str:
        """A Zoom-looking 22-character ID such as `z8yAAAAA8bbbQ` (deterministic)."""
        digest = hashlib.sha256(f"{prefix}{self.next_number()}".encode()).digest()
        return base64.urlsafe_b64encode(digest).decode()[:22]

    def new_uuid(self) -> str:
        """A meeting-instance UUID such as `4444AAAiAAAAAiAiAiiAii==` (base64, 24 characters)."""
        digest = hashlib.sha256(f"uuid{self.next_number()}".encode()).digest()
        return base64.b64encode(digest[:16]).decode()

    # -- lookups -----------------------------------------------------------------------------------
    def find_user(self, user_id: str) -> JSON | None:
        """Resolve `me`, a user ID or an email (case-insensitive) to a user."""
        if user_id == "me":
            return next((u for u in self.users.values() if u.get("role_name") == "Owner"), None)
        if user_id in self.users:
            return self.users[user_id]
        lowered = user_id.lower()
        return next((u for u in self.users.values() if str(u.get("email", "")).lower() == lowered), None)

    def find_meeting_by_uuid(self, uuid: str) -> tuple[int, JSON] | None:
        for meeting_id, instances in self.past_instances.items():
            if any(i.get("uuid") == uuid for i in instances):
                return meeting_id, self.meetings.get(meeting_id, {})
        for meeting_id, meeting in self.meetings.items():
            if meeting.get("uuid") == uuid:
                return meeting_id, meeting
        return None

    # -- past meeting instances ----------------------------------------------------------------------
    # The one record of the meetings that took place: `past_instances` (meeting ID -> instances, latest
    # first) and `past_participants` (instance UUID -> participants). The seed, the fixtures and ending a
    # meeting write it through `add_past_instance`; past-meeting details and participants, reports, instance
    # lists and account reports all read it (`past_instance` resolves an ID or UUID to one instance).
    def add_past_instance(
        self, meeting_id: int, uuid: str, start_time: JSON, participants: Iterable[JSON] = ()
    ) -> JSON:
        """Record that meeting `meeting_id` took place as instance `uuid` (now its latest instance), with its
        participants. An instance already recorded is kept as it is. Returns the instance."""
        with self.lock:
            instances = self.past_instances.setdefault(meeting_id, [])
            for instance in instances:
                if instance.get("uuid") == uuid:
                    return instance
            instance = {"uuid": uuid, "start_time": start_time}
            instances.insert(0, instance)
            self.past_participants.setdefault(uuid, []).extend(copy.deepcopy(list(participants)))
            return instance

    def past_instance(self, ref: str) -> tuple[JSON, JSON] | None:
        """(meeting, instance) for a meeting ID (its latest past instance) or a past instance's UUID; None when
        no meeting of the account took place under that ID or UUID."""
        if ref.isdigit():
            instances = self.past_instances.get(int(ref))
            meeting = self.meetings.get(int(ref))
            return (meeting, instances[0]) if instances and meeting else None
        for meeting_id, instances in self.past_instances.items():
            for instance in instances:
                if instance.get("uuid") == ref and meeting_id in self.meetings:
                    return self.meetings[meeting_id], instance
        return None

    def collection(self, name: str) -> dict[str, JSON]:
        return self.collections.setdefault(name, {})

    def clear(self) -> None:
        """Forget everything (used by reset before seeding again)."""
        fresh = SandboxState(self.account_id)
        for key, value in vars(fresh).items():
            if key != "lock":
                setattr(self, key, value)
