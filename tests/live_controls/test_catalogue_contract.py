"""Curated tools agree with the generated in-meeting controls tool of tool_specs/tools.json.

Translated arguments are valid input for the generated tool, and the gates reach the same decision
whether they look at the curated call or at the translated generated call.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from zoom_mcp.catalog.registry import ToolSpec, load_catalog
from zoom_mcp.gates.decision import gate_reason
from zoom_mcp.live_controls import GENERATED_OPERATION_ID, GENERATED_TOOL_NAME, curated_tool, curated_tools, translate

MEETING = 85746065003
CALLS: list[tuple[str, dict[str, Any]]] = [
    ("live_recording_start", {"meetingId": MEETING}),
    ("live_recording_pause", {"meetingId": MEETING, "accountId": "sandbox-account"}),
    ("live_recording_resume", {"meetingId": str(MEETING)}),
    ("live_recording_stop", {"meetingId": MEETING}),
    ("ai_companion_start", {"meetingId": MEETING, "mode": "questions", "retain_meeting_transcript": False}),
    ("ai_companion_stop", {"meetingId": MEETING, "mode": "summary"}),
    ("ai_companion_stop", {"meetingId": MEETING, "delete_meeting_assets": False}),
    ("ai_companion_stop", {"meetingId": MEETING, "mode": "all", "delete_meeting_assets": True}),
    ("ai_companion_disable", {"meetingId": MEETING}),
    ("live_invite_participants", {"meetingId": MEETING, "emails": ["a@example.com"], "user_ids": ["x"]}),
    ("live_invite_by_phone", {"meetingId": MEETING, "phone_number": "5550100", "require_pressing_one": False}),
    (
        "live_invite_room_system",
        {"meetingId": MEETING, "call_type": "sip", "device_ip": "sip:r@example.com", "to_display_name": "Room"},
    ),
    ("live_waiting_room_message", {"meetingId": MEETING, "description": "Starting soon"}),
]


@cache
def generated() -> ToolSpec:
    matches = [tool for tool in load_catalog().tools if tool.operation_id == GENERATED_OPERATION_ID]
    assert len(matches) == 1
    return matches[0]


def test_generated_tool_is_where_the_curated_tools_point() -> None:
    spec = generated()
    assert spec.name == GENERATED_TOOL_NAME
    for tool in curated_tools():
        operation = tool["_meta"]["zoom-mcp/operation"]
        for key in ("method", "path", "operationId", "toolset", "rateLimit", "scopes", "granularScopes", "contentType"):
            assert operation[key] == spec.operation[key], (tool["name"], key)
    assert spec.arguments["method"] == {"in": "body"}
    assert spec.arguments["params"] == {"in": "body"}


@pytest.mark.parametrize(("name", "arguments"), CALLS, ids=[f"{name}-{i}" for i, (name, _) in enumerate(CALLS)])
def test_translated_arguments_are_valid_for_the_generated_tool(name: str, arguments: dict[str, Any]) -> None:
    _, translated = translate(name, arguments)
    problems = [error.message for error in Draft202012Validator(generated().input_schema).iter_errors(translated)]
    assert problems == []


@pytest.mark.parametrize(("name", "arguments"), CALLS, ids=[f"{name}-{i}" for i, (name, _) in enumerate(CALLS)])
def test_gates_decide_the_same_for_curated_and_translated_calls(name: str, arguments: dict[str, Any]) -> None:
    _, translated = translate(name, arguments)
    curated_gate = gate_reason(curated_tool(name), arguments)
    generated_gate = gate_reason(generated(), translated)
    assert (curated_gate is None) == (generated_gate is None)
    expected_gated = name == "ai_companion_disable" or arguments.get("delete_meeting_assets") is True
    assert (curated_gate is not None) == expected_gated
