"""Guard tests over the whole real catalogue (tool_specs/tools.json) against the OpenAPI document."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from zoom_mcp.catalog.registry import Catalog, ToolSpec, load_catalog, wire_name
from zoom_mcp.catalog.schemas import schema_keywords

ROOT = Path(__file__).resolve().parents[2]
OPENAPI = ROOT / "tool_specs" / "zoom-meetings.openapi.json"
CATALOG = ROOT / "tool_specs" / "tools.json"
SNAPSHOT = Path(__file__).parent / "snapshots" / "catalogue.json"
METHODS = ("get", "put", "post", "delete", "patch")
ANNOTATION_KEYS = {"title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}
HIGH_DANGER = {
    "recordingDelete",
    "recordingDeleteOne",
    "Deletemeetingorwebinarsummary",
    "deleteAllSipNumbers",
    "webinarPanelistsDelete",
    "webinarDelete",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(CATALOG)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(OPENAPI.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def by_operation_id(catalog: Catalog) -> dict[str, ToolSpec]:
    return {str(tool.operation_id): tool for tool in catalog.tools}


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], list[dict[str, Any]]]]:
    found = []
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                found.append((method.upper(), path, item[method], item.get("parameters", [])))
    return found


def _deref(document: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def _top_level_fields(document: dict[str, Any], schema: Any) -> set[str]:
    """Property names of a body schema, following $ref and allOf (written independently of the compiler)."""
    schema = _deref(document, schema)
    names = set((schema.get("properties") or {}).keys())
    for part in schema.get("allOf", []):
        names |= _top_level_fields(document, part)
    return names


def test_one_tool_per_operation(catalog: Catalog, document: dict[str, Any]) -> None:
    operations = _operations(document)
    assert len(operations) == 159
    assert len(catalog.tools) == 159
    assert json.loads(CATALOG.read_text())["tool_count"] == 159
    assert {(t.method, t.path) for t in catalog.tools} == {(m, p) for m, p, _, _ in operations}
    assert len(catalog.toolsets) == len(document.get("tags", [])) == 18


def test_names_are_unique_short_and_valid(catalog: Catalog) -> None:
    names = [tool.name for tool in catalog.tools]
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z0-9_]+", name), name
        assert len(name) <= 48, name


def test_input_schemas_are_valid_self_contained_objects(catalog: Catalog) -> None:
    for tool in catalog.tools:
        schema = tool.input_schema
        Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object", tool.name
        assert schema["additionalProperties"] is False, tool.name
        assert not {"$ref", "allOf", "nullable", "$defs"} & schema_keywords(schema), tool.name
        assert '"$ref"' not in json.dumps(schema), tool.name
        assert set(schema.get("required", [])) <= set(schema["properties"]), tool.name
        assert set(tool.arguments) == set(schema["properties"]), tool.name
        assert "accountId" not in schema.get("required", []), tool.name
        assert not {"oneOf", "anyOf"} & set(schema), tool.name


def test_every_annotation_is_explicit_and_follows_the_method(catalog: Catalog) -> None:
    for tool in catalog.tools:
        annotations = tool.annotations
        assert set(annotations) == ANNOTATION_KEYS, tool.name
        assert all(isinstance(annotations[k], bool) for k in ANNOTATION_KEYS - {"title"}), tool.name
        assert annotations["title"] == tool.title and tool.title
        assert annotations["readOnlyHint"] is (tool.method == "GET"), tool.name
        assert annotations["idempotentHint"] is (tool.method in ("GET", "PUT", "DELETE")), tool.name
        assert annotations["openWorldHint"] is True
        if tool.method == "DELETE":
            assert annotations["destructiveHint"] is True, tool.name
        if tool.method == "GET":
            assert annotations["destructiveHint"] is False, tool.name
        assert tool.danger in ("normal", "high")


def test_gated_tools_and_only_they_take_a_confirmation_token(catalog: Catalog) -> None:
    for tool in catalog.tools:
        has_token = "confirmation_token" in tool.input_schema["properties"]
        assert has_token is tool.gated, tool.name
        if has_token:
            assert tool.arguments["confirmation_token"] == {"in": "control"}
            assert tool.input_schema["properties"]["confirmation_token"]["type"] == "string"


def test_every_query_parameter_and_body_field_is_an_argument(catalog: Catalog, document: dict[str, Any]) -> None:
    by_route = {(t.method, t.path): t for t in catalog.tools}
    for method, path, operation, shared in _operations(document):
        tool = by_route[(method, path)]
        wire = {(a["in"], wire_name(key, a)) for key, a in tool.arguments.items()}
        for parameter in [_deref(document, p) for p in shared + operation.get("parameters", [])]:
            if parameter["in"] in ("query", "path"):
                assert (parameter["in"], parameter["name"]) in wire, (tool.name, parameter["name"])
        body = operation.get("requestBody")
        if body is None:
            continue
        for media in _deref(document, body)["content"].values():
            for field in _top_level_fields(document, media.get("schema", {})):
                assert ("body", field) in wire, (tool.name, field)


def _required_fields(document: dict[str, Any], schema: Any) -> set[str]:
    schema = _deref(document, schema)
    names = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        names |= _required_fields(document, part)
    return names


def test_required_lists_follow_the_document(catalog: Catalog, document: dict[str, Any]) -> None:
    by_route = {(t.method, t.path): t for t in catalog.tools}
    for method, path, operation, shared in _operations(document):
        tool = by_route[(method, path)]
        required = tool.input_schema.get("required", [])
        required_wire = {(tool.arguments[key]["in"], wire_name(key, tool.arguments[key])) for key in required}
        expected = set()
        for parameter in [_deref(document, p) for p in shared + operation.get("parameters", [])]:
            if parameter.get("required") and parameter["in"] in ("path", "query") and parameter["name"] != "accountId":
                expected.add((parameter["in"], parameter["name"]))
        body = operation.get("requestBody")
        for media in (_deref(document, body)["content"] if body else {}).values():
            expected |= {("body", name) for name in _required_fields(document, media.get("schema", {}))}
        assert required_wire == expected, tool.name


def test_defaults_and_enums_are_valid_for_their_own_schemas(catalog: Catalog) -> None:
    def check(schema: dict[str, Any], where: str) -> None:
        own = {k: v for k, v in schema.items() if k not in ("properties", "items", "default")}
        if "default" in schema:
            assert Draft202012Validator(own).is_valid(schema["default"]), where
        for name, sub in (schema.get("properties") or {}).items():
            check(sub, f"{where}.{name}")
        if isinstance(schema.get("items"), dict):
            check(schema["items"], f"{where}[]")

    for tool in catalog.tools:
        check(tool.input_schema, tool.name)


def test_output_schemas_are_permissive_and_accept_the_examples(catalog: Catalog, document: dict[str, Any]) -> None:
    by_route = {(t.method, t.path): t for t in catalog.tools}
    checked = 0
    for method, path, operation, _ in _operations(document):
        tool = by_route[(method, path)]
        if tool.output_schema is None:
            continue
        schema = tool.output_schema
        Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object", tool.name
        assert not {"required", "enum", "const", "$ref"} & schema_keywords(schema), tool.name
        assert schema.get("additionalProperties", True) is not False, tool.name
        validator = Draft202012Validator(schema)
        for status in ("200", "201", "202"):
            response = _deref(document, operation.get("responses", {}).get(status))
            media = ((response or {}).get("content") or {}).get("application/json") or {}
            if "example" in media:
                example = media["example"]
                if tool.output_wrapper:
                    example = {tool.output_wrapper: example}
                validator.validate(example)
                checked += 1
    assert checked > 50


def test_output_schemas_keep_every_answer_field_by_name(by_operation_id: dict[str, ToolSpec]) -> None:
    listing = by_operation_id["meetings"].output_schema
    assert listing is not None
    meeting = listing["properties"]["meetings"]["items"]["properties"]
    assert {"id", "uuid", "topic", "start_time", "join_url"} <= set(meeting)
    validator = Draft202012Validator(listing)
    validator.validate({"meetings": None, "next_page_token": 5})
    validator.validate({"meetings": [{"id": "not-a-number", "topic": None}]})


def test_instance_ids_say_to_pass_uuids_as_they_are(catalog: Catalog) -> None:
    for tool in catalog.tools:
        for name in ("meetingId", "webinarId"):
            text = tool.input_schema["properties"].get(name, {}).get("description", "")
            assert "double URL-encoded" not in text, tool.name


def test_list_meetings_takes_the_filters(catalog: Catalog, by_operation_id: dict[str, ToolSpec]) -> None:
    tool = by_operation_id["meetings"]
    assert {"type", "page_size", "next_page_token", "from", "to", "userId"} <= set(tool.input_schema["properties"])
    assert tool.read_only and tool.toolset == "meetings"


def test_in_meeting_controls_take_all_methods_and_nested_params(by_operation_id: dict[str, ToolSpec]) -> None:
    tool = by_operation_id["inMeetingControl"]
    assert tool.name == "meeting_live_controls"
    props = tool.input_schema["properties"]
    assert sorted(props["method"]["enum"]) == sorted(
        [
            "recording.start",
            "recording.stop",
            "recording.pause",
            "recording.resume",
            "participant.invite",
            "participant.invite.callout",
            "participant.invite.room_system_callout",
            "waiting_room.update",
            "ai_companion.start",
            "ai_companion.stop",
            "ai_companion.disable",
        ]
    )
    params = props["params"]["properties"]
    assert {"contacts", "delete_meeting_assets", "ai_companion_mode", "invitee_name", "phone_number"} <= set(params)
    assert params["contacts"]["items"]["properties"].keys() >= {"email", "id"}
    for word in (
        "start",
        "stop",
        "pause",
        "resume",
        "recording",
        "AI Companion",
        "invite",
        "waiting room",
        "live meeting",
    ):
        assert word.lower() in tool.description.lower(), word
    assert {"when": {"method": "ai_companion.disable"}} in [{"when": c["when"]} for c in tool.destructive_when]
    assert {"method": "ai_companion.stop", "params.delete_meeting_assets": True} in [
        c["when"] for c in tool.destructive_when
    ]


def test_create_meeting_carries_settings_and_recurrence(by_operation_id: dict[str, ToolSpec]) -> None:
    props = by_operation_id["meetingCreate"].input_schema["properties"]
    settings = props["settings"]["properties"]
    assert len(settings) > 40
    assert {"join_before_host", "waiting_room", "auto_recording", "approval_type"} <= set(settings)
    assert {"type", "repeat_interval", "end_date_time", "end_times"} <= set(props["recurrence"]["properties"])


def test_destructive_values_and_danger_levels(by_operation_id: dict[str, ToolSpec]) -> None:
    def conditions(operation_id: str) -> list[dict[str, Any]]:
        return [c["when"] for c in by_operation_id[operation_id].destructive_when]

    assert conditions("meetingRegistrantStatus") == [{"action": ["deny", "cancel"]}]
    assert conditions("webinarRegistrantStatus") == [{"action": ["deny", "cancel"]}]
    assert conditions("recordingDelete") == [{"action": "delete"}]
    assert conditions("meetingStatus") == [{"action": "end"}]
    assert by_operation_id["webinarStatus"].destructive
    assert not by_operation_id["meetingStatus"].destructive
    high = {op_id for op_id, tool in by_operation_id.items() if tool.danger == "high"}
    assert high == HIGH_DANGER
    assert all(by_operation_id[op_id].destructive for op_id in HIGH_DANGER)


def test_descriptions_name_scopes_and_rate_limits(catalog: Catalog) -> None:
    for tool in catalog.tools:
        assert tool.description, tool.name
        for scope in tool.operation["scopes"]:
            assert scope in tool.description, tool.name
        if tool.operation["rateLimit"]:
            assert tool.operation["rateLimit"] in tool.description, tool.name


def test_specs_build_check_passes_on_the_repository() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "zoom_mcp", "specs", "build", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def _snapshot_of(catalog: Catalog) -> dict[str, Any]:
    return {
        tool.name: {
            "toolset": tool.toolset,
            "annotations": tool.annotations,
            "input": sorted(tool.input_schema["properties"]),
            "required": sorted(tool.input_schema.get("required", [])),
            "destructiveWhen": tool.destructive_when,
            "danger": tool.danger,
        }
        for tool in catalog.tools
    }


def test_catalogue_matches_the_reviewed_snapshot(catalog: Catalog) -> None:
    current = _snapshot_of(catalog)
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text(json.dumps(dict(sorted(current.items())), indent=1) + "\n")
    assert SNAPSHOT.exists(), f"{SNAPSHOT} is missing; review the catalogue and run UPDATE_SNAPSHOTS=1 pytest"
    reviewed = json.loads(SNAPSHOT.read_text())
    assert current == reviewed, "the catalogue changed; review the diff and run UPDATE_SNAPSHOTS=1 pytest"
