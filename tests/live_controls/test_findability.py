"""Agents find the right tool: BM25 over ALL tools (zoom_mcp/findability.py), queries in findability_queries.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.findability import ToolIndex, stem, tokenize
from zoom_mcp.live_controls import curated_tools

QUERIES_FILE = Path(__file__).resolve().parents[1] / "findability_queries.yaml"


def load_queries() -> list[dict[str, Any]]:
    entries = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    assert isinstance(entries, list) and entries
    return entries


@cache
def all_tools() -> tuple[dict[str, Any], ...]:
    catalog = load_catalog()
    return (*(tool.to_mcp_dict() for tool in catalog.tools), *curated_tools())


@cache
def index() -> ToolIndex:
    return ToolIndex.from_tools(all_tools())


def test_tool_names_are_unique_across_catalogue_and_curated_tools() -> None:
    names = [tool["name"] for tool in all_tools()]
    assert len(names) == len(set(names))
    assert len(names) >= 159 + len(curated_tools())


def test_every_expected_tool_exists() -> None:
    names = set(index().names)
    assert [entry["expected"] for entry in load_queries() if entry["expected"] not in names] == []


@pytest.mark.parametrize("entry", load_queries(), ids=lambda entry: entry["query"])
def test_plain_language_request_finds_the_expected_tool(entry: dict[str, Any]) -> None:
    top = int(entry.get("top", 3))
    rank = index().rank_of(entry["query"], entry["expected"])
    best = [hit.name for hit in index().search(entry["query"], limit=5)]
    assert rank is not None and rank <= top, f"{entry['expected']} ranked {rank} (want <= {top}); top 5: {best}"


@pytest.mark.parametrize(
    "query", ["kick off the recording", "pause the recording", "turn on AI Companion", "invite someone by phone"]
)
def test_the_generated_live_controls_tool_is_found_without_the_curated_ones(query: str) -> None:
    catalogue_only = ToolIndex.from_tools(tool.to_mcp_dict() for tool in load_catalog().tools)
    rank = catalogue_only.rank_of(query, "meeting_live_controls")
    assert rank is not None and rank <= 3, [hit.name for hit in catalogue_only.search(query, limit=5)]


def test_tokenizer_splits_names_drops_stop_words_and_stems() -> None:
    assert tokenize("live_recording_pause the Recordings") == ["liv", "record", "paus", "record"]
    assert tokenize("meetingCreate") == ["meet", "creat"]
    assert stem("registrants") == stem("register") == stem("registration") == "regist"
    assert stem("invitation") == stem("invited") == "invit"
    assert stem("summaries") == stem("summary") == "summar"


def test_bm25_prefers_rare_matching_terms_and_short_documents() -> None:
    small = ToolIndex(
        [
            ("a", "pause the recording"),
            ("b", "recording recording settings for the account, with many other words about recording files"),
            ("c", "nothing relevant"),
        ]
    )
    hits = small.search("pause recording")
    assert [hit.name for hit in hits] == ["a", "b"]
    assert small.rank_of("pause recording", "c") is None
