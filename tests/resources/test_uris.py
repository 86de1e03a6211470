"""Resource URIs, recording sanitising and list cursors."""

from __future__ import annotations

import pytest
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

from zoom_mcp.resources.cursor import ListCursor
from zoom_mcp.resources.errors import ResourceError
from zoom_mcp.resources.recording_files import find_transcript_file, sanitize_recording, strip_url_secrets
from zoom_mcp.resources.uris import ResourceKind, build_uri, is_meeting_uuid, parse_uri


@pytest.mark.parametrize("meeting_id", ["85746065004", "4444AAAiAAAAAiAiAiiAii==", "/ajXp//QmuoKj4854875=="])
def test_uuid_and_numeric_ids_round_trip(meeting_id: str) -> None:
    for kind in ResourceKind:
        uri = build_uri(kind, meeting_id)
        assert uri.startswith("zoom://meetings/") and uri.endswith("/" + kind.value)
        assert uri.count("/") == 4  # a UUID's slashes stay encoded in its one segment
        parsed = parse_uri(uri)
        assert (parsed.kind, parsed.meeting_id, parsed.uri) == (kind, meeting_id, uri)


def test_is_meeting_uuid() -> None:
    assert not is_meeting_uuid("85746065004")
    assert is_meeting_uuid("4444AAAiAAAAAiAiAiiAii==")


@pytest.mark.parametrize(
    "uri",
    [
        "zoom://meetings/1/other",
        "zoom://meetings//summary",
        "zoom://meetings/a/b/summary",
        "zoom://meetings/%0A/summary",
        "https://zoom.us/meetings/1/summary",
    ],
)
def test_unknown_uris_are_refused_with_a_hint(uri: str) -> None:
    with pytest.raises(ResourceError) as caught:
        parse_uri(uri)
    assert caught.value.reason == "unknown_uri" and caught.value.is_not_found
    assert "zoom://meetings/{meetingId}/summary" in str(caught.value)


def test_sanitize_recording_removes_tokens_passcodes_and_url_secrets() -> None:
    recording = {
        "uuid": "u",
        "password": "981651",
        "recording_play_passcode": "yNYIS408",
        "download_access_token": "eyJhbGciOi",
        "recording_files": [
            {
                "file_type": "MP4",
                "download_url": "https://user:pw@zoom.us/rec/download/abc?access_token=SECRET&type=mp4",
                "play_url": "https://zoom.us/rec/play/abc?pwd=PASS&tk=TK",
            }
        ],
        "participant_audio_files": [{"download_url": "https://ssrweb.zoom.us/x?X-Amz-Signature=S&keep=1"}],
    }
    clean = sanitize_recording(recording)
    text = repr(clean)
    for secret in ("981651", "yNYIS408", "eyJhbGciOi", "SECRET", "PASS", "TK", "pw@", "=S&"):
        assert secret not in text
    assert clean["recording_files"][0]["download_url"] == "https://zoom.us/rec/download/abc?type=mp4"
    assert clean["participant_audio_files"][0]["download_url"] == "https://ssrweb.zoom.us/x?keep=1"
    assert recording["password"] == "981651"  # the input is untouched
    assert strip_url_secrets("not a url") == "not a url"


def test_transcript_file_preference() -> None:
    cc = {"file_type": "CC", "id": "cc"}
    transcript = {"file_type": "TRANSCRIPT", "id": "t"}
    assert find_transcript_file({"recording_files": [cc, transcript]}) == transcript
    assert find_transcript_file({"recording_files": [{"file_type": "MP4"}, cc]}) == cc
    assert find_transcript_file({"recording_files": [{"file_type": "MP4"}]}) is None
    assert find_transcript_file({}) is None


def test_list_cursor_round_trip_and_garbage() -> None:
    cursor = ListCursor("Tva2CuIdTg", "2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z")
    assert ListCursor.decode(cursor.encode()) == cursor
    for garbage in ("", "not-base64!!", "eyJ2IjoyfQ"):
        with pytest.raises(MCPError) as caught:
            ListCursor.decode(garbage)
        assert caught.value.code == INVALID_PARAMS
