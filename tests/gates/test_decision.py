"""gate_reason: destructiveHint, destructiveWhen (dotted paths, any-of lists), danger and the why sentence."""

from __future__ import annotations

from zoom_mcp.catalog.registry import ToolSpec
from zoom_mcp.gates.decision import gate_reason

from . import specs


def test_read_only_tool_is_never_gated() -> None:
    assert gate_reason(specs.MEETINGS_LIST, {"userId": "me"}) is None


def test_safe_write_tool_is_not_gated() -> None:
    assert gate_reason(specs.MEETING_CREATE, {"userId": "me", "topic": "x"}) is None


def test_destructive_hint_gates_with_normal_danger_and_reason() -> None:
    reason = gate_reason(specs.MEETING_DELETE, {"meetingId": "85746065432", "accountId": "acc"})
    assert reason is not None
    assert reason.danger == "normal" and not reason.needs_typed_id
    assert "Delete a meeting" in reason.why and reason.why.endswith(".")
    assert reason.fallback_target_id == "85746065432"  # the path ID, never the accountId


def test_high_danger_needs_typed_id() -> None:
    reason = gate_reason(specs.RECORDINGS_DELETE, {"meetingId": "123", "action": "trash"})
    assert reason is not None and reason.needs_typed_id


def test_destructive_when_single_value() -> None:
    assert gate_reason(specs.MEETING_STATUS, {"meetingId": "1", "action": "recover"}) is None
    reason = gate_reason(specs.MEETING_STATUS, {"meetingId": "1", "action": "end"})
    assert reason is not None
    assert "action=end" in reason.why and "ends the live meeting" in reason.why


def test_destructive_when_list_means_any_of() -> None:
    assert gate_reason(specs.REGISTRANT_STATUS, {"meetingId": "1", "action": "approve"}) is None
    assert gate_reason(specs.REGISTRANT_STATUS, {"meetingId": "1", "action": "deny"}) is not None
    assert gate_reason(specs.REGISTRANT_STATUS, {"meetingId": "1", "action": "cancel"}) is not None


def test_destructive_when_dotted_paths_all_must_match() -> None:
    tool = specs.IN_MEETING_CONTROL
    assert gate_reason(tool, {"meetingId": "1", "method": "ai_companion.stop"}) is None
    assert gate_reason(tool, {"meetingId": "1", "method": "ai_companion.stop", "params": {}}) is None
    stop_keep = {"meetingId": "1", "method": "ai_companion.stop", "params": {"delete_meeting_assets": False}}
    assert gate_reason(tool, stop_keep) is None
    stop_delete = {"meetingId": "1", "method": "ai_companion.stop", "params": {"delete_meeting_assets": True}}
    assert gate_reason(tool, stop_delete) is not None
    assert gate_reason(tool, {"meetingId": "1", "method": "ai_companion.disable"}) is not None
    assert gate_reason(tool, {"meetingId": "1", "method": "recording.start"}) is None


def test_boolean_condition_does_not_match_integer_one() -> None:
    tool = specs.IN_MEETING_CONTROL
    assert gate_reason(tool, {"method": "ai_companion.stop", "params": {"delete_meeting_assets": 1}}) is None


def test_string_values_match_case_insensitively_so_variants_stay_gated() -> None:
    assert gate_reason(specs.MEETING_STATUS, {"meetingId": "1", "action": " END "}) is not None


def test_catalogue_toolspec_objects_work_too() -> None:
    spec = ToolSpec.from_dict(specs.MEETING_STATUS)
    assert gate_reason(spec, {"action": "end"}) is not None
    assert gate_reason(spec, {"action": "recover"}) is None


def test_missing_destructive_hint_counts_as_destructive() -> None:
    tool = {**specs.MEETING_CREATE, "annotations": {"title": "x"}}
    assert gate_reason(tool, {}) is not None


def test_a_matching_condition_gives_the_more_specific_reason_on_a_destructive_tool() -> None:
    permanent = gate_reason(specs.RECORDINGS_DELETE, {"meetingId": "1", "action": "delete"})
    trash = gate_reason(specs.RECORDINGS_DELETE, {"meetingId": "1", "action": "trash"})
    assert permanent is not None and "deletes permanently" in permanent.why
    assert trash is not None and "is destructive: it deletes" in trash.why
