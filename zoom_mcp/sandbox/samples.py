"""Valid sample arguments for any operation, derived from the spec and the seeded account.

`sample_request(op)` answers `(path_values, query, body)` that the sandbox accepts with a 2xx on a
freshly seeded state: path values point at seeded resources suited to the operation (the live meeting
for in-meeting controls, the recorded meeting for recordings, ...), required query parameters get
sample values, and the body is the spec's request example when it validates, else a minimal body
synthesised from the schema. For multipart operations the body holds `file` as bytes (a tiny PNG).
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox import seed as s
from zoom_mcp.sandbox.examples import synthesize
from zoom_mcp.sandbox.spec import SpecOperation
from zoom_mcp.sandbox.validation import BodyValidator

JSON = Any
SAMPLE_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)

_SIMPLE_PATH_VALUES: dict[str, str] = {
    "accountId": "me",
    "userId": s.OWNER_ID,
    "webinarId": str(s.WEBINAR_ID),
    "panelistId": s.WEBINAR_PANELIST_ID,
    "fieldId": s.TRACKING_FIELD_ID,
    "deviceId": s.H323_DEVICE_ID,
    "phoneId": s.SIP_PHONE_ID,
    "trunkId": s.SIP_TRUNK_ID,
    "numberId": s.INTERNAL_NUMBER_ID,
    "countryId": s.CALLOUT_COUNTRY_ID,
    "tspId": s.TSP_ID,
    "recordingId": s.RECORDING_MP4_FILE_ID,
    "meetingUUID": s.RECORDED_MEETING_UUID,
    "nameTagId": s.WEBINAR_NAME_TAG_ID,
    "fileId": s.ARCHIVE_FILE_ID,
}

_BODY_OVERRIDES: dict[str, JSON] = {
    "inMeetingControl": {"method": "recording.start"},
    "meetingStatus": {"action": "end"},
    "meetingRegistrantStatus": {"action": "approve", "registrants": [{"id": s.MEETING_REGISTRANT_PENDING_IDS[0]}]},
    "webinarRegistrantStatus": {"action": "approve", "registrants": [{"id": s.WEBINAR_REGISTRANT_PENDING_IDS[0]}]},
    "meetingTemplateCreate": {"meeting_id": s.SCHEDULED_MEETING_ID, "name": "Sales sync template"},
    "webinarTemplateCreate": {"webinar_id": s.WEBINAR_ID, "name": "Launch webinar template"},
    "meetingRecordingRegistrantStatus": {"action": "deny", "registrants": [{"id": s.RECORDING_REGISTRANT_ID}]},
    "meetingRTMSStatusUpdate": {"action": "start", "settings": {"client_id": "sandbox-rtms-app"}},
    "updateArchivedFile": {"auto_delete": True},
}
# Optional query values an operation needs on the seed (sample_query adds only required ones otherwise).
_QUERY_OVERRIDES: dict[str, dict[str, JSON]] = {
    "setWebinarBrandingVB": {"id": s.WEBINAR_BACKGROUND_ID},
}

_QUERY_SAMPLES: dict[str, JSON] = {"from": "2026-01-01", "to": "2026-01-31", "billing_id": s.BILLING_REPORT_ID}


def _meeting_value(op: SpecOperation) -> str:
    path = op.path
    if "/live_meetings/" in path or "/jointoken/" in path:
        return str(s.LIVE_MEETING_ID)
    if path.endswith("/transcript"):
        return str(s.RECORDED_MEETING_ID)
    if op.operation_id == "meetingStatus":
        return str(s.LIVE_MEETING_ID)
    if "/past_meetings/" in path:
        return str(s.PAST_MEETING_ID)
    if "/recordings" in path or path.endswith("/meeting_summary"):
        return s.RECORDED_MEETING_UUID
    if "/report/" in path:
        return str(s.RECORDED_MEETING_ID)
    return str(s.SCHEDULED_MEETING_ID)


def sample_path_values(op: SpecOperation) -> dict[str, str]:
    """Decoded path values (not yet percent-encoded) naming seeded resources (a webinar that took place for
    past-webinar operations and webinar reports, the live meeting or webinar for chat and join tokens)."""
    webinar = "{webinarId}" in op.path
    held = "/past_webinars/" in op.path or "/report/webinars/" in op.path
    live = "/live_webinars/" in op.path or "/jointoken/" in op.path
    values: dict[str, str] = {}
    for param in op.path_params:
        name = param.name
        if name == "meetingId":
            values[name] = _meeting_value(op)
        elif name == "registrantId":
            values[name] = s.WEBINAR_REGISTRANT_APPROVED_ID if webinar else s.MEETING_REGISTRANT_APPROVED_ID
        elif name == "pollId":
            values[name] = s.WEBINAR_POLL_ID if webinar else s.MEETING_POLL_ID
        elif name == "webinarId" and held:
            values[name] = str(s.PAST_WEBINAR_ID)
        elif name == "webinarId" and live:
            values[name] = str(s.LIVE_WEBINAR_ID)
        elif name == "messageId":
            values[name] = s.LIVE_WEBINAR_CHAT_MESSAGE_ID if webinar else s.LIVE_CHAT_MESSAGE_IDS[0]
        else:
            values[name] = _SIMPLE_PATH_VALUES.get(name, "sandbox-" + name)
    return values


def sample_query(op: SpecOperation) -> dict[str, JSON]:
    """Values for the required query parameters (optional ones are left out)."""
    query: dict[str, JSON] = dict(_QUERY_OVERRIDES.get(op.operation_id, {}))
    for param in op.query_params:
        if not param.required:
            continue
        if param.name in _QUERY_SAMPLES and not param.schema.get("enum"):
            query[param.name] = _QUERY_SAMPLES[param.name]
        else:
            query[param.name] = synthesize(param.schema)
    return query


def sample_body(op: SpecOperation) -> JSON:
    """A body the sandbox accepts for `op` (None when the operation takes none)."""
    if op.body_content_type is None:
        return None
    if op.operation_id in _BODY_OVERRIDES:
        return copy.deepcopy(_BODY_OVERRIDES[op.operation_id])
    schema = op.body_schema or {"type": "object"}
    if op.body_content_type == "multipart/form-data":
        body = synthesize(schema) or {}
        for name, prop in (schema.get("properties") or {}).items():
            if (isinstance(prop, dict) and prop.get("format") == "binary") or name == "file":
                body[name] = SAMPLE_PNG
        return body
    validator = BodyValidator(schema)
    if op.body_example is not None and not validator.errors(op.body_example):
        return _seeded_people(copy.deepcopy(op.body_example))
    synthesized = synthesize(schema)
    return _seeded_people(synthesized) if synthesized is not None else {}


# Fields naming a user of the account: the spec's examples name people the seed does not have.
_PEOPLE = {"schedule_for": s.OWNER_EMAIL, "user_email": s.BOB_EMAIL}


def _seeded_people(body: JSON) -> JSON:
    if isinstance(body, dict):
        return {k: _PEOPLE[k] if k in _PEOPLE and isinstance(v, str) else _seeded_people(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_seeded_people(v) for v in body]
    return body


def sample_request(op: SpecOperation) -> tuple[dict[str, str], dict[str, JSON], JSON]:
    """`(path_values, query, body)` for a call to `op` that succeeds on a freshly seeded sandbox."""
    return sample_path_values(op), sample_query(op), sample_body(op)
