"""Findability targets on our own request set (tests/discovery/search_requests.yaml): the right tool in the
top 3 for >= 95% of the requests with zoom_search_tools, >= 80% with plain BM25 over name + title +
description; the set is big enough and covers every toolset, the curated tools and the regular-only
operations. benchmarks/search_quality.py prints the figures (and the held-out set's)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.discovery.evaluation import RequestSetError, evaluate, expected_name, load_requests, plain_bm25
from zoom_mcp.discovery.search import ToolSearch
from zoom_mcp.live_controls import curated_tools

HERE = Path(__file__).parent
REQUESTS = load_requests(HERE / "search_requests.yaml")
HOLDOUT = load_requests(HERE / "search_requests_holdout.yaml")
REGULAR_ONLY = {  # operations the regular (ordinary account) API has and the master one lacks
    "pastMeetingParticipants",
    "GetMeetingTranscript",
    "DeleteMeetingTranscript",
    "listUpcomingMeeting",
    "listWebinarParticipants",
    "listPastWebinarPollResults",
    "listPastWebinarQA",
    "getArchivedFileStatistics",
    "updateMeetingChatMessageById",
    "deleteMeetingChatMessageById",
    "deleteWebinarChatMessageById",
}


@cache
def tools(variant: str = "master") -> tuple[dict[str, Any], ...]:
    return (*(tool.to_mcp_dict() for tool in load_catalog(variant=variant).tools), *curated_tools(variant))


def test_the_request_set_is_large_and_covers_every_toolset_and_the_curated_tools() -> None:
    assert len(REQUESTS) >= 150
    report = evaluate(ToolSearch(tools()).search, REQUESTS, tools())
    assert report.count >= 150  # requests this catalogue can answer
    answered = {outcome.expected for outcome in report.outcomes}
    by_name = {tool["name"]: tool for tool in tools()}
    toolsets = {by_name[name]["_meta"]["zoom-mcp/operation"]["toolset"] for name in answered}
    assert toolsets == {tool["_meta"]["zoom-mcp/operation"]["toolset"] for tool in tools()}
    assert {tool["name"] for tool in curated_tools()} <= answered
    assert {r.operation for r in REQUESTS if r.api == "regular"} >= REGULAR_ONLY
    regular = evaluate(ToolSearch(tools("regular")).search, REQUESTS, tools("regular"))
    assert all(request.api == "master" for request in regular.not_applicable) and regular.count >= 150


def test_every_entry_names_a_tool_of_its_catalogue() -> None:
    for request in [*REQUESTS, *HOLDOUT]:
        for variant in ("master", "regular"):
            found = expected_name(request, tools(variant)) is not None
            assert found == (request.api in (None, variant)), (variant, request)


@pytest.mark.parametrize("variant", ["master", "regular"])
def test_zoom_search_tools_finds_95_percent_in_the_top_3(variant: str) -> None:
    report = evaluate(ToolSearch(tools(variant)).search, REQUESTS, tools(variant))
    misses = [(o.request.text, o.expected, o.rank, o.best) for o in report.misses]
    assert report.count >= 150 and report.top3_rate >= 0.95, misses


@pytest.mark.parametrize("variant", ["master", "regular"])
def test_plain_bm25_over_names_and_descriptions_finds_80_percent_in_the_top_3(variant: str) -> None:
    report = evaluate(plain_bm25(tools(variant)), REQUESTS, tools(variant))
    misses = [(o.request.text, o.expected, o.rank, o.best) for o in report.misses]
    assert report.top3_rate >= 0.80, misses


def test_our_search_beats_plain_bm25_on_requests_it_was_not_tuned_on() -> None:
    ours = evaluate(ToolSearch(tools()).search, HOLDOUT, tools())
    plain = evaluate(plain_bm25(tools()), HOLDOUT, tools())
    assert ours.count >= 40
    assert ours.top3_rate > plain.top3_rate and ours.top1_rate > plain.top1_rate


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("GET /meetings/{meetingId}", "meeting_get"),
        ("DELETE /webinars/95746065004/registrants/abc", "webinar_registrant_delete"),
        ("webinarRegistrantCreate", "webinar_registrant_create"),
        ("meeting_invitation_get", "meeting_invitation_get"),
        ("cancel_meeting_reminder", "meeting_delete"),
    ],
)
def test_zoom_words_operation_ids_paths_and_argument_names_find_the_tool(query: str, expected: str) -> None:
    hits = [hit.name for hit in ToolSearch(tools()).search(query, limit=3)]
    assert hits[:1] == [expected], hits


def test_search_is_filtered_by_allowed_names_and_toolset() -> None:
    search = ToolSearch(tools())
    allowed = {"meeting_get", "meetings_list"}
    assert {hit.name for hit in search.search("delete the meeting", allowed=allowed, limit=20)} <= allowed
    assert all(hit.name.startswith("report_") for hit in search.search("participants", toolset="reports", limit=20))
    assert search.search("zzqx nothing matches this", limit=5) == []


def test_a_malformed_request_file_is_refused_with_the_entry_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {request: hello}\n", encoding="utf-8")
    with pytest.raises(RequestSetError, match="entry 1"):
        load_requests(bad)
