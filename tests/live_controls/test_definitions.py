"""The curated tools are well-formed catalogue-shaped data: schemas, annotations, gates, translation rules."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator
from mcp_types import Tool

from zoom_mcp.catalog.registry import ToolSpec
from zoom_mcp.live_controls import CURATED_META, GENERATED_OPERATION_ID, curated_tool, curated_tool_names, curated_tools

EXPECTED = {
    "live_recording_start": "recording.start",
    "live_recording_pause": "recording.pause",
    "live_recording_resume": "recording.resume",
    "live_recording_stop": "recording.stop",
    "ai_companion_start": "ai_companion.start",
    "ai_companion_stop": "ai_companion.stop",
    "ai_companion_disable": "ai_companion.disable",
    "live_invite_participants": "participant.invite",
    "live_invite_by_phone": "participant.invite.callout",
    "live_invite_room_system": "participant.invite.room_system_callout",
    "live_waiting_room_message": "waiting_room.update",
}


def test_one_curated_tool_per_in_meeting_method() -> None:
    tools = curated_tools()
    assert [tool["name"] for tool in tools] == curated_tool_names()
    assert {tool["name"]: tool["_meta"][CURATED_META]["fixed"]["method"] for tool in tools} == EXPECTED


@pytest.mark.parametrize("tool", curated_tools(), ids=lambda tool: tool["name"])
def test_each_tool_is_a_valid_mcp_tool_with_a_short_schema(tool: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(tool["inputSchema"])
    schema = tool["inputSchema"]
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert "meetingId" in schema["required"]
    assert len(schema["properties"]) <= 8
    assert not {"oneOf", "anyOf", "allOf"} & set(schema)
    assert len(tool["name"]) <= 32
    Tool.model_validate(tool)  # the MCP type accepts it as-is
    annotations = tool["annotations"]
    assert set(annotations) == {"title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"}
    assert annotations["readOnlyHint"] is False
    operation = tool["_meta"]["zoom-mcp/operation"]
    assert operation["operationId"] == GENERATED_OPERATION_ID
    assert (operation["method"], operation["path"]) == (
        "PATCH",
        "/accounts/{accountId}/live_meetings/{meetingId}/events",
    )
    curated = tool["_meta"][CURATED_META]
    assert set(curated["arguments"]) == set(schema["properties"])


def test_destructive_calls_are_marked_for_the_gates() -> None:
    stop = ToolSpec.from_dict(curated_tool("ai_companion_stop"))
    assert not stop.destructive and stop.gated
    assert stop.destructive_when == [
        {
            "when": {"delete_meeting_assets": True},
            "reason": "Stops AI Companion and deletes the meeting assets (transcripts, summaries).",
        }
    ]
    disable = ToolSpec.from_dict(curated_tool("ai_companion_disable"))
    assert disable.destructive and disable.gated
    for name in ("ai_companion_stop", "ai_companion_disable"):
        tool = curated_tool(name)
        assert "confirmation_token" in tool["inputSchema"]["properties"]
        assert tool["_meta"]["zoom-mcp/operation"]["arguments"]["confirmation_token"]["in"] == "control"
    ungated = [name for name in curated_tool_names() if not ToolSpec.from_dict(curated_tool(name)).gated]
    assert len(ungated) == len(EXPECTED) - 2
    for name in ungated:
        assert "confirmation_token" not in curated_tool(name)["inputSchema"]["properties"]


def test_curated_tools_returns_copies() -> None:
    first = curated_tools()
    first[0]["name"] = "changed"
    assert curated_tools()[0]["name"] == "live_recording_start"


def test_unknown_curated_tool_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="live_recording_start"):
        curated_tool("recording_go")
