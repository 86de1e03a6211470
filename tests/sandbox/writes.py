"""The table behind test_sandbox_writes_stick: for every write operation, the read that must show its effect.

Both documents use it: an effect runs against a master account on the master document's paths and against
a regular account on the regular document's paths whenever both of its operations are in that document
(`effects_for(document)`); the regular-only operations' effects run on the regular account only.

An `Effect` names the write (operationId), what it sends, the read (operationId) that must reflect it and
what that read must answer afterwards: `expect` maps dotted paths of the read's answer (the eval syntax:
`registrants[email=x].status`, `meetings.0.id`) to a value, `ABSENT` (no such item or field) or `Count(n)`;
`echo` requires every value the write sent (but `echo_skip`) to read back at the same place; `gone` requires
the read to fail with (HTTP status, Zoom code). Values may be callables of `v`, the variables of the case:
what `setup` returned and, once written, `v["write"]` (the write's answer). Path values default to the
sample request's (`zoom_mcp.sandbox.samples`), so they name seeded objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx2

from zoom_mcp.sandbox import seed as s
from zoom_mcp.sandbox.config import default_regular_spec_path, default_spec_path
from zoom_mcp.sandbox.samples import sample_request
from zoom_mcp.sandbox.spec import SpecOperation, load_operations

JSON = Any
OPERATIONS = {op.operation_id: op for op in load_operations(default_spec_path())}
REGULAR_OPERATIONS = {op.operation_id: op for op in load_operations(default_regular_spec_path())}
DOCUMENTS: dict[str, dict[str, SpecOperation]] = {"master": OPERATIONS, "regular": REGULAR_OPERATIONS}
Vars = dict[str, Any]
SAMPLE = object()  # the operation's sample body
ABSENT = object()  # the path must lead nowhere
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def encode(value: str) -> str:
    """Percent-encode a path value; UUIDs starting with '/' or holding '//' twice, like Zoom wants."""
    once = quote(value, safe="")
    return quote(once, safe="") if value.startswith("/") or "//" in value else once


def url_for(op: SpecOperation, values: Mapping[str, str]) -> str:
    path = op.path
    for name, value in values.items():
        path = path.replace("{" + name + "}", encode(str(value)))
    assert "{" not in path, f"{op.operation_id}: no value for a path parameter in {path}"
    return path


def send(api: httpx2.Client, op: SpecOperation, path: Mapping[str, str], query: Any, body: Any) -> httpx2.Response:
    url = url_for(op, path)
    if op.body_content_type == "multipart/form-data":
        files = {
            k: (v[0], v[1], "image/png") if isinstance(v, tuple) else ("sample.png", v, "image/png")
            for k, v in body.items()
            if isinstance(v, tuple | bytes)
        }
        data = {k: str(v) for k, v in body.items() if not isinstance(v, tuple | bytes)}
        return api.request(op.method, url, params=query, files=files, data=data)
    if body is None:
        return api.request(op.method, url, params=query)
    return api.request(op.method, url, params=query, json=body)


@dataclass(frozen=True)
class Api:
    """A client on one document's paths: `call` sends an operation by operationId (sample values for the
    path parameters not given)."""

    http: httpx2.Client
    operations: Mapping[str, SpecOperation]

    def call(
        self, operation_id: str, path: Mapping[str, str] | None = None, query: Any = None, body: Any = None
    ) -> httpx2.Response:
        op = self.operations[operation_id]
        return send(self.http, op, {**sample_request(op)[0], **(path or {})}, query or {}, body)


@dataclass(frozen=True)
class Count:
    """The path must hold a list (or mapping) of `n` items."""

    n: int


@dataclass(frozen=True)
class Effect:
    write: str
    read: str
    body: Any = SAMPLE
    query: Any = field(default_factory=dict)
    path: Any = field(default_factory=dict)  # path values of the write (and of the read, unless read_path)
    read_path: Any = None
    read_query: Any = field(default_factory=dict)
    expect: Any = field(default_factory=dict)
    echo: bool = False
    echo_skip: tuple[str, ...] = ()
    gone: tuple[int, int] | None = None
    setup: Callable[[Api], Vars] | None = None
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.write}->{self.read}" + (f"-{self.note}" if self.note else "")


def _w(key: str) -> Callable[[Vars], Any]:
    return lambda v: v["write"][key]


R = s.RECORDED_MEETING_UUID
MP4 = s.RECORDING_MP4_FILE_ID
SCHEDULED = str(s.SCHEDULED_MEETING_ID)
WEBINAR = str(s.WEBINAR_ID)
PENDING = s.MEETING_REGISTRANT_PENDING_IDS[0]
WEBINAR_PENDING = s.WEBINAR_REGISTRANT_PENDING_IDS[0]
POLL_BODY = {
    "title": "Lunch order",
    "poll_type": 1,
    "anonymous": False,
    "questions": [{"name": "Pizza or salad?", "type": "single", "answers": ["Pizza", "Salad"]}],
}
STREAM = {
    "stream_url": "rtmp://live.sandbox.example/app",
    "stream_key": "key-7781",
    "page_url": "https://live.sandbox.example/watch",
    "resolution": "1080p",
}
QUESTIONS = {
    "questions": [{"field_name": "city", "required": True}],
    "custom_questions": [{"title": "Dietary needs?", "type": "short", "required": False, "answers": []}],
}
SURVEY = {"show_in_the_browser": False, "third_party_survey": "https://forms.sandbox.example/s/1"}


def _trash_mp4(api: Api) -> Vars:
    assert api.call("recordingDeleteOne", {"meetingId": R, "recordingId": MP4}).status_code == 204
    return {}


def _trash_recording(api: Api) -> Vars:
    assert api.call("recordingDelete", {"meetingId": R}).status_code == 204
    return {}


def _delete_scheduled(api: Api) -> Vars:
    assert api.call("meetingDelete", {"meetingId": SCHEDULED}).status_code == 204
    return {}


def _second_background(api: Api) -> Vars:
    answer = api.call("uploadWebinarBrandingVB", {"webinarId": WEBINAR}, body={"file": ("city.png", PNG)})
    assert answer.status_code == 201, answer.text
    return {"background": answer.json()["id"]}


EFFECTS: list[Effect] = [
    # -- cloud recordings ------------------------------------------------------------------------------
    Effect("recordingDelete", "recordingGet", gone=(404, 3301)),
    Effect(
        "recordingDelete", "recordingsList", read_query={"trash": True}, expect={f"meetings[uuid={R}].id": 85746065004}
    ),
    Effect("recordingDeleteOne", "recordingGet", expect={f"recording_files[id={MP4}]": ABSENT, "recording_count": 2}),
    Effect("recordingStatusUpdateOne", "recordingGet", setup=_trash_mp4, expect={f"recording_files[id={MP4}].id": MP4}),
    Effect("recordingStatusUpdate", "recordingGet", setup=_trash_recording, expect={"uuid": R, "recording_count": 3}),
    Effect(
        "recordingSettingsUpdate",
        "recordingSettingUpdate",
        body={
            "share_recording": "internally",
            "viewer_download": False,
            "approval_type": 1,
            "topic": "Planning (shared)",
        },
        echo=True,
    ),
    Effect(
        "meetingRecordingRegistrantCreate",
        "meetingRecordingRegistrants",
        body={"email": "nina@example.org", "first_name": "Nina", "last_name": "North", "org": "Northwind"},
        expect={
            "registrants[email=nina@example.org].first_name": "Nina",
            "registrants[email=nina@example.org].org": "Northwind",
            "registrants[email=nina@example.org].id": _w("registrant_id"),
        },
    ),
    Effect("recordingRegistrantQuestionUpdate", "recordingRegistrantsQuestionsGet", body=QUESTIONS, echo=True),
    Effect(
        "meetingRecordingRegistrantStatus",
        "meetingRecordingRegistrants",
        read_query={"status": "denied"},
        expect={f"registrants[id={s.RECORDING_REGISTRANT_ID}].status": "denied"},
    ),
    # -- H.323 / SIP room devices ----------------------------------------------------------------------
    Effect(
        "deviceCreate",
        "deviceList",
        body={"name": "Lobby codec", "ip": "10.0.0.31", "protocol": "SIP", "encryption": "yes"},
        expect={"devices[name=Lobby codec].ip": "10.0.0.31", "devices[name=Lobby codec].id": _w("id")},
    ),
    Effect(
        "deviceUpdate",
        "deviceList",
        body={"name": "Boardroom codec (east)", "ip": "10.0.0.21", "protocol": "H.323", "encryption": "no"},
        expect={
            f"devices[id={s.H323_DEVICE_ID}].name": "Boardroom codec (east)",
            f"devices[id={s.H323_DEVICE_ID}].ip": "10.0.0.21",
        },
    ),
    Effect("deviceDelete", "deviceList", expect={f"devices[id={s.H323_DEVICE_ID}]": ABSENT}),
    # -- meetings ----------------------------------------------------------------------------------------
    Effect(
        "meetingCreate",
        "meeting",
        body={
            "topic": "Hiring panel",
            "type": 8,
            "start_time": "2027-03-01T09:00:00Z",
            "duration": 30,
            "timezone": "Europe/Oslo",
            "agenda": "Interview loop",
            "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2", "end_times": 4},
            "settings": {"mute_upon_entry": True, "waiting_room": True},
            "tracking_fields": [{"field": "Department", "value": "Support"}],
            "template_id": s.MEETING_TEMPLATE_ID,
            "schedule_for": s.ALICE_EMAIL,
        },
        read_path=lambda v: {"meetingId": str(v["write"]["id"])},
        echo=True,
        echo_skip=("tracking_fields", "schedule_for"),
        expect={
            "occurrences": Count(4),
            "tracking_fields.0": {"field": "Department", "value": "Support", "visible": True},
            "host_id": s.ALICE_ID,
        },
    ),
    Effect(
        "meetingCreate",
        "meetings",
        note="listed",
        body={"topic": "Coffee chat", "type": 2, "start_time": "2027-02-02T08:00:00Z", "duration": 15},
        path={"userId": s.BOB_ID},
        expect={"meetings[topic=Coffee chat].id": _w("id"), "total_records": 1},
    ),
    Effect(
        "meetingUpdate",
        "meeting",
        body={
            "topic": "Product sync (moved)",
            "agenda": "Roadmap",
            "duration": 50,
            "start_time": "2027-01-21T16:00:00Z",
            "settings": {"join_before_host": True, "waiting_room": False},
            "tracking_fields": [{"field": "Department", "value": "Engineering"}],
            "schedule_for": s.ALICE_EMAIL,
        },
        echo=True,
        echo_skip=("tracking_fields", "schedule_for"),
        expect={"tracking_fields.0.value": "Engineering", "host_email": s.ALICE_EMAIL},
    ),
    Effect(
        "meetingUpdate",
        "meeting",
        note="occurrence",
        path={"meetingId": str(s.RECURRING_MEETING_ID)},
        query={"occurrence_id": s.RECURRING_OCCURRENCE_IDS[1]},
        body={"start_time": "2027-01-16T11:00:00Z", "duration": 20},
        expect={f"occurrences[occurrence_id={s.RECURRING_OCCURRENCE_IDS[1]}].start_time": "2027-01-16T11:00:00Z"},
    ),
    Effect("meetingDelete", "meeting", gone=(404, 3001)),
    Effect(
        "meetingDelete",
        "meeting",
        note="occurrence",
        path={"meetingId": str(s.RECURRING_MEETING_ID)},
        query={"occurrence_id": s.RECURRING_OCCURRENCE_IDS[0]},
        expect={f"occurrences[occurrence_id={s.RECURRING_OCCURRENCE_IDS[0]}].status": "deleted"},
    ),
    Effect("meetingStatus", "meeting", expect={"status": "waiting"}),  # Zoom shows an ended meeting as waiting
    Effect(
        "meetingStatus",
        "pastMeetings",
        note="instance",
        expect={"meetings[uuid=L1veMeet1ngUU1DAAAAAAw==].start_time": "2026-01-15T09:00:00Z"},
    ),
    Effect(
        "meetingStatus",
        "meeting",
        note="recover",
        setup=_delete_scheduled,
        path={"meetingId": SCHEDULED},
        body={"action": "recover"},
        expect={"topic": "Product sync", "status": "waiting"},
    ),
    # -- meeting registrants ---------------------------------------------------------------------------
    Effect(
        "addBatchRegistrants",
        "meetingRegistrants",
        body={
            "auto_approve": False,
            "registrants": [
                {"email": "olga@example.org", "first_name": "Olga", "last_name": "Owl"},
                {"email": "pete@example.org", "first_name": "Pete", "last_name": "Pine"},
            ],
        },
        read_query={"status": "pending"},
        expect={
            "registrants[email=olga@example.org].last_name": "Owl",
            "registrants[email=pete@example.org].id": lambda v: v["write"]["registrants"][1]["registrant_id"],
            "total_records": 4,
        },
    ),
    Effect(
        "meetingRegistrantCreate",
        "meetingRegistrants",
        body={"email": "quinn@example.org", "first_name": "Quinn", "last_name": "Query", "city": "Oslo"},
        read_query={"status": "pending"},
        expect={
            "registrants[email=quinn@example.org].city": "Oslo",
            "registrants[email=quinn@example.org].id": _w("registrant_id"),
        },
    ),
    Effect("meetingRegistrantQuestionUpdate", "meetingRegistrantsQuestionsGet", body=QUESTIONS, echo=True),
    Effect(
        "meetingRegistrantStatus",
        "meetingRegistrantGet",
        read_path={"registrantId": PENDING},
        expect={"status": "approved", "id": PENDING},
    ),
    Effect("meetingregistrantdelete", "meetingRegistrantGet", gone=(404, 3079)),
    # -- meeting polls, surveys, live streams ------------------------------------------------------------
    Effect(
        "createBatchPolls",
        "meetingPolls",
        body={"polls": [POLL_BODY]},
        expect={"polls[title=Lunch order].questions.0.answers": ["Pizza", "Salad"], "total_records": 2},
    ),
    Effect(
        "meetingPollCreate",
        "meetingPollGet",
        body=POLL_BODY,
        read_path=lambda v: {"pollId": v["write"]["id"]},
        echo=True,
        expect={"status": "notstart"},
    ),
    Effect(
        "meetingPollUpdate",
        "meetingPollGet",
        body={**POLL_BODY, "title": "Was the sync useful?"},
        echo=True,
    ),
    Effect("meetingPollDelete", "meetingPollGet", gone=(404, 404)),
    Effect("meetingSurveyUpdate", "meetingSurveyGet", body=SURVEY, echo=True),
    Effect("meetingSurveyDelete", "meetingSurveyGet", expect={"custom_survey": ABSENT, "third_party_survey": ""}),
    Effect("meetingLiveStreamUpdate", "getMeetingLiveStreamDetails", body=STREAM, echo=True),
    # -- SIP connected audio -----------------------------------------------------------------------------
    Effect(
        "addCalloutCountries",
        "listInternalCalloutCountries",
        body={"callout_countries": [{"id": "GB"}]},
        expect={"callout_countries[id=GB].name": "United Kingdom", "callout_countries[id=GB].code": "44"},
    ),
    Effect("deleteInternalCallOutCountry", "listInternalCalloutCountries", expect={"callout_countries[id=US]": ABSENT}),
    Effect(
        "addInternalNumbers",
        "listInternalNumbers",
        body={
            "internal_numbers": [
                {
                    "number": "+1 2025550177",
                    "display_number": "+1 202 555 0177",
                    "country": "US",
                    "labels": "HQ",
                    "languages": "en-US",
                    "type": 0,
                }
            ]
        },
        expect={
            "internal_numbers[number=+1 2025550177].labels": "HQ",
            "internal_numbers[number=+1 2025550177].id": lambda v: v["write"]["internal_numbers"][0]["id"],
        },
    ),
    Effect(
        "updateInternalNumber",
        "listInternalNumbers",
        body={"labels": "Front desk", "visible": False, "affect_all": True},
        expect={
            f"internal_numbers[id={s.INTERNAL_NUMBER_ID}].labels": "Front desk",
            f"internal_numbers[id={s.INTERNAL_NUMBER_ID}].visible": False,
        },
    ),
    Effect(
        "deleteInternalNumber", "listInternalNumbers", expect={f"internal_numbers[id={s.INTERNAL_NUMBER_ID}]": ABSENT}
    ),
    Effect(
        "assignSipTrunkNumbers",
        "listSipTrunkNumbers",
        body={"phone_numbers": ["+1 2025550199"]},
        expect={"phone_numbers[number=+1 2025550199].country": "US", "total_records": 2},
    ),
    Effect("deleteAllSipNumbers", "listSipTrunkNumbers", expect={"phone_numbers": Count(0), "total_records": 0}),
    Effect(
        "assignSIPConfig",
        "getSIPTrunkConfig",
        body={
            "show_callout_internal_number": False,
            "show_zoom_provided_numbers": 2,
            "show_zoom_provided_callout_countries": 1,
        },
        echo=True,
    ),
    Effect(
        "assignSIPTrunks",
        "listSIPTrunks",
        body={"sip_trunks": [{"id": "7", "dnis": "90007777", "outbound_caller_id": "+12025550100"}]},
        expect={"sip_trunks[id=7].dnis": "90007777", "total_records": 2},
    ),
    Effect("deleteSIPTrunk", "listSIPTrunks", expect={f"sip_trunks[id={s.SIP_TRUNK_ID}]": ABSENT, "total_records": 0}),
    # -- SIP phones --------------------------------------------------------------------------------------
    Effect(
        "EnableSIPPhonePhones",
        "ListSIPPhonePhones",
        expect={
            f"phones[user_email={s.BOB_EMAIL}].phone_id": _w("phone_id"),
            f"phones[user_email={s.BOB_EMAIL}].voice_mail": "4000",
        },
    ),
    Effect(
        "UpdateSIPPhonePhones",
        "ListSIPPhonePhones",
        body={"voice_mail": "4444", "display_number": "5550142"},
        expect={f"phones[phone_id={s.SIP_PHONE_ID}].voice_mail": "4444"},
    ),
    Effect("deleteSIPPhonePhones", "ListSIPPhonePhones", expect={f"phones[phone_id={s.SIP_PHONE_ID}]": ABSENT}),
    # -- meeting summaries -------------------------------------------------------------------------------
    Effect("Deletemeetingorwebinarsummary", "Getameetingsummary", gone=(404, 2305)),
    # -- TSP ---------------------------------------------------------------------------------------------
    Effect(
        "tspUpdate", "tsp", body={"tsp_provider": "Acme Audio", "tsp_bridge": "EU_TSP_TB", "enable": True}, echo=True
    ),
    Effect(
        "userTSPCreate",
        "userTSPs",
        body={"conference_code": "5566", "leader_pin": "4321", "tsp_bridge": "EU_TSP_TB"},
        expect={"tsp_accounts[id=2].conference_code": "5566", "tsp_accounts": Count(2)},
    ),
    Effect("userTSPUpdate", "userTSP", body={"conference_code": "7788", "leader_pin": "9999"}, echo=True),
    Effect("userTSPDelete", "userTSP", gone=(400, 300)),
    # -- templates ---------------------------------------------------------------------------------------
    Effect(
        "meetingTemplateCreate",
        "listMeetingTemplates",
        expect={"templates[name=Sales sync template].id": _w("id"), "total_records": 2},
    ),
    Effect(
        "webinarTemplateCreate",
        "listWebinarTemplates",
        expect={"templates[name=Launch webinar template].id": _w("id"), "total_records": 2},
    ),
    # -- tracking fields ---------------------------------------------------------------------------------
    Effect(
        "trackingfieldCreate",
        "trackingfieldList",
        body={"field": "Region", "recommended_values": ["EMEA", "APAC"], "required": True, "visible": False},
        expect={"tracking_fields[field=Region].recommended_values": ["EMEA", "APAC"], "total_records": 2},
    ),
    Effect(
        "trackingfieldUpdate",
        "trackingfieldGet",
        body={"field": "Department", "recommended_values": ["Sales", "Legal"], "required": True},
        echo=True,
    ),
    Effect("trackingfieldDelete", "trackingfieldGet", gone=(404, 5110)),
    # -- webinars ----------------------------------------------------------------------------------------
    Effect(
        "webinarCreate",
        "webinar",
        body={
            "topic": "Partner summit",
            "type": 5,
            "start_time": "2027-05-05T15:00:00Z",
            "duration": 120,
            "agenda": "Roadmap for partners",
            "settings": {"approval_type": 1, "panelists_video": True},
        },
        read_path=lambda v: {"webinarId": str(v["write"]["id"])},
        echo=True,
    ),
    Effect(
        "webinarUpdate",
        "webinar",
        body={
            "topic": "Launch webinar (v2)",
            "duration": 75,
            "settings": {"approval_type": 0, "notify_registrants": True},
        },
        echo=True,
        echo_skip=("settings.notify_registrants",),
    ),
    Effect("webinarDelete", "webinar", gone=(404, 3001)),
    Effect(
        "webinarStatus",
        "pastWebinars",
        expect={"webinars[uuid=WeB1narUU1DAAAAAAAAAAw==].start_time": "2027-02-03T17:00:00Z"},
    ),
    Effect(
        "addBatchWebinarRegistrants",
        "webinarRegistrants",
        body={
            "auto_approve": True,
            "registrants": [{"email": "rita@example.org", "first_name": "Rita", "last_name": "Reed"}],
        },
        expect={
            "registrants[email=rita@example.org].last_name": "Reed",
            "registrants[email=rita@example.org].id": lambda v: v["write"]["registrants"][0]["registrant_id"],
        },
    ),
    Effect(
        "webinarRegistrantCreate",
        "webinarRegistrants",
        body={"email": "tara@example.org", "first_name": "Tara", "last_name": "Tell"},
        read_query={"status": "pending"},
        expect={"registrants[email=tara@example.org].id": _w("registrant_id"), "total_records": 3},
    ),
    Effect("webinarRegistrantQuestionUpdate", "webinarRegistrantsQuestionsGet", body=QUESTIONS, echo=True),
    Effect(
        "webinarRegistrantStatus",
        "webinarRegistrantGet",
        read_path={"registrantId": WEBINAR_PENDING},
        expect={"status": "approved"},
    ),
    Effect("deleteWebinarRegistrant", "webinarRegistrantGet", gone=(400, 3079)),
    Effect(
        "webinarPanelistCreate",
        "webinarPanelists",
        body={"panelists": [{"email": "sam@example.org", "name": "Sam Speaker", "name_tag_id": s.WEBINAR_NAME_TAG_ID}]},
        expect={"panelists[email=sam@example.org].name": "Sam Speaker", "total_records": 2},
    ),
    Effect("webinarPanelistsDelete", "webinarPanelists", expect={"panelists": Count(0), "total_records": 0}),
    Effect("webinarPanelistDelete", "webinarPanelists", expect={f"panelists[id={s.WEBINAR_PANELIST_ID}]": ABSENT}),
    Effect(
        "webinarPollCreate",
        "webinarPollGet",
        body=POLL_BODY,
        read_path=lambda v: {"pollId": v["write"]["id"]},
        echo=True,
    ),
    Effect("webinarPollUpdate", "webinarPollGet", body={**POLL_BODY, "title": "Which feature next?"}, echo=True),
    Effect("webinarPollDelete", "webinarPolls", expect={f"polls[id={s.WEBINAR_POLL_ID}]": ABSENT, "total_records": 0}),
    Effect("webinarSurveyUpdate", "webinarSurveyGet", body=SURVEY, echo=True),
    Effect("webinarSurveyDelete", "webinarSurveyGet", expect={"custom_survey": ABSENT}),
    Effect("webinarLiveStreamUpdate", "getWebinarLiveStreamDetails", body=STREAM, echo=True),
    # -- webinar branding --------------------------------------------------------------------------------
    Effect(
        "createWebinarBrandingNameTag",
        "getWebinarBranding",
        body={"name": "Speaker", "text_color": "ffffff", "accent_color": "ff0000", "background_color": "000000"},
        expect={"name_tags[name=Speaker].id": _w("id"), "name_tags[name=Speaker].accent_color": "ff0000"},
    ),
    Effect(
        "updateWebinarBrandingNameTag",
        "getWebinarBranding",
        body={"name": "Host", "accent_color": "00ff00"},
        expect={
            f"name_tags[id={s.WEBINAR_NAME_TAG_ID}].name": "Host",
            f"name_tags[id={s.WEBINAR_NAME_TAG_ID}].accent_color": "00ff00",
        },
    ),
    Effect(
        "deleteWebinarBrandingNameTag",
        "getWebinarBranding",
        query={"name_tag_ids": s.WEBINAR_NAME_TAG_ID},
        expect={"name_tags": Count(0)},
    ),
    Effect(
        "uploadWebinarBrandingVB",
        "getWebinarBranding",
        body={"file": ("beach.png", PNG)},
        expect={"virtual_backgrounds[name=beach.png].id": _w("id"), "virtual_backgrounds": Count(2)},
    ),
    Effect(
        "setWebinarBrandingVB",
        "getWebinarBranding",
        setup=_second_background,
        query=lambda v: {"id": v["background"]},
        expect={
            "virtual_backgrounds[name=city.png].is_default": True,
            f"virtual_backgrounds[id={s.WEBINAR_BACKGROUND_ID}].is_default": False,
        },
    ),
    Effect(
        "deleteWebinarBrandingVB",
        "getWebinarBranding",
        query={"ids": s.WEBINAR_BACKGROUND_ID},
        expect={"virtual_backgrounds": Count(0)},
    ),
    Effect(
        "uploadWebinarBrandingWallpaper",
        "getWebinarBranding",
        body={"file": ("stage.jpg", PNG)},
        expect={"wallpaper.id": _w("id")},
    ),
    Effect("deleteWebinarBrandingWallpaper", "getWebinarBranding", expect={"wallpaper": ABSENT}),
    # -- regular accounts only: transcripts and archived files -------------------------------------------
    Effect(
        "DeleteMeetingTranscript",
        "GetMeetingTranscript",
        expect={"can_download": False, "download_url": None, "download_restriction_reason": "DELETED_OR_TRASHED"},
    ),
    Effect(
        "DeleteMeetingTranscript",
        "recordingGet",
        note="files",
        read_path={"meetingId": R},
        expect={f"recording_files[id={s.RECORDING_TRANSCRIPT_FILE_ID}]": ABSENT, "recording_count": 2},
    ),
    Effect(
        "updateArchivedFile",
        "getArchivedFiles",
        body={"auto_delete": True},
        expect={f"archive_files[id={s.ARCHIVE_FILE_ID}].auto_delete": True, "uuid": R},
    ),
    Effect(
        "updateArchivedFile",
        "listArchivedFiles",
        note="listed",
        body={"auto_delete": True},
        expect={f"meetings[uuid={R}].archive_files[id={s.ARCHIVE_FILE_ID}].auto_delete": True},
    ),
    Effect("deleteArchivedFiles", "getArchivedFiles", gone=(404, 3301)),
    Effect(
        "deleteArchivedFiles",
        "getArchivedFileStatistics",
        note="statistics",
        expect={
            "total_records": 0,
            "statistic_by_file_extension.json_file_count": 0,
            "statistic_by_file_status.completed_file_count": 0,
        },
    ),
    Effect("deleteArchivedFiles", "listArchivedFiles", note="listed", expect={f"meetings[uuid={R}]": ABSENT}),
]


def effects_for(document: str) -> list[Effect]:
    """The effects whose write and read are both operations of `document` ("master" or "regular")."""
    operations = DOCUMENTS[document]
    return [e for e in EFFECTS if e.write in operations and e.read in operations]
