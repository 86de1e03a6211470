"""The regular (ordinary account) catalogue beside the master one: same names for the same operation, no
accountId, regular paths and scopes, the regular-only operations, both stamped and fresh."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zoom_mcp.catalog.registry import Catalog, catalog_path, load_catalog

ROOT = Path(__file__).resolve().parents[2]
OVERLAY = ROOT / "tool_specs" / "source" / "regular-api-overlay.json"
REGULAR_OPENAPI = ROOT / "tool_specs" / "zoom-meetings-regular.openapi.json"


@pytest.fixture(scope="module")
def regular() -> Catalog:
    return load_catalog(variant="regular")


@pytest.fixture(scope="module")
def master() -> Catalog:
    return load_catalog(variant="master")


@pytest.fixture(scope="module")
def overlay() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(OVERLAY.read_text(encoding="utf-8"))
    return loaded


def test_counts_and_stamps(regular: Catalog, master: Catalog) -> None:
    assert len(regular.tools) == 168 and regular.variant == "regular"
    assert len(master.tools) == 159 and master.variant == "master"
    assert load_catalog().variant == "master"  # load_catalog() without arguments: tools.json, as before
    assert catalog_path("regular").name == "tools-regular.json" and catalog_path("master").name == "tools.json"
    assert {t.variant for t in regular.tools} == {"regular"} and {t.variant for t in master.tools} == {"master"}
    stamped = json.loads(catalog_path("regular").read_text())
    assert stamped["source"] == REGULAR_OPENAPI.name and stamped["variant"] == "regular"


def test_same_operation_same_name(regular: Catalog, master: Catalog) -> None:
    master_names = {t.operation_id: t.name for t in master.tools}
    shared = [t for t in regular.tools if t.operation_id in master_names]
    assert len(shared) == 142
    assert all(master_names[t.operation_id] == t.name for t in shared)


def test_regular_tools_have_no_account_id_and_regular_paths_and_scopes(
    regular: Catalog, overlay: dict[str, Any]
) -> None:
    facts = {entry["operationId"]: entry for entry in overlay["operations"]}
    for tool in regular.tools:
        assert "accountId" not in tool.input_schema["properties"], tool.name
        assert not tool.path.startswith("/accounts/"), tool.name
        entry = facts[str(tool.operation_id)]
        assert (tool.method, tool.path) == (entry["method"], entry["path"])
        assert list(tool.scopes) == entry["scopes"] and list(tool.granular_scopes) == entry["granularScopes"]
        assert tool.operation["rateLimit"] == (str(entry["rateLimit"]).upper() if entry["rateLimit"] else None)


def test_regular_only_operations_are_there_with_our_descriptions(regular: Catalog) -> None:
    by_name = regular.by_name
    for name in (
        "past_meeting_details_get",
        "past_meeting_participants_list",
        "past_meeting_qa_list",
        "past_meeting_polls_list",
        "meeting_transcript_get",
        "meeting_transcript_delete",
        "upcoming_meeting_list",
        "webinar_participants_list",
        "past_webinar_poll_results_list",
        "past_webinar_qa_list",
        "archived_file_statistics_get",
        "meeting_chat_message_by_id_update",
        "meeting_chat_message_by_id_delete",
    ):
        assert name in by_name, name
        assert len(by_name[name].description) > 60, name
    assert by_name["meeting_transcript_delete"].destructive
    assert by_name["past_meeting_participants_list"].read_only
    assert by_name["archived_files_delete"].danger == "high"


def test_master_only_operations_are_absent(regular: Catalog, master: Catalog, overlay: dict[str, Any]) -> None:
    master_only = {tuple(entry.split(" ", 1)) for entry in overlay["masterOnly"]}
    master_only_names = {t.name for t in master.tools if (t.method, t.path) in master_only}
    assert len(master_only_names) == 17 and "account_recordings_list" in master_only_names
    assert not master_only_names & set(regular.by_name)


def test_curated_tools_follow_the_variant() -> None:
    from zoom_mcp.live_controls import curated_tools

    for tool in curated_tools("regular"):
        operation = tool["_meta"]["zoom-mcp/operation"]
        assert operation["path"] == "/live_meetings/{meetingId}/events" and operation["variant"] == "regular"
        assert "accountId" not in tool["inputSchema"]["properties"]
    for tool in curated_tools("master"):
        assert tool["_meta"]["zoom-mcp/operation"]["path"].startswith("/accounts/{accountId}/")
        assert "accountId" in tool["inputSchema"]["properties"]
