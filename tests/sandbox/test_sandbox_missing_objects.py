"""A missing object answers with Zoom's status and error code, as the reference documents per operation.

Each case addresses an unknown sub-object (registrant, poll, tracking field, device, phone, trunk, number,
country, TSP config, name tag, panelist, recording file, billing report) or an object in the wrong state (a
webinar that never took place, a user without PAC). Where the document lists the code for the operation
(`x-zoom-error-codes`), the test checks that the sandbox's answer is one of the listed ones.
"""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest

from tests.sandbox.writes import OPERATIONS, send
from zoom_mcp.sandbox import seed as s
from zoom_mcp.sandbox.config import default_spec_path
from zoom_mcp.sandbox.samples import sample_request

BOGUS = "nOtAnId0000000000000"


def _declared() -> dict[str, set[tuple[int, int]]]:
    document = json.loads(default_spec_path().read_text())
    declared: dict[str, set[tuple[int, int]]] = {}
    for item in document["paths"].values():
        for method, op in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                codes = declared.setdefault(op["operationId"], set())
                for status, response in op.get("responses", {}).items():
                    codes.update((int(status), e["code"]) for e in response.get("x-zoom-error-codes", []))
    return declared


DECLARED = _declared()

# (operationId, path overrides, query overrides, expected (status, code), documented in the reference)
CASES: list[tuple[str, dict[str, str], dict[str, Any], tuple[int, int], bool]] = [
    ("meetingRegistrantGet", {"registrantId": BOGUS}, {}, (404, 3079), False),
    ("meetingregistrantdelete", {"registrantId": BOGUS}, {}, (400, 300), True),
    ("webinarRegistrantGet", {"registrantId": BOGUS}, {}, (400, 3079), True),
    ("deleteWebinarRegistrant", {"registrantId": BOGUS}, {}, (400, 3000), True),
    ("meetingPollGet", {"pollId": BOGUS}, {}, (404, 404), True),
    ("meetingPollUpdate", {"pollId": BOGUS}, {}, (404, 404), True),
    ("meetingPollDelete", {"pollId": BOGUS}, {}, (404, 404), True),
    ("webinarPollGet", {"pollId": BOGUS}, {}, (404, 404), False),
    ("webinarPollDelete", {"pollId": BOGUS}, {}, (400, 4400), True),
    ("trackingfieldGet", {"fieldId": BOGUS}, {}, (404, 5110), True),
    ("trackingfieldUpdate", {"fieldId": BOGUS}, {}, (404, 5110), True),
    ("trackingfieldDelete", {"fieldId": BOGUS}, {}, (404, 5110), True),
    ("deviceUpdate", {"deviceId": BOGUS}, {}, (404, 404), False),
    ("deviceDelete", {"deviceId": BOGUS}, {}, (404, 404), False),
    ("UpdateSIPPhonePhones", {"phoneId": BOGUS}, {}, (404, 2305), False),
    ("deleteSIPPhonePhones", {"phoneId": BOGUS}, {}, (404, 2305), True),
    ("deleteSIPTrunk", {"trunkId": BOGUS}, {}, (404, 2301), True),
    ("deleteInternalNumber", {"numberId": BOGUS}, {}, (404, 2303), True),
    ("updateInternalNumber", {"numberId": BOGUS}, {}, (404, 2303), False),
    ("deleteInternalCallOutCountry", {"countryId": "ZZ"}, {}, (404, 2302), True),
    ("userTSP", {"tspId": "2"}, {}, (400, 300), True),
    ("userTSPUpdate", {"tspId": "2"}, {}, (400, 300), True),
    ("userTSPDelete", {"tspId": "2"}, {}, (400, 300), True),
    ("updateWebinarBrandingNameTag", {"nameTagId": BOGUS}, {}, (400, 300), True),
    ("deleteWebinarBrandingNameTag", {}, {"name_tag_ids": BOGUS}, (400, 300), True),
    ("deleteWebinarBrandingVB", {}, {"ids": BOGUS}, (400, 300), True),
    ("setWebinarBrandingVB", {}, {"id": BOGUS}, (400, 300), True),
    ("webinarPanelistDelete", {"panelistId": BOGUS}, {}, (404, 3001), False),
    ("recordingDeleteOne", {"recordingId": BOGUS}, {}, (404, 3301), False),
    ("recordingStatusUpdateOne", {"recordingId": BOGUS}, {}, (404, 3301), False),
    ("getBillingInvoicesReports", {}, {"billing_id": BOGUS}, (404, 5010), True),
    ("reportWebinarDetails", {"webinarId": str(s.WEBINAR_ID)}, {}, (404, 3001), True),
    ("reportWebinarParticipants", {"webinarId": str(s.WEBINAR_ID)}, {}, (404, 3001), True),
    ("webinarAbsentees", {"webinarId": str(s.WEBINAR_ID)}, {}, (404, 3001), True),
    ("userPACs", {"userId": s.ALICE_ID}, {}, (400, 2024), True),
    ("meetingTemplateCreate", {}, {}, (400, 3001), True),
]


@pytest.mark.parametrize(
    ("operation_id", "path", "query", "expected", "documented"), CASES, ids=[f"{c[0]}-{c[3][1]}" for c in CASES]
)
def test_missing_object_answers_zooms_code(
    operation_id: str,
    path: dict[str, str],
    query: dict[str, Any],
    expected: tuple[int, int],
    documented: bool,
    api: httpx2.Client,
) -> None:
    op = OPERATIONS[operation_id]
    sample_path, sample_query, body = sample_request(op)
    if operation_id == "meetingTemplateCreate":
        body = {"meeting_id": 12345678901, "name": "From nowhere"}
    answer = send(api, op, {**sample_path, **path}, {**sample_query, **query}, body)
    assert (answer.status_code, answer.json().get("code")) == expected, answer.text
    assert answer.json()["message"]
    if documented:
        assert expected in DECLARED[operation_id], f"{operation_id}: {expected} is not among {DECLARED[operation_id]}"


def test_an_occurrence_that_is_not_there_is_a_400(api: httpx2.Client) -> None:
    path = f"/accounts/me/meetings/{s.RECURRING_MEETING_ID}"
    answer = api.delete(path, params={"occurrence_id": "1"})
    assert (answer.status_code, answer.json()["code"]) == (400, 300)
    assert (400, 300) in DECLARED["meetingDelete"]


def test_recovering_a_meeting_that_was_not_deleted_is_a_400(api: httpx2.Client) -> None:
    answer = api.put(f"/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}/status", json={"action": "recover"})
    assert (answer.status_code, answer.json()["code"]) == (400, 3000)
    gone = api.put("/accounts/me/meetings/12345678901/status", json={"action": "recover"})
    assert (gone.status_code, gone.json()["code"]) == (404, 3001)
