"""A Zoom meeting summary (AI Companion) as one Markdown document.

Layout::

    # <summary title or meeting topic>

    - **Meeting:** <topic> (ID <meeting id>)
    - **Meeting UUID:** <uuid>
    - **Time:** <start> to <end> (UTC)
    - **Host:** <host email or ID>
    - **Summary document:** <summary_doc_url>

    <summary_content, Zoom's Markdown, as is>          (or, for older summaries, the overview and details)

    ## Next steps                                       (unless the content already has such a section)
    - ...

User edits (`edited_summary`) win over the original legacy fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

_NEXT_STEPS_HEADING = re.compile(r"^#{1,6}\s*(next steps|action items)\b", re.IGNORECASE | re.MULTILINE)


def format_time(value: Any) -> str | None:
    """ISO 8601 time from Zoom as `YYYY-MM-DD HH:MM` (UTC); other text is returned unchanged."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.strftime("%Y-%m-%d %H:%M")


def summary_title(summary: Mapping[str, Any]) -> str:
    for key in ("summary_title", "meeting_topic"):
        value = summary.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return f"Meeting {summary.get('meeting_id') or summary.get('meeting_uuid') or ''}".strip()


def summary_to_markdown(summary: Mapping[str, Any]) -> str:
    """Render the answer of `GET .../meetings/{meetingId}/meeting_summary` as Markdown."""
    parts = [f"# {summary_title(summary)}", _details(summary)]
    body = _body(summary)
    if body:
        parts.append(body)
    steps = _next_steps(summary)
    if steps and not _NEXT_STEPS_HEADING.search(body):
        parts.append("## Next steps\n" + "\n".join(f"- {step}" for step in steps))
    if not body and not steps:
        parts.append("_The summary has no content yet._")
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"


def _details(summary: Mapping[str, Any]) -> str:
    lines: list[str] = []
    topic = _text(summary.get("meeting_topic"))
    meeting_id = summary.get("meeting_id")
    if topic or meeting_id:
        id_part = f" (ID {meeting_id})" if meeting_id else ""
        lines.append(f"- **Meeting:** {topic or 'untitled'}{id_part}")
    uuid = _text(summary.get("meeting_uuid"))
    if uuid:
        lines.append(f"- **Meeting UUID:** {uuid}")
    start = format_time(summary.get("meeting_start_time")) or format_time(summary.get("summary_start_time"))
    end = format_time(summary.get("meeting_end_time")) or format_time(summary.get("summary_end_time"))
    if start:
        lines.append(f"- **Time:** {start} to {end} (UTC)" if end else f"- **Time:** {start} (UTC)")
    host = _text(summary.get("meeting_host_email")) or _text(summary.get("meeting_host_id"))
    if host:
        lines.append(f"- **Host:** {host}")
    doc_url = _text(summary.get("summary_doc_url"))
    if doc_url:
        lines.append(f"- **Summary document:** {doc_url}")
    return "\n".join(lines)


def _body(summary: Mapping[str, Any]) -> str:
    content = _text(summary.get("summary_content"))
    if content:
        return content.strip()
    raw_edited = summary.get("edited_summary")
    edited: Mapping[str, Any] = raw_edited if isinstance(raw_edited, Mapping) else {}
    sections: list[str] = []
    overview = _text(edited.get("summary_overview")) or _text(summary.get("summary_overview"))
    if overview:
        sections.append(f"## Overview\n{overview}")
    edited_details = _text(edited.get("summary_details"))
    if edited_details:
        sections.append(f"## Details\n{edited_details}")
    else:
        details = _details_list(summary.get("summary_details"))
        if details:
            sections.append("## Details\n" + details)
    return "\n\n".join(sections)


def _details_list(value: Any) -> str:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ""
    blocks = []
    for item in value:
        if not isinstance(item, Mapping):
            continue
        label, text = _text(item.get("label")), _text(item.get("summary"))
        if label and text:
            blocks.append(f"### {label}\n{text}")
        elif text or label:
            blocks.append(text or label)
    return "\n\n".join(blocks)


def _next_steps(summary: Mapping[str, Any]) -> list[str]:
    edited = summary.get("edited_summary")
    for source in (edited.get("next_steps") if isinstance(edited, Mapping) else None, summary.get("next_steps")):
        if isinstance(source, Sequence) and not isinstance(source, str):
            steps = [_text(s) for s in source if _text(s)]
            if steps:
                return steps
    return []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
