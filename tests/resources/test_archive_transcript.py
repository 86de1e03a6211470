"""Archive (JSON) transcripts: tolerant parsing of the layouts we accept."""

from __future__ import annotations

import json

import pytest

from zoom_mcp.resources.archive_transcript import archive_transcript_to_text, parse_archive_transcript


def test_timeline_layout_with_users_and_clock_timestamps() -> None:
    document = {
        "meeting_id": "4444AAAiAAAAAiAiAiiAii==",
        "timeline": [
            {"ts": "00:00:01.500", "end_ts": "00:00:03.000", "text": "Hello  there", "users": [{"username": "Ann"}]},
            {"ts": "01:02:03", "text": "", "users": [{"username": "Bob"}]},
            {"ts": "01:02:04", "text": "No speaker here"},
        ],
    }
    expected = "[00:00:01] Ann: Hello there\n[01:02:04] No speaker here\n"
    assert archive_transcript_to_text(json.dumps(document)) == expected


def test_list_layout_with_seconds_milliseconds_and_word_lists() -> None:
    entries = [
        {"start_time": 5, "speaker": {"name": "Cy"}, "words": [{"word": "Good"}, {"word": "day"}]},
        {"start": 3_723_000, "speaker_name": "Di", "content": "later"},
        {"offset": "7.5", "display_name": "Ed", "sentence": "numbers as text"},
    ]
    cues = parse_archive_transcript(json.dumps(entries).encode())
    assert [(c.start, c.speaker, c.text) for c in cues] == [
        (5.0, "Cy", "Good day"),
        (3723.0, "Di", "later"),
        (7.5, "Ed", "numbers as text"),
    ]


def test_nested_container_and_missing_entries() -> None:
    assert parse_archive_transcript({"data": {"results": [{"text": "x", "ts": 0}]}})[0].text == "x"
    with pytest.raises(ValueError, match="no list of transcript entries"):
        parse_archive_transcript({"meeting": "nothing here"})
