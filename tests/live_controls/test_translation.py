"""translate(): curated arguments -> the generated in-meeting controls tool's arguments (Zoom's field names)."""

from __future__ import annotations

from typing import Any

import pytest

from zoom_mcp.live_controls import CuratedArgumentError, requires_live_meeting, translate

MEETING = 85746065003


@pytest.mark.parametrize(
    ("name", "arguments", "expected"),
    [
        ("live_recording_start", {"meetingId": MEETING}, {"method": "recording.start", "meetingId": str(MEETING)}),
        ("live_recording_pause", {"meetingId": "123"}, {"method": "recording.pause", "meetingId": "123"}),
        ("live_recording_resume", {"meetingId": 1}, {"method": "recording.resume", "meetingId": "1"}),
        (
            "live_recording_stop",
            {"meetingId": 1, "accountId": "sub"},
            {"method": "recording.stop", "meetingId": "1", "accountId": "sub"},
        ),
        (
            "ai_companion_start",
            {"meetingId": 1, "mode": "summary", "retain_meeting_transcript": True},
            {
                "method": "ai_companion.start",
                "meetingId": "1",
                "params": {"ai_companion_mode": "summary", "retain_meeting_transcript": True},
            },
        ),
        (
            "ai_companion_stop",
            {"meetingId": 1, "mode": "all", "delete_meeting_assets": True, "confirmation_token": "tok"},
            {
                "method": "ai_companion.stop",
                "meetingId": "1",
                "params": {"ai_companion_mode": "all", "delete_meeting_assets": True},
                "confirmation_token": "tok",
            },
        ),
        ("ai_companion_disable", {"meetingId": 1}, {"method": "ai_companion.disable", "meetingId": "1"}),
        (
            "live_invite_participants",
            {"meetingId": 1, "emails": ["a@example.com"], "user_ids": ["u1", "u2"]},
            {
                "method": "participant.invite",
                "meetingId": "1",
                "params": {"contacts": [{"email": "a@example.com"}, {"id": "u1"}, {"id": "u2"}]},
            },
        ),
        (
            "live_invite_by_phone",
            {"meetingId": 1, "phone_number": "6032331333-156", "invitee_name": "Jill", "require_greeting": False},
            {
                "method": "participant.invite.callout",
                "meetingId": "1",
                "params": {
                    "phone_number": "6032331333-156",
                    "invitee_name": "Jill",
                    "invite_options": {"require_greeting": False},
                },
            },
        ),
        (
            "live_invite_room_system",
            {
                "meetingId": "1",
                "call_type": "h323",
                "device_ip": "10.0.0.7",
                "from_display_name": "HQ",
                "to_display_name": "Room 4",
            },
            {
                "method": "participant.invite.room_system_callout",
                "meetingId": "1",
                "params": {
                    "call_type": "h323",
                    "device_ip": "10.0.0.7",
                    "h323_headers": {"from_display_name": "HQ", "to_display_name": "Room 4"},
                },
            },
        ),
        (
            "live_invite_room_system",
            {
                "meetingId": "1",
                "call_type": "sip",
                "device_ip": "sip:room@example.com",
                "sip_from_uri": "sip:hq@example.com",
            },
            {
                "method": "participant.invite.room_system_callout",
                "meetingId": "1",
                "params": {
                    "call_type": "sip",
                    "device_ip": "sip:room@example.com",
                    "sip_headers": {"from_uri": "sip:hq@example.com"},
                },
            },
        ),
        (
            "live_waiting_room_message",
            {"meetingId": 1, "title": "Hold on", "description": "We start at 10:05."},
            {
                "method": "waiting_room.update",
                "meetingId": "1",
                "params": {"waiting_room_title": "Hold on", "waiting_room_description": "We start at 10:05."},
            },
        ),
    ],
)
def test_translation_to_generated_arguments(name: str, arguments: dict[str, Any], expected: dict[str, Any]) -> None:
    operation_id, generated = translate(name, arguments)
    assert operation_id == "inMeetingControl"
    assert generated == expected


def test_translation_does_not_change_its_input() -> None:
    arguments = {"meetingId": 1, "emails": ["a@example.com"]}
    translate("live_invite_participants", arguments)
    assert arguments == {"meetingId": 1, "emails": ["a@example.com"]}


@pytest.mark.parametrize(
    ("name", "arguments", "expected"),
    [
        ("live_recording_start", {}, "'meetingId' is a required property"),
        ("live_recording_start", {"meetingId": 1, "method": "recording.stop"}, "Additional properties"),
        ("ai_companion_start", {"meetingId": 1, "mode": "everything"}, "mode: 'everything' is not one of"),
        (
            "ai_companion_stop",
            {"meetingId": 1, "mode": "summary", "delete_meeting_assets": True},
            "delete_meeting_assets works only with mode 'all'",
        ),
        ("live_invite_participants", {"meetingId": 1}, "at least one invitee"),
        (
            "live_invite_participants",
            {"meetingId": 1, "emails": [f"p{i}@example.com" for i in range(6)], "user_ids": [str(i) for i in range(5)]},
            "at most 10 invitees in total",
        ),
        ("live_invite_participants", {"meetingId": 1, "emails": ["not-an-email"]}, "is not a 'email'"),
        ("live_invite_by_phone", {"meetingId": 1}, "'phone_number' is a required property"),
        (
            "live_invite_room_system",
            {"meetingId": 1, "call_type": "h323", "device_ip": "1.2.3.4", "sip_from_uri": "sip:a@b"},
            "sip_from_uri applies only to call_type 'sip'",
        ),
        ("live_waiting_room_message", {"meetingId": 1}, "give a title, a description, or both"),
    ],
)
def test_invalid_arguments_are_refused_with_what_to_fix(name: str, arguments: dict[str, Any], expected: str) -> None:
    with pytest.raises(CuratedArgumentError) as caught:
        translate(name, arguments)
    assert expected in str(caught.value)
    assert f"call {name} again" in str(caught.value)


def test_unknown_tool_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="unknown curated tool"):
        translate("live_recording_rewind", {"meetingId": 1})


def test_call_outs_do_not_need_a_live_meeting() -> None:
    assert not requires_live_meeting("live_invite_by_phone")
    assert not requires_live_meeting("live_invite_room_system")
    assert requires_live_meeting("live_recording_start")
    assert requires_live_meeting("live_invite_participants")
