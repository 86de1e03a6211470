"""The `zoom://` resource URIs: templates, parsing and building, and telling meeting IDs from UUIDs.

Three templates, one per kind of content of a meeting::

    zoom://meetings/{meetingId}/summary      text/markdown     AI Companion meeting summary
    zoom://meetings/{meetingId}/transcript   text/plain        transcript, one `[hh:mm:ss] Speaker: text` line per cue
    zoom://meetings/{meetingId}/recordings   application/json  the cloud recording files, without download tokens

`meetingId` is a numeric meeting ID or a meeting UUID. UUIDs may contain `/`, `+` and `=`, so in a URI
they are percent-encoded (`build_uri` does it; `parse_uri` decodes), e.g.
``zoom://meetings/%2FajXp112QmuoKj4854875%3D%3D/summary``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from mcp import UriTemplate

from zoom_mcp.resources.errors import UNKNOWN_URI, ResourceError


class ResourceKind(StrEnum):
    SUMMARY = "summary"
    TRANSCRIPT = "transcript"
    RECORDINGS = "recordings"


@dataclass(frozen=True)
class TemplateInfo:
    kind: ResourceKind
    uri_template: str
    name: str
    title: str
    description: str
    mime_type: str


MEETING_ID_VARIABLE = "meetingId"

TEMPLATES: tuple[TemplateInfo, ...] = (
    TemplateInfo(
        ResourceKind.SUMMARY,
        "zoom://meetings/{meetingId}/summary",
        "meeting_summary",
        "Meeting summary",
        "The AI Companion summary of a meeting as Markdown: title, time, host, the summary and next steps. "
        "meetingId: a numeric meeting ID (its latest summarised instance) or a meeting UUID.",
        "text/markdown",
    ),
    TemplateInfo(
        ResourceKind.TRANSCRIPT,
        "zoom://meetings/{meetingId}/transcript",
        "meeting_transcript",
        "Meeting transcript",
        "The transcript of a meeting's cloud recording (or its archive), one line per cue: "
        "[hh:mm:ss] Speaker: text. meetingId: a numeric meeting ID or a meeting UUID.",
        "text/plain",
    ),
    TemplateInfo(
        ResourceKind.RECORDINGS,
        "zoom://meetings/{meetingId}/recordings",
        "meeting_recordings",
        "Meeting recording files",
        "The cloud recording of a meeting as JSON: topic, start time and the recording files (type, size, "
        "status, URLs) without download tokens or passcodes. meetingId: a numeric meeting ID or a meeting UUID.",
        "application/json",
    ),
)
TEMPLATE_BY_KIND: dict[ResourceKind, TemplateInfo] = {t.kind: t for t in TEMPLATES}
_PARSED: tuple[tuple[ResourceKind, UriTemplate], ...] = tuple(
    (t.kind, UriTemplate.parse(t.uri_template)) for t in TEMPLATES
)
_NUMERIC_ID = re.compile(r"^\d{1,19}$")


@dataclass(frozen=True)
class MeetingUri:
    """A parsed resource URI: which content of which meeting."""

    kind: ResourceKind
    meeting_id: str

    @property
    def is_uuid(self) -> bool:
        return is_meeting_uuid(self.meeting_id)

    @property
    def uri(self) -> str:
        return build_uri(self.kind, self.meeting_id)


def is_meeting_uuid(value: str) -> bool:
    """True for a meeting UUID (anything but an all-digits meeting number)."""
    return not _NUMERIC_ID.match(value)


def build_uri(kind: ResourceKind | str, meeting_id: str | int) -> str:
    """`zoom://meetings/<encoded id>/<kind>`; the ID is percent-encoded so UUIDs with `/` stay one segment."""
    template = dict(_PARSED)[ResourceKind(kind)]
    return template.expand({MEETING_ID_VARIABLE: str(meeting_id)})


def parse_uri(uri: str) -> MeetingUri:
    """Match `uri` against the templates; raise `ResourceError` (reason ``unknown_uri``) when none fits."""
    for kind, template in _PARSED:
        variables = template.match(uri)
        if variables is None:
            continue
        value = variables.get(MEETING_ID_VARIABLE)
        meeting_id = value.strip() if isinstance(value, str) else ""
        if meeting_id and not _has_control_characters(meeting_id):
            return MeetingUri(kind, meeting_id)
        break
    raise ResourceError(
        f"Unknown resource URI {uri!r}. Use zoom://meetings/{{meetingId}}/summary, .../transcript or "
        ".../recordings with a numeric meeting ID or a percent-encoded meeting UUID "
        "(list resources or complete meetingId to find one).",
        reason=UNKNOWN_URI,
        uri=uri,
    )


def _has_control_characters(value: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in value)
