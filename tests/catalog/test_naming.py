"""Tool names: one `resource_verb` scheme, overrides, and build errors instead of truncation."""

from __future__ import annotations

import pytest

from zoom_mcp.catalog.naming import NamingError, assign_names, default_name, toolset_name, words


def test_words_split_camel_case_acronyms_and_plurals() -> None:
    assert words("ListSIPPhonePhones") == ["list", "sip", "phone", "phones"]
    assert words("userTSPs") == ["user", "tsps"]
    assert words("analytics_details") == ["analytics", "details"]


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "expected"),
    [
        ("listArchivedFiles", "GET", "/archive_files", "archived_files_list"),
        ("meetingCreate", "POST", "/users/{userId}/meetings", "meeting_create"),
        ("meetings", "GET", "/users/{userId}/meetings", "meetings_list"),
        ("meeting", "GET", "/meetings/{meetingId}", "meeting_get"),
        ("meetingStatus", "PUT", "/meetings/{meetingId}/status", "meeting_status_update"),
        (None, "DELETE", "/users/{userId}/notes/{noteId}", "users_notes_delete"),
    ],
)
def test_default_names_put_the_verb_last(operation_id: str | None, method: str, path: str, expected: str) -> None:
    assert default_name(operation_id, method, path) == expected


def test_toolset_names_are_snake_case_tags() -> None:
    assert toolset_name("Cloud Recording") == "cloud_recording"
    assert toolset_name("H323 Devices") == "h323_devices"
    assert toolset_name("Invitation & Registration") == "invitation_registration"
    assert toolset_name("In-Meeting Features") == "in_meeting_features"
    assert toolset_name(None) == "default"


def test_overrides_win() -> None:
    names = assign_names([("inMeetingControl", "PATCH", "/x")], {"inMeetingControl": "meeting_live_controls"})
    assert names == ["meeting_live_controls"]


def test_a_long_name_is_an_error_not_a_truncation() -> None:
    long_id = "getTheVeryLongNameOfAnOperationThatNobodyCouldEverTypeCorrectly"
    with pytest.raises(NamingError, match=r"limit is 48.*name-overrides\.json"):
        assign_names([(long_id, "GET", "/x")], {})
    assert assign_names([(long_id, "GET", "/x")], {long_id: "short_name_get"}) == ["short_name_get"]


def test_duplicates_bad_characters_and_unknown_overrides_are_errors() -> None:
    with pytest.raises(NamingError, match="already used"):
        assign_names([("meetingGet", "GET", "/a"), ("getMeeting", "GET", "/b")], {})
    with pytest.raises(NamingError, match=r"\^\[a-z0-9_\]\+\$"):
        assign_names([("a", "GET", "/a")], {"a": "Bad-Name"})
    with pytest.raises(NamingError, match="not in the OpenAPI document"):
        assign_names([("a", "GET", "/a")], {"gone": "gone_get"})
