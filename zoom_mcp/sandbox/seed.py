"""The deterministic seeded account of the sandbox and the IDs tests and agents can rely on.

Resources are built on the spec's own examples (so every answer keeps the documented shape) with the
seeded values laid over them.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.seed_live import (
    LIVE_CHAT_FILE_ID,
    LIVE_CHAT_MESSAGE_IDS,
    LIVE_WEBINAR_CHAT_MESSAGE_ID,
    LIVE_WEBINAR_ID,
    LIVE_WEBINAR_UUID,
    seed_live,
)
from zoom_mcp.sandbox.seed_resources import (
    ARCHIVE_FILE_ID,
    BILLING_REPORT_ID,
    MEETING_TEMPLATE_ID,
    RECORDING_REGISTRANT_ID,
    WEBINAR_BACKGROUND_ID,
    WEBINAR_NAME_TAG_ID,
    WEBINAR_TEMPLATE_ID,
    WEBINAR_WALLPAPER_ID,
    Example,
    example_object,
    seed_account_extras,
    seed_meeting_extras,
    seed_recording_extras,
    seed_report_answers,
    seed_templates,
    seed_webinar_extras,
)
from zoom_mcp.sandbox.state import LiveMeeting, SandboxState, participant

JSON = Any
ROOT_MARKER = "{sandbox_root}"  # replaced by the sandbox's own http://127.0.0.1:P in every answer

OWNER_ID = "KDcuGIm1QgePTO8WbOqwIQ"
OWNER_EMAIL = "owner@sandbox.example.com"
ALICE_ID = "z8yBXksmRlOBYu5lj9v8wA"
ALICE_EMAIL = "alice@sandbox.example.com"
BOB_ID = "q3NcJ0cuT5eYwjT3Ri2TLg"
BOB_EMAIL = "bob@sandbox.example.com"

SCHEDULED_MEETING_ID = 85746065001
RECURRING_MEETING_ID = 85746065002
RECURRING_OCCURRENCE_IDS = ("1799404200000", "1800009000000", "1800613800000")
LIVE_MEETING_ID = 85746065003
RECORDED_MEETING_ID = 85746065004
RECORDED_MEETING_UUID = "4444AAAiAAAAAiAiAiiAii=="
PAST_MEETING_ID = 85746065005
SLASH_MEETING_UUID = "/ajXp112QmuoKj4854875=="  # starts with '/': must be double-encoded
DOUBLE_SLASH_MEETING_UUID = "Rk9//ZmG3QXS2ktSYeWxuA=="  # contains '//': must be double-encoded
NO_SUMMARY_MEETING_ID = 85746065006
NO_SUMMARY_MEETING_UUID = "Nq7pWxY2TCyDkQ3FmZr8Vg=="  # recorded, summary still processing

MEETING_REGISTRANT_APPROVED_ID = "9tboDiHUQAeOnbmudzWa5g"
MEETING_REGISTRANT_PENDING_IDS = ("wfZ1U6WpQ0q2N3m9J3k0xA", "a4U2kqKXRyOtB5zSm7bQeQ")
MEETING_POLL_ID = "QalIoKWLTJehBJ8e1xRrbQ"

WEBINAR_ID = 94512345001
WEBINAR_REGISTRANT_APPROVED_ID = "Uo2C3R3WQ0ywUFMaR2BkZw"
WEBINAR_REGISTRANT_PENDING_IDS = ("Ke3PjhDWRvGZdW9vG2f9bQ", "Lm8ZtD3nQWa1yG9mS0cRrw")
WEBINAR_PANELIST_ID = "sI2rM1S0QqGk6yCjkEXHvA"
WEBINAR_POLL_ID = "Wp7G0n5VT8mI9b8GmM4kPw"
PAST_WEBINAR_ID = 94512345002
PAST_WEBINAR_UUID = "PaStWeB1narUU1DAAAAAAw=="  # held on 2026-01-14: 3 approved registrants, 2 attended
PAST_WEBINAR_ABSENT_EMAIL = "ken@example.org"

RECORDING_MP4_FILE_ID = "a2f19f96-9294-4f51-8134-6f0eea108eb2"
RECORDING_TRANSCRIPT_FILE_ID = "b7c5d1e0-3c2d-4f6e-9a1b-2c3d4e5f6a7b"
RECORDING_CC_FILE_ID = "c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f"

TRACKING_FIELD_ID = "a32CJji-weJ92"
H323_DEVICE_ID = "d7e8f9a0b1c2"
SIP_PHONE_ID = "123456789"
SIP_TRUNK_ID = "3d6f6ebd6f0b4b1d8b8c"
INTERNAL_NUMBER_ID = "Ek6vZQ8mQhqjqWb4fGlWcg"
CALLOUT_COUNTRY_ID = "US"
TSP_ID = "1"

TRANSCRIPT_VTT = """WEBVTT

1
00:00:01.000 --> 00:00:05.000
Olivia Owner: Good morning everyone, let's start the quarterly planning review.

2
00:00:05.500 --> 00:00:11.000
Alice Analyst: Thanks. The Q3 numbers are in: revenue is up twelve percent.

3
00:00:11.500 --> 00:00:16.000
Bob Builder: The mobile release slipped one week because of the payment bug.

4
00:00:16.500 --> 00:00:22.000
Olivia Owner: Alice, please send the report by Friday. Bob, plan the fix for Monday.

5
00:00:22.500 --> 00:00:25.000
Alice Analyst: Will do.
"""

SUMMARY_MARKDOWN = """## Quarterly planning review

### Key points
- Q3 revenue is up twelve percent (Alice).
- The mobile release slipped one week because of the payment bug (Bob).

### Next steps
- Alice sends the Q3 report by Friday.
- Bob plans the payment bug fix for Monday.
"""

__all__ = [  # the IDs defined in seed_resources and seed_live, re-exported for `${seed.NAME}` references
    "ARCHIVE_FILE_ID",
    "BILLING_REPORT_ID",
    "LIVE_CHAT_FILE_ID",
    "LIVE_CHAT_MESSAGE_IDS",
    "LIVE_WEBINAR_CHAT_MESSAGE_ID",
    "LIVE_WEBINAR_ID",
    "LIVE_WEBINAR_UUID",
    "MEETING_TEMPLATE_ID",
    "RECORDING_REGISTRANT_ID",
    "WEBINAR_BACKGROUND_ID",
    "WEBINAR_NAME_TAG_ID",
    "WEBINAR_TEMPLATE_ID",
    "WEBINAR_WALLPAPER_ID",
]


def meeting_object(example: Example, meeting_id: int, uuid: str, host: JSON, topic: str, **fields: JSON) -> JSON:
    """A stored meeting shaped like the GET meeting example."""
    meeting = example_object(example, "meeting")
    meeting.update(
        id=meeting_id,
        uuid=uuid,
        host_id=host["id"],
        host_email=host["email"],
        topic=topic,
        type=2,
        status="waiting",
        start_time="2027-01-20T15:00:00Z",
        duration=60,
        timezone="UTC",
        agenda=topic,
        created_at="2026-01-05T09:00:00Z",
        join_url=f"https://sandbox.zoom.example/j/{meeting_id}",
        start_url=f"https://sandbox.zoom.example/s/{meeting_id}",
        password="Sandbox1",
    )
    meeting["registration_url"] = f"https://sandbox.zoom.example/meeting/register/{meeting_id}"
    for example_only in ("occurrences", "recurrence", "tracking_fields", "template_id", "assistant_id"):
        meeting.pop(example_only, None)
    meeting.update(fields)
    return meeting


def _user(user_id: str, email: str, first: str, last: str, role: str) -> JSON:
    return {
        "id": user_id,
        "email": email,
        "first_name": first,
        "last_name": last,
        "role_name": role,
        "type": 2,
        "status": "active",
        "timezone": "UTC",
        "pmi": 5550000000 + len(first),
    }


def _registrant(example: Example, op: str, reg_id: str, email: str, first: str, last: str, status: str) -> JSON:
    reg = example_object(example, op)
    reg.update(
        id=reg_id,
        email=email,
        first_name=first,
        last_name=last,
        status=status,
        create_time="2026-01-06T10:00:00Z",
        join_url="https://sandbox.zoom.example/w/" + reg_id,
    )
    return reg


def build_recording(example: Example, meeting: JSON, uuid: str, files: list[tuple[str, str, str, str, int]]) -> JSON:
    """The cloud recording of the meeting instance `uuid`, made when the meeting started (25 minutes long)."""
    rec = example_object(example, "recordingGet")
    started = str(meeting.get("start_time") or "2026-01-10T15:00:00Z")
    day, hour = started[:10], started[11:13]
    rec.pop("download_access_token", None)
    rec.pop("participant_audio_files", None)
    file_template = (rec.get("recording_files") or [{}])[0]
    rec.update(
        account_id="sandbox-account",
        id=meeting["id"],
        uuid=uuid,
        host_id=meeting["host_id"],
        topic=meeting["topic"],
        start_time=started,
        duration=25,
        type="2",
        recording_count=len(files),
        total_size=sum(f[4] for f in files),
    )
    rec["recording_files"] = []
    for file_id, file_type, extension, recording_type, size in files:
        item = copy.deepcopy(file_template)
        item.pop("deleted_time", None)
        item.pop("file_path", None)
        item.update(
            id=file_id,
            meeting_id=uuid,
            file_type=file_type,
            file_extension=extension,
            recording_type=recording_type,
            file_size=size,
            status="completed",
            recording_start=f"{day}T{hour}:00:05Z",
            recording_end=f"{day}T{hour}:25:00Z",
            download_url=f"{ROOT_MARKER}/rec/download/{file_id}",
            play_url=f"{ROOT_MARKER}/rec/play/{file_id}",
        )
        rec["recording_files"].append(item)
    return rec


def build_summary(example: Example, meeting: JSON, uuid: str, markdown: str) -> JSON:
    """A meeting summary shaped like the spec's example, for the meeting instance `uuid`."""
    summary = example_object(example, "Getameetingsummary")
    summary.update(
        meeting_id=meeting["id"],
        meeting_uuid=uuid,
        meeting_topic=meeting["topic"],
        meeting_host_id=meeting["host_id"],
        meeting_host_email=meeting["host_email"],
        meeting_start_time=meeting["start_time"],
        summary_content=markdown,
        summary_title=meeting["topic"],
    )
    return summary


def seed(state: SandboxState, example: Example) -> None:
    """Fill `state` with the seeded account. `example(operationId)` gives the spec's 2xx examples."""
    owner = _user(OWNER_ID, OWNER_EMAIL, "Olivia", "Owner", "Owner")
    alice = _user(ALICE_ID, ALICE_EMAIL, "Alice", "Analyst", "Member")
    bob = _user(BOB_ID, BOB_EMAIL, "Bob", "Builder", "Member")
    state.users = {u["id"]: u for u in (owner, alice, bob)}

    scheduled = meeting_object(example, SCHEDULED_MEETING_ID, "hPzYGT1mQoqsL3nC6w5x4Q==", owner, "Product sync")
    scheduled["settings"] = dict(scheduled.get("settings") or {}, approval_type=1)
    scheduled["tracking_fields"] = [{"field": "Department", "value": "Sales", "visible": True}]
    occurrences = [
        {"occurrence_id": oid, "start_time": start, "duration": 45, "status": "available"}
        for oid, start in zip(
            RECURRING_OCCURRENCE_IDS,
            ("2027-01-08T10:30:00Z", "2027-01-15T10:30:00Z", "2027-01-22T10:30:00Z"),
            strict=True,
        )
    ]
    recurring = meeting_object(
        example,
        RECURRING_MEETING_ID,
        "rEcUr1ngMeet1ngUU1Dzz==",
        owner,
        "Weekly team standup",
        type=8,
        duration=45,
        start_time="2027-01-08T10:30:00Z",
        occurrences=occurrences,
        recurrence={"type": 2, "repeat_interval": 1, "weekly_days": "6", "end_times": 3},
    )
    live = meeting_object(
        example,
        LIVE_MEETING_ID,
        "L1veMeet1ngUU1DAAAAAAw==",
        owner,
        "Customer escalation call",
        status="started",
        start_time="2026-01-15T09:00:00Z",
    )
    recorded = meeting_object(
        example,
        RECORDED_MEETING_ID,
        RECORDED_MEETING_UUID,
        owner,
        "Quarterly planning review",
        status="finished",
        start_time="2026-01-10T15:00:00Z",
    )
    past = meeting_object(
        example,
        PAST_MEETING_ID,
        SLASH_MEETING_UUID,
        alice,
        "Design critique",
        status="finished",
        start_time="2026-01-08T13:00:00Z",
    )
    no_summary = meeting_object(
        example,
        NO_SUMMARY_MEETING_ID,
        NO_SUMMARY_MEETING_UUID,
        bob,
        "Sprint retro",
        status="finished",
        start_time="2026-01-12T16:00:00Z",
    )
    state.meetings = {m["id"]: m for m in (scheduled, recurring, live, recorded, past, no_summary)}
    state.live = {LIVE_MEETING_ID: LiveMeeting(meeting_id=LIVE_MEETING_ID)}
    people = [(owner, "10:00:05", "10:25:00"), (alice, "10:01:10", "10:25:00"), (bob, "10:03:40", "10:20:15")]
    attended = [
        participant(user, f"2026-01-10T{join}Z", f"2026-01-10T{leave}Z", (int(leave[3:5]) - int(join[3:5])) * 60)
        for user, join, leave in people
    ]
    for meeting_id, uuid, start, participants in (  # oldest first: each one added becomes the latest instance
        (PAST_MEETING_ID, DOUBLE_SLASH_MEETING_UUID, "2026-01-01T13:00:00Z", []),
        (PAST_MEETING_ID, SLASH_MEETING_UUID, "2026-01-08T13:00:00Z", []),
        (RECORDED_MEETING_ID, RECORDED_MEETING_UUID, "2026-01-10T15:00:00Z", attended),
        (NO_SUMMARY_MEETING_ID, NO_SUMMARY_MEETING_UUID, "2026-01-12T16:00:00Z", []),
    ):
        state.add_past_instance(meeting_id, uuid, start, participants)

    state.meeting_registrants[SCHEDULED_MEETING_ID] = {
        MEETING_REGISTRANT_APPROVED_ID: _registrant(
            example,
            "meetingRegistrantGet",
            MEETING_REGISTRANT_APPROVED_ID,
            "carol@example.org",
            "Carol",
            "Client",
            "approved",
        ),
        MEETING_REGISTRANT_PENDING_IDS[0]: _registrant(
            example,
            "meetingRegistrantGet",
            MEETING_REGISTRANT_PENDING_IDS[0],
            "dave@example.org",
            "Dave",
            "Dealer",
            "pending",
        ),
        MEETING_REGISTRANT_PENDING_IDS[1]: _registrant(
            example,
            "meetingRegistrantGet",
            MEETING_REGISTRANT_PENDING_IDS[1],
            "erin@example.org",
            "Erin",
            "Engineer",
            "pending",
        ),
    }
    poll = example_object(example, "meetingPollGet")
    poll.update(id=MEETING_POLL_ID, title="How useful was this sync?", status="notstart")
    state.meeting_polls[SCHEDULED_MEETING_ID] = {MEETING_POLL_ID: poll}

    webinar = example_object(example, "webinar")
    webinar.pop("occurrences", None)
    webinar.pop("recurrence", None)
    webinar.update(
        id=WEBINAR_ID,
        uuid="WeB1narUU1DAAAAAAAAAAw==",
        host_id=OWNER_ID,
        host_email=OWNER_EMAIL,
        topic="Launch webinar: what's new in 2026",
        type=5,
        start_time="2027-02-03T17:00:00Z",
        duration=90,
        timezone="UTC",
        join_url=f"https://sandbox.zoom.example/w/{WEBINAR_ID}",
    )
    webinar["settings"] = dict(webinar.get("settings") or {}, approval_type=1)
    state.webinars = {WEBINAR_ID: webinar}
    state.webinar_registrants[WEBINAR_ID] = {
        WEBINAR_REGISTRANT_APPROVED_ID: _registrant(
            example,
            "webinarRegistrantGet",
            WEBINAR_REGISTRANT_APPROVED_ID,
            "frank@example.org",
            "Frank",
            "Fan",
            "approved",
        ),
        WEBINAR_REGISTRANT_PENDING_IDS[0]: _registrant(
            example,
            "webinarRegistrantGet",
            WEBINAR_REGISTRANT_PENDING_IDS[0],
            "grace@example.org",
            "Grace",
            "Guest",
            "pending",
        ),
        WEBINAR_REGISTRANT_PENDING_IDS[1]: _registrant(
            example,
            "webinarRegistrantGet",
            WEBINAR_REGISTRANT_PENDING_IDS[1],
            "heidi@example.org",
            "Heidi",
            "Host",
            "pending",
        ),
    }
    state.webinar_panelists[WEBINAR_ID] = {
        WEBINAR_PANELIST_ID: {
            "id": WEBINAR_PANELIST_ID,
            "email": ALICE_EMAIL,
            "name": "Alice Analyst",
            "join_url": f"https://sandbox.zoom.example/w/{WEBINAR_ID}?tk=panelist",
        },
    }
    webinar_poll = example_object(example, "webinarPollGet")
    webinar_poll.update(id=WEBINAR_POLL_ID, title="Which feature do you want next?", status="notstart")
    state.webinar_polls[WEBINAR_ID] = {WEBINAR_POLL_ID: webinar_poll}
    _seed_past_webinar(state, example, webinar)
    seed_live(state, webinar, LIVE_MEETING_ID)

    files = [
        (RECORDING_MP4_FILE_ID, "MP4", "MP4", "shared_screen_with_speaker_view", 48_000_000),
        (RECORDING_TRANSCRIPT_FILE_ID, "TRANSCRIPT", "VTT", "audio_transcript", len(TRANSCRIPT_VTT)),
        (RECORDING_CC_FILE_ID, "CC", "VTT", "closed_caption", len(TRANSCRIPT_VTT)),
    ]
    state.recordings[RECORDED_MEETING_UUID] = build_recording(example, recorded, RECORDED_MEETING_UUID, files)
    slash_files = [
        (state.new_id("f"), "MP4", "MP4", "active_speaker", 12_000_000),
        (state.new_id("f"), "TRANSCRIPT", "VTT", "audio_transcript", len(TRANSCRIPT_VTT)),
    ]
    state.recordings[SLASH_MEETING_UUID] = build_recording(example, past, SLASH_MEETING_UUID, slash_files)
    retro_files = [(state.new_id("f"), "MP4", "MP4", "gallery_view", 9_000_000)]
    state.recordings[NO_SUMMARY_MEETING_UUID] = build_recording(
        example, no_summary, NO_SUMMARY_MEETING_UUID, retro_files
    )
    for rec in state.recordings.values():
        state.recording_trashed[rec["uuid"]] = False
        for item in rec["recording_files"]:
            if item["file_type"] in ("TRANSCRIPT", "CC"):
                state.file_content[item["id"]] = (TRANSCRIPT_VTT.encode(), "text/vtt")
            else:
                state.file_content[item["id"]] = (b"\x00\x00\x00\x18ftypmp42sandbox-video", "video/mp4")

    for uuid, meeting in ((RECORDED_MEETING_UUID, recorded), (SLASH_MEETING_UUID, past)):
        state.summaries[uuid] = build_summary(example, meeting, uuid, SUMMARY_MARKDOWN)

    seed_templates(state, example, OWNER_ID, scheduled, webinar)
    seed_meeting_extras(state, example, SCHEDULED_MEETING_ID)
    seed_webinar_extras(state, example, WEBINAR_ID)
    seed_recording_extras(state, example, state.recordings[RECORDED_MEETING_UUID])
    seed_account_extras(state, example, OWNER_ID)

    field_ = {
        "id": TRACKING_FIELD_ID,
        "field": "Department",
        "required": False,
        "visible": True,
        "recommended_values": ["Sales", "Engineering", "Support"],
    }
    state.collection("tracking_fields")[TRACKING_FIELD_ID] = field_
    state.collection("h323_devices")[H323_DEVICE_ID] = {
        "id": H323_DEVICE_ID,
        "name": "Boardroom codec",
        "protocol": "H.323",
        "ip": "10.0.0.20",
        "encryption": "auto",
    }
    state.collection("sip_phones")[SIP_PHONE_ID] = {
        "phone_id": SIP_PHONE_ID,
        "user_email": ALICE_EMAIL,
        "user_name": "alice",
        "domain": "sip.sandbox.example.com",
    }
    state.collection("sip_trunks")[SIP_TRUNK_ID] = {
        "id": SIP_TRUNK_ID,
        "name": "Primary trunk",
        "number_prefix": "0",
        "dnis": "90001258",
        "outbound_caller_id": "1",
        "sip_server_address": "sip.sandbox.example.com",
    }
    state.collection("internal_numbers")[INTERNAL_NUMBER_ID] = {
        "id": INTERNAL_NUMBER_ID,
        "number": "+12025550100",
        "country": "US",
    }
    state.collection("callout_countries")[CALLOUT_COUNTRY_ID] = {
        "id": CALLOUT_COUNTRY_ID,
        "name": "United States",
        "code": "1",
    }
    state.collection("user_tsp")[f"{OWNER_ID}:{TSP_ID}"] = {
        "id": TSP_ID,
        "conference_code": "4455667788",
        "leader_pin": "1234",
        "tsp_bridge": "US_TSP_TB",
    }


def _seed_past_webinar(state: SandboxState, example: Example, scheduled: JSON) -> None:
    """A webinar held on 2026-01-14: three approved registrants, two of whom attended (the third is absent)."""
    webinar = copy.deepcopy(scheduled)
    webinar.update(
        id=PAST_WEBINAR_ID,
        uuid=PAST_WEBINAR_UUID,
        topic="Product tour (January)",
        start_time="2026-01-14T17:00:00Z",
        duration=60,
        status="finished",
        join_url=f"https://sandbox.zoom.example/w/{PAST_WEBINAR_ID}",
    )
    webinar["settings"] = dict(webinar.get("settings") or {}, approval_type=0)
    state.webinars[PAST_WEBINAR_ID] = webinar
    people = [("ivan@example.org", "Ivan", "Insight"), ("judy@example.org", "Judy", "Jones")]
    people.append((PAST_WEBINAR_ABSENT_EMAIL, "Ken", "Keen"))
    registrants = {}
    for email, first, last in people:
        registrant_id = state.new_id("registrant")
        registrants[registrant_id] = _registrant(
            example, "webinarRegistrantGet", registrant_id, email, first, last, "approved"
        )
    state.webinar_registrants[PAST_WEBINAR_ID] = registrants
    state.collection("past_webinar_instances")[str(PAST_WEBINAR_ID)] = [
        {"uuid": PAST_WEBINAR_UUID, "start_time": "2026-01-14T17:00:00Z"}
    ]
    state.past_participants[PAST_WEBINAR_UUID] = [
        {
            "id": f"p{index}",
            "name": f"{first} {last}",
            "user_email": email,
            "join_time": "2026-01-14T17:0" + str(index) + ":00Z",
            "leave_time": "2026-01-14T17:55:00Z",
            "duration": (55 - index) * 60,
            "status": "in_meeting",
        }
        for index, (email, first, last) in enumerate(people[:2], start=1)
    ]
    seed_report_answers(state, example, PAST_WEBINAR_UUID, "webinar")
