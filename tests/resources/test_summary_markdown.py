"""Summary answers rendered as Markdown."""

from __future__ import annotations

from zoom_mcp.resources.summary_markdown import format_time, summary_to_markdown

BASE = {
    "meeting_id": 97763643886,
    "meeting_uuid": "aDYlohsHRtCd4ii1uC2+hA==",
    "meeting_topic": "My Meeting",
    "meeting_host_email": "jchill@example.com",
    "meeting_start_time": "2019-07-15T23:24:52Z",
    "meeting_end_time": "2019-07-15T23:54:19Z",
}


def test_summary_content_with_header_and_extra_next_steps() -> None:
    summary = {**BASE, "summary_title": "Sync", "summary_content": "## Key takeaways\n- A\n", "next_steps": ["Ship"]}
    text = summary_to_markdown(summary)
    assert text.startswith("# Sync\n\n- **Meeting:** My Meeting (ID 97763643886)\n")
    assert "- **Time:** 2019-07-15 23:24 to 2019-07-15 23:54 (UTC)" in text
    assert "- **Host:** jchill@example.com" in text
    assert "## Key takeaways\n- A" in text
    assert text.endswith("## Next steps\n- Ship\n")


def test_content_that_already_has_next_steps_is_not_repeated() -> None:
    summary = {**BASE, "summary_content": "### Next steps\n- Alice sends the report", "next_steps": ["dup"]}
    text = summary_to_markdown(summary)
    assert text.startswith("# My Meeting\n")
    assert "dup" not in text


def test_legacy_fields_with_user_edits_winning() -> None:
    summary = {
        **BASE,
        "summary_overview": "original overview",
        "summary_details": [{"label": "Budget", "summary": "Approved."}, {"summary": "Unlabelled point."}],
        "next_steps": ["original step"],
        "edited_summary": {"summary_overview": "edited overview", "next_steps": ["edited step"]},
    }
    text = summary_to_markdown(summary)
    assert "## Overview\nedited overview" in text
    assert "### Budget\nApproved.\n\nUnlabelled point." in text
    assert "- edited step" in text and "original step" not in text


def test_empty_summary_says_so_and_times_are_formatted() -> None:
    assert "_The summary has no content yet._" in summary_to_markdown({"meeting_uuid": "u"})
    assert format_time("2026-01-10T16:00:00+01:00") == "2026-01-10 15:00"
    assert format_time("not a time") == "not a time"
    assert format_time(None) is None
