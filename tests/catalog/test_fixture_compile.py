"""Compiling the fixture documents: $ref, allOf, nullable, name collisions, multipart, 3.0 and 3.1."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from tests.catalog.conftest import tools_by_name
from zoom_mcp.catalog.schemas import schema_keywords


def test_every_fixture_tool_is_valid_and_self_contained(
    yaml_catalog: dict[str, Any], json_catalog: dict[str, Any]
) -> None:
    for catalog in (yaml_catalog, json_catalog):
        for tool in catalog["tools"]:
            Draft202012Validator.check_schema(tool["inputSchema"])
            assert tool["inputSchema"]["type"] == "object"
            assert tool["inputSchema"]["additionalProperties"] is False
            assert '"$ref"' not in json.dumps(tool)
            assert "nullable" not in schema_keywords(tool["inputSchema"])
            assert "allOf" not in schema_keywords(tool["inputSchema"]) | schema_keywords(tool.get("outputSchema"))


def test_refs_and_all_of_are_merged_into_flat_body_fields(yaml_catalog: dict[str, Any]) -> None:
    tool = tools_by_name(yaml_catalog)["thing_update"]
    props = tool["inputSchema"]["properties"]
    assert list(props) == ["accountId", "type", "page_size", "topic", "start_time", "body_type", "settings", "parent"]
    assert props["topic"] == {"type": "string", "maxLength": 200, "description": "The topic."}
    assert props["settings"]["properties"]["mute"] == {"type": "boolean", "default": False}
    assert props["settings"]["properties"]["level"] == {"type": "integer", "exclusiveMinimum": 0}
    assert props["page_size"] == {
        "type": "integer",
        "default": 30,
        "maximum": 300,
        "minimum": 1,
        "description": "Records per page (limits).",
    }


def test_nullable_becomes_a_type_array(yaml_catalog: dict[str, Any]) -> None:
    start_time = tools_by_name(yaml_catalog)["thing_update"]["inputSchema"]["properties"]["start_time"]
    assert start_time == {"type": ["string", "null"], "format": "date-time"}
    Draft202012Validator(start_time).validate(None)


def test_a_name_in_path_and_body_gets_a_body_prefix(yaml_catalog: dict[str, Any]) -> None:
    tool = tools_by_name(yaml_catalog)["thing_update"]
    arguments = tool["_meta"]["zoom-mcp/operation"]["arguments"]
    assert arguments["type"] == {"in": "path"}  # the wire name is the argument's own
    assert arguments["body_type"] == {"in": "body", "name": "type"}
    assert tool["inputSchema"]["properties"]["body_type"]["enum"] == [1, 2, 8]


def test_required_lists_are_exact_and_account_id_is_optional(yaml_catalog: dict[str, Any]) -> None:
    tool = tools_by_name(yaml_catalog)["thing_update"]
    assert tool["inputSchema"]["required"] == ["type", "topic", "body_type"]
    assert "defaults to the configured account" in tool["inputSchema"]["properties"]["accountId"]["description"]


def test_a_circular_ref_is_cut_with_a_permissive_object(yaml_catalog: dict[str, Any]) -> None:
    parent = tools_by_name(yaml_catalog)["thing_update"]["inputSchema"]["properties"]["parent"]
    cut = parent["properties"]["children"]["items"]
    assert cut["type"] == "object"
    assert "Recursive" in cut["description"]


def test_a_multipart_file_takes_inline_content_or_a_path(yaml_catalog: dict[str, Any]) -> None:
    tool = tools_by_name(yaml_catalog)["file_upload"]
    file_schema = tool["inputSchema"]["properties"]["file"]
    assert "type" not in file_schema  # the union sits under the argument, never at the schema root
    assert tool["inputSchema"]["type"] == "object" and "anyOf" not in tool["inputSchema"]
    inline, path = file_schema["anyOf"]
    assert inline["type"] == "object" and inline["additionalProperties"] is False
    assert inline["required"] == ["content_base64", "filename", "media_type"]
    assert inline["properties"]["content_base64"]["maxLength"] == 20_000_000  # base64 of 15,000,000 bytes
    assert path["type"] == "string" and "--upload-dir" in path["description"]
    assert "inline" in file_schema["description"] and "stdio" in file_schema["description"]
    meta = tool["_meta"]["zoom-mcp/operation"]
    assert meta["contentType"] == "multipart/form-data"
    assert meta["arguments"]["file"] == {"in": "body", "format": "binary", "maxBytes": 15_000_000}
    assert meta["fileFields"] == ["file"]
    assert "fileFields" not in tools_by_name(yaml_catalog)["thing_update"]["_meta"]["zoom-mcp/operation"]
    assert tool["inputSchema"]["required"] == ["file"]
    validator = Draft202012Validator(tool["inputSchema"])
    assert validator.is_valid({"file": {"content_base64": "iVBORw==", "filename": "a.png", "media_type": "image/png"}})
    assert validator.is_valid({"file": "logo.png"})
    assert not validator.is_valid({"file": {"content_base64": "iVBORw==", "filename": "a.png"}})
    assert not validator.is_valid({"file": {"content_base64": "x", "filename": "a.png", "media_type": "png"}})


def test_the_upload_limit_comes_from_the_operation_description() -> None:
    from zoom_mcp.catalog.uploads import DEFAULT_UPLOAD_MAX_BYTES, upload_limit

    assert upload_limit("- The wallpaper file size cannot exceed 15 megabytes.") == 15_000_000
    assert upload_limit("The virtual background file size cannot exceed 15 megabytes (MB).") == 15_000_000
    assert upload_limit("The logo file size cannot exceed 2 MB.") == 2_000_000
    assert upload_limit("No limit stated.") == DEFAULT_UPLOAD_MAX_BYTES


def test_the_catalogue_caps_each_branding_upload_at_zooms_documented_15_mb() -> None:
    from zoom_mcp.catalog import load_catalog

    catalogue = load_catalog()
    uploads = [t for t in catalogue.tools if t.operation.get("contentType") == "multipart/form-data"]
    assert {t.name for t in uploads} >= {"webinar_wallpaper_upload", "webinar_virtual_background_upload"}
    for tool in uploads:
        assert tool.arguments["file"]["maxBytes"] == 15_000_000, tool.name


def test_output_schema_is_permissive(yaml_catalog: dict[str, Any]) -> None:
    tool = tools_by_name(yaml_catalog)["thing_update"]
    output = tool["outputSchema"]
    assert output["type"] == "object"
    assert "required" not in schema_keywords(output) and "enum" not in schema_keywords(output)
    validator = Draft202012Validator(output)
    validator.validate({"id": 7, "topic": "x", "parent": {"id": 1, "children": []}, "extra": "drift"})
    validator.validate({"id": None, "topic": "not in the enum", "parent": None})
    validator.validate({"id": 7.5})


def test_a_non_object_answer_is_wrapped_under_result(yaml_catalog: dict[str, Any]) -> None:
    tool = tools_by_name(yaml_catalog)["thing_get"]
    assert tool["_meta"]["zoom-mcp/operation"]["outputWrapper"] == "result"
    Draft202012Validator(tool["outputSchema"]).validate({"result": [{"id": 1, "topic": None}]})


def test_no_json_answer_means_no_output_schema(yaml_catalog: dict[str, Any]) -> None:
    assert "outputSchema" not in tools_by_name(yaml_catalog)["thing_delete"]


def test_annotations_and_gating(yaml_catalog: dict[str, Any]) -> None:
    tools = tools_by_name(yaml_catalog)
    delete = tools["thing_delete"]
    assert delete["annotations"] == {
        "title": "Delete a thing",
        "readOnlyHint": False,
        "destructiveHint": True,
        "idempotentHint": True,
        "openWorldHint": True,
    }
    meta = delete["_meta"]["zoom-mcp/operation"]
    assert meta["danger"] == "high"
    assert meta["destructiveWhen"] == [{"when": {"action": "delete"}, "reason": "permanent"}]
    assert meta["arguments"]["confirmation_token"] == {"in": "control"}
    assert "confirmation_token" not in delete["inputSchema"].get("required", [])
    get = tools["thing_get"]
    assert get["annotations"]["readOnlyHint"] is True and get["annotations"]["destructiveHint"] is False
    assert "confirmation_token" not in get["inputSchema"]["properties"]
    update = tools["thing_update"]
    assert update["annotations"]["idempotentHint"] is False  # PATCH
    assert not {"danger", "destructiveWhen"} & set(update["_meta"]["zoom-mcp/operation"])  # defaults: normal, never


def test_description_carries_summary_prerequisites_scopes_and_rate_limit(yaml_catalog: dict[str, Any]) -> None:
    tool = tools_by_name(yaml_catalog)["thing_update"]
    description = tool["description"]
    assert description.startswith("Update a thing. The start_url value's lifetime is two hours.")
    assert "Second paragraph" not in description
    assert "Prerequisites: A Pro plan or higher." in description
    assert "thing:write:admin" in description and "thing:update:thing:admin" in description
    assert "LIGHT" in description
    meta = tool["_meta"]["zoom-mcp/operation"]
    assert meta["toolset"] == "meeting_things"
    assert meta["rateLimit"] == "LIGHT"
    assert meta["scopes"] == ["thing:write:admin"] and meta["granularScopes"] == ["thing:update:thing:admin"]


def test_openapi_31_without_operation_ids(json_catalog: dict[str, Any]) -> None:
    tools = tools_by_name(json_catalog)
    assert sorted(tools) == ["notes_replace", "users_notes_list"]
    listing = tools["users_notes_list"]
    assert listing["_meta"]["zoom-mcp/operation"]["operationId"] is None
    assert listing["_meta"]["zoom-mcp/operation"]["toolset"] == "default"
    Draft202012Validator(listing["outputSchema"]).validate(
        {"notes": [{"id": 1.5, "text": None}], "next_page_token": ""}
    )
    assert listing["inputSchema"]["required"] == ["userId"]


def test_a_non_object_body_is_one_body_argument(json_catalog: dict[str, Any]) -> None:
    replace = next(t for t in json_catalog["tools"] if t["_meta"]["zoom-mcp/operation"]["method"] == "PUT")
    assert replace["inputSchema"]["properties"]["body"] == {"type": "array", "items": {"type": "string"}}
    assert replace["_meta"]["zoom-mcp/operation"]["arguments"]["body"] == {"in": "body", "name": None}
    assert replace["inputSchema"]["required"] == ["userId", "body"]
