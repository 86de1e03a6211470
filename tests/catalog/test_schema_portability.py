"""Every input schema both catalogues and the curated tools send passes MCP Inspector's strict schema check
with no warning, and avoids what the main model providers reject (see schema_portability.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalog.schema_portability import inspector_findings, provider_problems
from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.live_controls import curated_tools

VARIANTS = ("regular", "master")


def served_tools(variant: str) -> list[dict[str, Any]]:
    return [tool.to_mcp_dict() for tool in load_catalog(variant=variant).tools] + curated_tools(variant)


@pytest.mark.parametrize("variant", VARIANTS)
def test_no_inspector_finding_on_any_input_schema(variant: str) -> None:
    findings = {
        tool["name"]: found for tool in served_tools(variant) if (found := inspector_findings(tool["inputSchema"]))
    }
    assert findings == {}


@pytest.mark.parametrize("variant", VARIANTS)
def test_input_schemas_avoid_what_model_providers_reject(variant: str) -> None:
    problems = {
        tool["name"]: found for tool in served_tools(variant) if (found := provider_problems(tool["inputSchema"]))
    }
    assert problems == {}


@pytest.mark.parametrize("variant", VARIANTS)
def test_output_schemas_raise_no_inspector_error(variant: str) -> None:
    # output schemas are shapes on purpose (warnings allowed); an error (a bare boolean schema) would make
    # strict clients refuse the tool list
    errors = {
        tool["name"]: [f for f in inspector_findings(tool["outputSchema"]) if f[0] in ("boolean-schema", "remote-ref")]
        for tool in served_tools(variant)
        if "outputSchema" in tool
    }
    assert {name: found for name, found in errors.items() if found} == {}


def test_the_checks_catch_what_they_are_for() -> None:
    bad: dict[str, Any] = {
        "type": "object",
        "properties": {
            "ids": {"type": "array"},
            "nullable": {"type": ["string", "null"]},
            "anything": {"description": "no type"},
            "flag": True,
            "tuple": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
            "remote": {"$ref": "https://example.com/schema.json"},
        },
    }
    rules = {rule for rule, _ in inspector_findings(bad)}
    assert rules == {"type-union", "untyped-schema", "boolean-schema", "remote-ref"}
    problems = provider_problems(bad)
    assert ".ids: array without items" in problems and ".tuple[]: a union inside items" in problems
    assert "root: anyOf at the root" in provider_problems({"type": "object", "anyOf": [{"type": "object"}]})
    assert inspector_findings({"type": "object", "additionalProperties": False, "properties": {}}) == []


@pytest.mark.parametrize("variant", VARIANTS)
def test_int64_ids_accept_integer_or_string_as_any_of_single_types(variant: str) -> None:
    widened = 0
    for tool in served_tools(variant):
        schema = tool["inputSchema"]
        assert "anyOf" not in schema and "oneOf" not in schema
        for name, prop in schema["properties"].items():
            is_id = name in ("meetingId", "webinarId") or (
                name.endswith("_id") and any(b.get("type") == "integer" for b in prop.get("anyOf", []))
            )
            if not is_id:
                continue
            widened += 1
            assert "type" not in prop, (tool["name"], name)
            assert sorted(branch["type"] for branch in prop["anyOf"]) == ["integer", "string"], (tool["name"], name)
    assert widened > 60


def test_int64_body_ids_are_sent_as_numbers() -> None:
    from zoom_mcp.server.arguments import split_arguments

    tool = load_catalog(variant="regular").by_name["meeting_template_create"]
    assert tool.arguments["meeting_id"] == {"in": "body", "format": "int64"}
    parts = split_arguments({"userId": "me", "meeting_id": "85746065001", "name": "T"}, tool.arguments, multipart=False)
    assert parts.body == {"meeting_id": 85746065001, "name": "T"}
    recordings = load_catalog(variant="master").by_name["recordings_list"]
    assert sorted(b["type"] for b in recordings.input_schema["properties"]["meeting_id"]["anyOf"]) == [
        "integer",
        "string",
    ]
