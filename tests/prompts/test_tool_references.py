"""Every `{{tool:X}}` in the prompts names a real tool: a catalogue operationId or a curated tool."""

from __future__ import annotations

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.live_controls import curated_tools
from zoom_mcp.prompts import PromptService, load_prompts, tool_name_map
from zoom_mcp.prompts.templates import tool_references


def served_tools() -> list[dict[str, object]]:
    return [tool.to_mcp_dict() for tool in load_catalog().tools] + curated_tools()


def test_every_tool_reference_resolves_to_a_served_tool() -> None:
    names = tool_name_map(served_tools())
    unresolved = {
        prompt.name: [target for target in tool_references(prompt.body) if target not in names]
        for prompt in load_prompts()
    }
    assert {name: targets for name, targets in unresolved.items() if targets} == {}


def test_operation_ids_map_to_generated_names_and_curated_names_to_themselves() -> None:
    names = tool_name_map(served_tools())
    assert names["meetingCreate"] == "meeting_create"
    assert names["inMeetingControl"] == "meeting_live_controls"
    assert names["live_recording_start"] == "live_recording_start"


def test_rendered_prompts_name_only_served_tools() -> None:
    tools = served_tools()
    service = PromptService(load_prompts(), tool_names=tool_name_map(tools))
    result = service.get_prompt("post_webinar_report", {"webinarId": "94512345001"})
    text = result.messages[0].content.text  # type: ignore[union-attr]
    assert "`report_webinar_participants_list`" in text
    assert "reportWebinarParticipants" not in text
    live = service.get_prompt("run_live_meeting", {"meetingId": "85746065003"}).messages[0].content.text  # type: ignore[union-attr]
    for name in ("live_recording_start", "ai_companion_start", "live_invite_by_phone", "live_waiting_room_message"):
        assert f"`{name}`" in live


def test_on_a_regular_server_every_reference_is_a_served_tool_or_says_it_is_master_only() -> None:
    from zoom_mcp.variants import MASTER_ONLY_REFERENCES

    names = tool_name_map(
        [tool.to_mcp_dict() for tool in load_catalog(variant="regular").tools] + curated_tools("regular")
    )
    unresolved = {
        prompt.name: [t for t in tool_references(prompt.body) if t not in names and t not in MASTER_ONLY_REFERENCES]
        for prompt in load_prompts()
    }
    assert {name: targets for name, targets in unresolved.items() if targets} == {}
