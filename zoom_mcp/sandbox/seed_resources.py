"""The seeded account's resources beyond users, meetings, webinars and recordings: templates, surveys,
live streams, webinar branding, recording registrants, archives, recording analytics, PAC accounts,
tracking sources, report answers and the stored account reports. Each is built on the spec's example for
its read, laid onto the seeded meetings and webinars; the IDs tests and agents may use are constants here
(re-exported by `zoom_mcp.sandbox.seed`)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from zoom_mcp.sandbox.state import SandboxState

JSON = Any
Example = Callable[[str], JSON]  # operationId -> a fresh copy of its 2xx example

MEETING_TEMPLATE_ID = "AdxbhxCzKgSiWAw"
WEBINAR_TEMPLATE_ID = "ull6574eur"
WEBINAR_NAME_TAG_ID = "nAmEtAg1QxOaVZ2mUu5i7Q"
WEBINAR_BACKGROUND_ID = "vBgR0und1QxOaVZ2mUu5i7"
WEBINAR_WALLPAPER_ID = "wA11PaPer1QxOaVZ2mUu5i"
RECORDING_REGISTRANT_ID = "3Z7sEm0TQQieLav3c3OD_g"
ARCHIVE_FILE_ID = "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70"
BILLING_REPORT_ID = "indfhgfhfho"  # the spec example's billing report: `billing_id` of its invoices


def example_object(example: Example, operation_id: str) -> dict[str, JSON]:
    """The 2xx example of `operation_id` to build on ({} when it is not an object). `example` hands out a fresh
    copy on every call (`Sandbox.example`, `Ctx.example`), so the result is the caller's to change."""
    body = example(operation_id)
    return body if isinstance(body, dict) else {}


def seed_templates(state: SandboxState, example: Example, owner_id: str, meeting: JSON, webinar: JSON) -> None:
    for collection, operation_id, template_id, source in (
        ("meeting_templates", "listMeetingTemplates", MEETING_TEMPLATE_ID, meeting),
        ("webinar_templates", "listWebinarTemplates", WEBINAR_TEMPLATE_ID, webinar),
    ):
        shown = (example_object(example, operation_id).get("templates") or [{}])[0]
        state.collection(collection)[template_id] = {
            "id": template_id,
            "name": shown.get("name", "Template"),
            "type": shown.get("type", 1),
            "user_id": owner_id,
            "settings": copy.deepcopy(source.get("settings") or {}),
        }


def seed_webinar_extras(state: SandboxState, example: Example, webinar_id: int) -> None:
    """Survey, live stream, branding and tracking sources of the scheduled webinar."""
    state.webinar_surveys[webinar_id] = example_object(example, "webinarSurveyGet")
    state.webinar_livestreams[webinar_id] = example_object(example, "getWebinarLiveStreamDetails")
    branding = example_object(example, "getWebinarBranding")
    tag = dict((branding.get("name_tags") or [{}])[0], id=WEBINAR_NAME_TAG_ID, is_default=True)
    background = dict((branding.get("virtual_backgrounds") or [{}])[0], id=WEBINAR_BACKGROUND_ID, is_default=True)
    background.update(size=524288, type="image")
    state.collection("webinar_branding")[str(webinar_id)] = {
        "name_tags": {WEBINAR_NAME_TAG_ID: tag},
        "virtual_backgrounds": {WEBINAR_BACKGROUND_ID: background},
        "wallpaper": {"id": WEBINAR_WALLPAPER_ID, "name": "wallpaper.png", "size": 262144, "type": "image"},
    }
    sources = example_object(example, "getTrackingSources").get("tracking_sources") or []
    for source in sources:
        source["tracking_url"] = f"https://sandbox.zoom.example/webinar/register/{webinar_id}?src={source.get('id')}"
    state.collection("webinar_tracking_sources")[str(webinar_id)] = sources


def seed_meeting_extras(state: SandboxState, example: Example, meeting_id: int) -> None:
    """Survey and live stream of the scheduled meeting."""
    state.meeting_surveys[meeting_id] = example_object(example, "meetingSurveyGet")
    state.meeting_livestreams[meeting_id] = example_object(example, "getMeetingLiveStreamDetails")


def seed_recording_extras(state: SandboxState, example: Example, recording: JSON) -> None:
    """Recording registrants, analytics, report answers and the archive of the recorded meeting."""
    uuid = recording["uuid"]
    registrant = (example_object(example, "meetingRecordingRegistrants").get("registrants") or [{}])[0]
    registrant.update(id=RECORDING_REGISTRANT_ID, status="approved")
    state.recording_registrants[uuid] = {RECORDING_REGISTRANT_ID: registrant}
    state.collection("recording_analytics")[uuid] = [
        {
            "kind": "view",
            "date_time": "2026-01-11T09:30:00Z",
            "name": "Alice Analyst",
            "email": "alice@sandbox.example.com",
            "duration": 1500,
        },
        {
            "kind": "view",
            "date_time": "2026-01-11T14:05:00Z",
            "name": "Bob Builder",
            "email": "bob@sandbox.example.com",
            "duration": 600,
        },
        {
            "kind": "download",
            "date_time": "2026-01-12T08:00:00Z",
            "name": "Olivia Owner",
            "email": "owner@sandbox.example.com",
            "duration": 0,
        },
    ]
    seed_report_answers(state, example, uuid, "meeting")
    archive = (example_object(example, "listArchivedFiles").get("meetings") or [{}])[0]
    archive_file = (archive.get("archive_files") or [{}])[0]
    archive_file.update(
        id=ARCHIVE_FILE_ID, download_url=f"https://sandbox.zoom.example/rec/archive/download/{ARCHIVE_FILE_ID}"
    )
    archive.update(
        uuid=uuid,
        id=recording["id"],
        host_id=recording["host_id"],
        topic=recording["topic"],
        start_time=recording["start_time"],
        complete_time="2026-01-10T15:40:00Z",
        duration=recording.get("duration", 25),
        duration_in_second=int(recording.get("duration", 25)) * 60,
        timezone="UTC",
        type=2,
        account_name="Sandbox account",
        archive_files=[archive_file],
        recording_count=1,
        total_size=archive_file.get("file_size", 0),
    )
    archive.pop("physical_files", None)
    archive.pop("parent_meeting_id", None)
    archive.pop("group_id", None)
    state.collection("archive_files")[uuid] = archive


def seed_report_answers(state: SandboxState, example: Example, uuid: str, kind: str) -> None:
    """The example poll, Q&A and survey answers, stored for one past meeting or webinar instance."""
    prefix = "reportWebinar" if kind == "webinar" else "reportMeeting"
    state.collection("report_poll_answers")[uuid] = example_object(example, f"{prefix}Polls").get("questions") or []
    state.collection("report_qa")[uuid] = example_object(example, f"{prefix}QA").get("questions") or []
    survey = example_object(example, f"{prefix}Survey")
    state.collection("report_survey_answers")[uuid] = {
        "survey_id": survey.get("survey_id", ""),
        "survey_name": survey.get("survey_name", ""),
        "survey_answers": survey.get("survey_answers") or [],
    }


STORED_REPORT_ROWS = {  # operationId of an account report no write changes -> the list its answer holds
    "reportSignInSignOutActivities": "activity_logs",
    "reportOperationLogs": "operation_logs",
    "Getdisclaimerreport": "disclaimer_records",
    "Getremotesupportreport": "remote_support_logs",
    "reportTelephone": "telephony_usage",
}


def seed_account_extras(state: SandboxState, example: Example, owner_id: str) -> None:
    """PAC accounts of the owner, a phone number from the master account, and the stored account reports
    (`account_reports`: operationId -> rows; `billing_invoices`: billing report ID -> invoices; the first
    billing report is `BILLING_REPORT_ID`)."""
    state.collection("pac_accounts")[owner_id] = example_object(example, "userPACs").get("pac_accounts") or []
    state.collection("sip_numbers")["+1 2025550188"] = {"country": "US", "number": "+1 2025550188"}
    reports = state.collection("account_reports")
    for operation_id, key in STORED_REPORT_ROWS.items():
        reports[operation_id] = example_object(example, operation_id).get(key) or []
    billing = example_object(example, "getBillingReport").get("billing_reports") or [{}]
    reports["getBillingReport"] = [dict(billing[0], id=BILLING_REPORT_ID), *billing[1:]]
    invoices = example_object(example, "getBillingInvoicesReports").get("invoices") or []
    for report in reports["getBillingReport"]:
        state.collection("billing_invoices")[str(report.get("id"))] = copy.deepcopy(invoices)
