"""The parser over the vendored reference: counts, metadata, and nesting confirmed by every example."""

from __future__ import annotations

from collections import Counter

from zoom_mcp.openapi_import.example_check import misplaced_keys
from zoom_mcp.openapi_import.reference_model import Reference
from zoom_mcp.openapi_import.reference_parser import extract_prerequisites, parse_error_codes, parse_reference

from .helpers import find_operation

EVENTS = "/accounts/{accountId}/live_meetings/{meetingId}/events"


def test_header_and_operation_counts(reference: Reference) -> None:
    assert (reference.title, reference.openapi_version, reference.api_version) == ("Meetings", "3.1.1", "2")
    assert reference.servers == ["https://api.zoom.us/v2"]
    assert len(reference.operations) == 159
    assert len(reference.tags()) == 18
    assert Counter(op.method for op in reference.operations) == {
        "GET": 77,
        "POST": 26,
        "DELETE": 24,
        "PATCH": 23,
        "PUT": 9,
    }


def test_bodies_content_types_and_rate_limit_labels(reference: Reference) -> None:
    bodies = Counter(op.request_body.content_type for op in reference.operations if op.request_body)
    assert bodies == {"application/json": 55, "multipart/form-data": 2}
    labels = Counter(op.rate_limit_label for op in reference.operations)
    assert labels[None] == 13
    assert set(labels) == {"LIGHT", "MEDIUM", "HEAVY", None}  # "Heavy" normalised


def test_every_documented_example_key_sits_where_the_example_puts_it(reference: Reference) -> None:
    checked = 0
    problems = []
    for op in reference.operations:
        payloads = [("request body", op.request_body)]
        payloads += [(f"response {r.status}", r.content) for r in op.responses if r.status.startswith("2")]
        for label, content in payloads:
            if content is None or content.shape is None or not content.has_example:
                continue
            if label == "request body" and content.content_type != "application/json":
                continue
            checked += 1
            problems += [
                f"{op.method} {op.path} {label}: {key}" for key in misplaced_keys(content.shape, content.example)
            ]
    assert problems == []
    assert checked >= 150  # 55 JSON bodies with examples and about 100 2xx answers with examples


def test_in_meeting_controls_body(reference: Reference) -> None:
    body = find_operation(reference, "PATCH", EVENTS).request_body
    assert body is not None and body.shape is not None
    method = body.shape.find("method")
    assert method is not None and method.enum is not None and len(method.enum) == 11
    params = body.shape.find("params")
    assert params is not None and params.children is not None
    contacts = params.children.find("contacts")
    assert contacts is not None and contacts.items is not None and contacts.items.shape is not None
    assert [f.name for f in contacts.items.shape.fields] == ["email", "id"]
    delete_assets = params.children.find("delete_meeting_assets")
    assert delete_assets is not None and delete_assets.type == "boolean"
    assert delete_assets.has_default and delete_assets.default is False


def test_metadata_of_one_operation(reference: Reference) -> None:
    op = reference.operations[0]
    assert (op.summary, op.method, op.path, op.tag) == (
        "List archived files",
        "GET",
        "/accounts/{accountId}/archive_files",
        "Archiving",
    )
    assert op.description.startswith("Get an account's archived meeting or webinar files.")
    assert op.prerequisites == ["The Meeting and Webinar Archiving feature enabled for your account by Zoom Support."]
    assert op.scopes == ["recording:master"]
    assert op.granular_scopes == ["archiving:read:list_archived_files:master"]
    assert op.rate_limit_label == "MEDIUM"
    assert [r.status for r in op.responses] == ["200", "400", "429"]
    assert [(c.code, c.message) for c in op.responses[1].error_codes] == [(2001, "Account does not exist: {accountId}")]


def test_prerequisite_styles() -> None:
    assert extract_prerequisites(["Intro.", "Prerequisites:", "- One.", "- Two.", "More prose."]) == ["One.", "Two."]
    assert extract_prerequisites(["Intro. Prerequisites: * A Pro plan. * Surveys on."]) == [
        "A Pro plan.",
        "Surveys on.",
    ]
    assert extract_prerequisites(["<b>Prerequisites:</b>", "- A master account."]) == ["A master account."]
    assert extract_prerequisites(["Prerequisites:", "-", "Pro plan.", "-", "Streaming set.", "-", "Note:"]) == [
        "Pro plan.",
        "Streaming set.",
    ]
    assert extract_prerequisites(["Check the prerequisites in the guide."]) == []


def test_error_codes_are_split_and_cleaned() -> None:
    text = (
        "**HTTP Status Code:** `404` <br> Not Found **Error Code:** `1001` <br> User {userId} does not exist.<br> <br> "
        "**Error Code:** `3301` <br> There is no recording for this meeting. <br>"
    )
    assert [(c.code, c.message) for c in parse_error_codes(text)] == [
        (1001, "User {userId} does not exist."),
        (3301, "There is no recording for this meeting."),
    ]


def test_a_small_document_parses_end_to_end() -> None:
    text = "\n".join(
        [
            "Meetings",
            "- OpenAPI Version:",
            "3.1.1 - API Version:",
            "2",
            "About.",
            "Servers",
            "- URL:",
            "https://api.zoom.us/v2",
            "Operations",
            "End a thing",
            "- Method:",
            "PUT - Path:",
            "/things/{thingId}/status - Tags: Things",
            "Ends it.",
            "Scopes: thing:master",
            "Rate Limit Label: Heavy",
            "Request Body",
            "Content-Type: application/json",
            "-",
            'action(required)string, possible values:"end"',
            "Example:",
            "{",
            '"action": "end"',
            "}",
            "Responses",
            "Status: 204 Ended.",
            "Status: 404 **HTTP Status Code:** `404` <br> Not Found **Error Code:** `3001` <br> No thing: {thingId}.",
        ]
    )
    parsed = parse_reference(text)
    (op,) = parsed.operations
    assert (op.method, op.path, op.tag, op.rate_limit_label) == ("PUT", "/things/{thingId}/status", "Things", "HEAVY")
    assert op.request_body is not None and op.request_body.example == {"action": "end"}
    assert op.request_body.shape is not None and op.request_body.shape.fields[0].required
    assert [r.status for r in op.responses] == ["204", "404"]
    assert op.responses[1].error_codes[0].code == 3001
