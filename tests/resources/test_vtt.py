"""WebVTT to `[hh:mm:ss] Speaker: text` lines."""

from __future__ import annotations

from zoom_mcp.resources.vtt import Cue, format_timestamp, parse_vtt, render_transcript, vtt_to_text
from zoom_mcp.sandbox.seed import TRANSCRIPT_VTT


def test_zoom_transcript_with_speaker_prefixes() -> None:
    text = vtt_to_text(TRANSCRIPT_VTT)
    lines = text.splitlines()
    assert lines[0] == "[00:00:01] Olivia Owner: Good morning everyone, let's start the quarterly planning review."
    assert lines[1] == "[00:00:05] Alice Analyst: Thanks. The Q3 numbers are in: revenue is up twelve percent."
    assert len(lines) == 5
    assert text.endswith("\n")


def test_voice_tags_with_class_entities_and_multi_line_payload() -> None:
    vtt = "WEBVTT\n\n00:01:02.900 --> 00:01:04.000\n<v.loud Mary Major>Hello &amp; welcome</v>\nto the <i>show</i>\n"
    assert vtt_to_text(vtt) == "[00:01:02] Mary Major: Hello & welcome to the show\n"


def test_unclosed_voice_tag_and_two_voices_in_one_cue() -> None:
    vtt = "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\n<v Ann>Hi</v> <v Bob>Hey there\n"
    assert parse_vtt(vtt) == [
        Cue(start=3.0, text="Hi", speaker="Ann", end=4.0),
        Cue(start=3.0, text="Hey there", speaker="Bob", end=4.0),
    ]


def test_cue_ids_notes_style_region_header_bom_and_crlf_are_skipped() -> None:
    vtt = (
        "\ufeffWEBVTT - Zoom transcript\r\nKind: captions\r\n\r\n"
        "NOTE a note may even mention 00:00:01.000 --> 00:00:02.000\r\n\r\n"
        "STYLE\r\n::cue { color: red }\r\n\r\n"
        "REGION\r\nid:fred width:40%\r\n\r\n"
        "intro-1\r\n00:00:07.250 --> 00:00:09.000 align:start position:10%\r\nAlice: First line\r\n"
    )
    assert vtt_to_text(vtt) == "[00:00:07] Alice: First line\n"


def test_short_timings_hours_and_no_speaker() -> None:
    vtt = "WEBVTT\n\n02:03.000 --> 02:04.000\njust words, no speaker\n\n01:00:00.000 --> 01:00:01.000\n- ok\n"
    assert vtt_to_text(vtt) == "[00:02:03] just words, no speaker\n[01:00:00] - ok\n"
    assert format_timestamp(360_000.9) == "100:00:00"


def test_urls_and_long_prefixes_are_not_speakers() -> None:
    vtt = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nsee https://zoom.us: it works\n\n"
        "00:00:03.000 --> 00:00:04.000\nthis is a rather long sentence that is not a name at all: yes\n"
    )
    cues = parse_vtt(vtt)
    assert [c.speaker for c in cues] == [None, None]


def test_broken_blocks_are_skipped_and_empty_input_gives_empty_text() -> None:
    vtt = "WEBVTT\n\nnot a cue\n\n00:00:xx --> nope\ntext\n\n00:00:05.000 --> 00:00:06.000\n\n"
    assert parse_vtt(vtt) == []
    assert vtt_to_text("") == ""
    assert render_transcript([Cue(1.0, "")]) == ""
