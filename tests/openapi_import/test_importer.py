"""The OpenAPI document built from the vendored reference and overlay."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError
from openapi_spec_validator.versions.consts import OPENAPIV31
from openapi_spec_validator.versions.shortcuts import get_spec_version

from zoom_mcp.openapi_import.importer import OverlayError, build_document, render_document
from zoom_mcp.openapi_import.reference_model import Reference

from .helpers import operations_of

EVENTS = "/accounts/{accountId}/live_meetings/{meetingId}/events"
USER_MEETINGS = "/accounts/{accountId}/users/{userId}/meetings"


def body_schema(document: dict[str, Any], method: str, path: str, media: str = "application/json") -> dict[str, Any]:
    schema: dict[str, Any] = document["paths"][path][method]["requestBody"]["content"][media]["schema"]
    return schema


def test_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert get_spec_version(document) == OPENAPIV31  # "3.1.1" is read as OpenAPI 3.1
    validate(document, cls=OpenAPIV31SpecValidator)


def test_the_validator_does_reject_a_broken_document(document: dict[str, Any]) -> None:
    broken = {**document, "paths": {"/x/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    with pytest.raises(OpenAPIValidationError):
        validate(broken, cls=OpenAPIV31SpecValidator)


def test_operation_tag_and_method_counts(document: dict[str, Any]) -> None:
    operations = operations_of(document)
    assert len(operations) == 159
    assert Counter(method for method, _, _ in operations) == {
        "GET": 77,
        "POST": 26,
        "DELETE": 24,
        "PATCH": 23,
        "PUT": 9,
    }
    tags = [tag["name"] for tag in document["tags"]]
    assert len(tags) == 18 and tags[0] == "Archiving" and tags[1] == "Cloud Recording"
    assert {op["tags"][0] for _, _, op in operations} == set(tags)


def test_every_overlay_operation_id_and_query_parameter_is_present(
    document: dict[str, Any], overlay_data: dict[str, Any]
) -> None:
    from zoom_mcp.openapi_import.importer import DEFAULT_CORRECTIONS

    corrections = json.loads(DEFAULT_CORRECTIONS.read_text(encoding="utf-8"))["query"]
    corrected = 0
    for entry in overlay_data["operations"]:
        operation = document["paths"][entry["path"]][entry["method"].lower()]
        assert operation["operationId"] == entry["operationId"]
        query = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
        assert list(query) == [q["name"] for q in entry["query"]]
        for item in entry["query"]:
            expected = {**item, **corrections.get(entry["operationId"], {}).get(item["name"], {})}
            corrected += expected != item
            assert query[item["name"]]["schema"] == expected["schema"]
            assert query[item["name"]]["required"] == expected["required"]
    assert corrected == 3  # billing_id required; the account recordings list's from/to are dates


def test_corrections_fix_what_zoom_documents_differently(document: dict[str, Any]) -> None:
    invoices = document["paths"]["/accounts/{accountId}/report/billing/invoices"]["get"]
    [billing_id] = [p for p in invoices["parameters"] if p["name"] == "billing_id"]
    assert billing_id["required"] is True
    recordings = document["paths"]["/accounts/{accountId}/recordings"]["get"]
    dates = {p["name"]: p["schema"] for p in recordings["parameters"] if p["name"] in ("from", "to")}
    assert dates == {"from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"}}
    assert all("yyyy-mm-dd" in p["description"] for p in recordings["parameters"] if p["name"] in ("from", "to"))


def test_every_path_template_variable_is_a_required_string_path_parameter(document: dict[str, Any]) -> None:
    for _, path, operation in operations_of(document):
        declared = [p for p in operation.get("parameters", []) if p["in"] == "path"]
        assert [p["name"] for p in declared] == re.findall(r"\{([^}]+)\}", path)
        assert all(p["required"] is True and p["schema"] == {"type": "string"} for p in declared)


def test_extensions_follow_the_architecture_contract(reference: Reference, document: dict[str, Any]) -> None:
    labels: Counter[str | None] = Counter()
    for parsed in reference.operations:
        operation = document["paths"][parsed.path][parsed.method.lower()]
        assert (operation["summary"], operation["tags"]) == (parsed.summary, [parsed.tag])
        assert operation["description"] == parsed.description
        assert operation["x-zoom-scopes"] == parsed.scopes
        assert operation["x-zoom-granular-scopes"] == parsed.granular_scopes
        assert operation["x-zoom-prerequisites"] == parsed.prerequisites
        labels[operation.get("x-zoom-rate-limit-label")] += 1
    assert set(labels) <= {"LIGHT", "MEDIUM", "HEAVY", "RESOURCE-INTENSIVE", None}
    assert labels[None] == 13 and labels["HEAVY"] == 27
    recording = document["paths"]["/accounts/{accountId}/meetings/{meetingId}/recordings"]["get"]
    assert recording["x-zoom-scopes"] == ["recording:master"]
    assert recording["x-zoom-granular-scopes"] == ["cloud_recording:read:list_recording_files:master"]
    assert "x-zoom-error-codes" not in recording["responses"]["200"]  # a stray code on a 2xx stays in its text
    assert "**Error Code:** `200`" in recording["responses"]["200"]["description"]
    assert recording["responses"]["404"]["x-zoom-error-codes"] == [
        {"code": 1001, "message": 'User "{userId}" does not exist or does not belong to this account.'},
        {"code": 3301, "message": "There is no recording for this meeting."},
    ]


def test_in_meeting_controls_body(document: dict[str, Any]) -> None:
    schema = body_schema(document, "patch", EVENTS)
    method = schema["properties"]["method"]
    assert method["type"] == "string" and len(method["enum"]) == 11
    assert {"ai_companion.stop", "ai_companion.disable", "participant.invite"} <= set(method["enum"])
    params = schema["properties"]["params"]
    assert params["type"] == "object"
    contacts = params["properties"]["contacts"]
    assert contacts["type"] == "array"
    assert contacts["items"]["type"] == "object"
    assert set(contacts["items"]["properties"]) == {"email", "id"}
    assert params["properties"]["delete_meeting_assets"] == {
        "type": "boolean",
        "default": False,
        "description": params["properties"]["delete_meeting_assets"]["description"],
    }
    example = document["paths"][EVENTS]["patch"]["requestBody"]["content"]["application/json"]["example"]
    assert example["method"] in method["enum"]


def test_create_meeting_body_has_settings_and_recurrence(document: dict[str, Any]) -> None:
    schema = body_schema(document, "post", USER_MEETINGS)
    settings = schema["properties"]["settings"]
    assert settings["type"] == "object" and len(settings["properties"]) >= 50
    for name in ("host_video", "participant_video", "join_before_host", "waiting_room", "auto_recording"):
        assert name in settings["properties"], name
    assert settings["properties"]["approved_or_denied_countries_or_regions"]["type"] == "object"
    recurrence = schema["properties"]["recurrence"]
    assert recurrence["type"] == "object"
    assert recurrence["properties"]["type"]["enum"] == [1, 2, 3]
    assert "type" in recurrence.get("required", [])
    assert {"end_date_time", "end_times", "monthly_day", "repeat_interval", "weekly_days"} <= set(
        recurrence["properties"]
    )
    assert schema["properties"]["type"]["enum"] == [1, 2, 3, 8, 10]


def test_list_meetings_query_parameters(document: dict[str, Any]) -> None:
    operation = document["paths"][USER_MEETINGS]["get"]
    query = [p["name"] for p in operation["parameters"] if p["in"] == "query"]
    assert {"type", "page_size", "next_page_token", "from", "to"} <= set(query)
    assert operation["operationId"] == "meetings"


def test_multipart_uploads_have_a_binary_file_field(document: dict[str, Any]) -> None:
    multipart = [
        (path, operation)
        for _, path, operation in operations_of(document)
        if "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    ]
    assert len(multipart) == 2
    for path, operation in multipart:
        assert path.startswith("/accounts/{accountId}/webinars/{webinarId}/branding/")
        schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
        assert schema["properties"]["file"]["type"] == "string"
        assert schema["properties"]["file"]["format"] == "binary"
        assert schema["required"] == ["file"]
        assert operation["requestBody"]["required"] is True


def test_responses_keep_descriptions_schemas_and_examples(document: dict[str, Any]) -> None:
    for method, path, operation in operations_of(document):
        for status, response in operation["responses"].items():
            assert response["description"], f"{method} {path} {status}"
            for media in response.get("content", {}).values():
                assert "schema" in media and "example" in media, f"{method} {path} {status}"
    deleted = document["paths"]["/accounts/{accountId}/meetings/{meetingId}/recordings"]["delete"]
    assert deleted["responses"]["204"] == {"description": "The recording was successfully deleted."}


def test_all_of_groups_are_kept_as_all_of_of_object_schemas(document: dict[str, Any]) -> None:
    recording = document["paths"]["/accounts/{accountId}/meetings/{meetingId}/recordings"]["get"]
    schema = recording["responses"]["200"]["content"]["application/json"]["schema"]
    assert all(part["type"] == "object" for part in schema["allOf"])
    merged = {name for part in schema["allOf"] for name in part.get("properties", {})}
    assert {"uuid", "recording_files", "participant_audio_files", "download_access_token"} <= merged


def test_rendering_is_deterministic(reference: Reference, document: dict[str, Any]) -> None:
    from zoom_mcp.openapi_import.importer import DEFAULT_OVERLAY, load_overlay

    again = build_document(reference, load_overlay(DEFAULT_OVERLAY))
    text = render_document(document)
    assert render_document(again) == text and text.endswith("}\n")


def test_overlay_that_misses_an_operation_is_rejected(reference: Reference) -> None:
    from zoom_mcp.openapi_import.importer import DEFAULT_OVERLAY, load_overlay

    overlay = load_overlay(DEFAULT_OVERLAY)
    overlay.pop(("GET", USER_MEETINGS))
    with pytest.raises(OverlayError, match=r"missing from overlay.*users/\{userId\}/meetings"):
        build_document(reference, overlay)


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    merged = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        merged.update(_properties(part))
    return merged


def _misplaced(schema: dict[str, Any] | None, value: Any, where: str, documented: set[str]) -> list[str]:
    if isinstance(value, list):
        items = schema.get("items") if schema else None
        return [p for element in value for p in _misplaced(items, element, where + "[]", documented)]
    if not isinstance(value, dict):
        return []
    problems = []
    properties = _properties(schema) if schema else {}
    for key, child in value.items():
        path = f"{where}.{key}" if where else key
        if key in properties:
            problems += _misplaced(properties[key], child, path, documented)
        elif key in documented:
            problems.append(path)
    return problems


def _all_names(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return {name for item in schema for name in _all_names(item)}
    if not isinstance(schema, dict):
        return set()
    names = set(schema.get("properties", {}))
    for key in ("properties", "allOf", "items"):
        if key in schema:
            names |= _all_names(list(schema[key].values()) if key == "properties" else schema[key])
    return names


def test_document_schemas_nest_every_example_key_where_the_example_has_it(document: dict[str, Any]) -> None:
    checked, problems = 0, []
    for method, path, operation in operations_of(document):
        media = list(operation.get("requestBody", {}).get("content", {}).items())
        media += [item for r in operation["responses"].values() for item in r.get("content", {}).items()]
        for media_type, content in media:
            if media_type == "application/json" and "schema" in content and "example" in content:
                checked += 1
                names = _all_names(content["schema"])
                problems += [
                    f"{method} {path}: {p}" for p in _misplaced(content["schema"], content["example"], "", names)
                ]
    assert problems == []
    assert checked >= 150


def test_schema_nesting_check_catches_a_moved_property(document: dict[str, Any]) -> None:
    schema = copy.deepcopy(body_schema(document, "patch", EVENTS))
    schema["properties"]["contacts"] = schema["properties"]["params"]["properties"].pop("contacts")
    example = {"method": "participant.invite", "params": {"contacts": [{"email": "jchill@example.com"}]}}
    assert _misplaced(schema, example, "", _all_names(schema)) == ["params.contacts"]
