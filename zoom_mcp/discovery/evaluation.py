"""Measuring search quality on a request set (tests/discovery/search_requests.yaml).

    requests = load_requests(path)
    tools = [...MCP tool dicts of one catalogue + curated tools...]
    report = evaluate(ToolSearch(tools).search, requests, tools)      # our search
    report = evaluate(plain_bm25(tools), requests, tools)             # the baseline
    report.top3_rate, report.misses

An entry names its tool (`tool`) or its Zoom operation (`operation`, an operationId); entries whose
tool or operation the catalogue does not have (`api: regular` entries on the master catalogue, `api: master`
on the regular one) are
counted in `report.not_applicable`, never as hits or misses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zoom_mcp.findability import ToolIndex

Ranker = Callable[..., Sequence[Any]]  # (query, *, limit) -> hits with a `.name`


@dataclass(frozen=True)
class Request:
    text: str
    tool: str | None = None
    operation: str | None = None
    api: str | None = None  # "regular" / "master": only that API variant has this operation


@dataclass(frozen=True)
class Outcome:
    request: Request
    expected: str
    rank: int | None
    best: tuple[str, ...]


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    not_applicable: list[Request] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.outcomes)

    def hits(self, top: int) -> int:
        return sum(1 for o in self.outcomes if o.rank is not None and o.rank <= top)

    def rate(self, top: int) -> float:
        return self.hits(top) / self.count if self.count else 0.0

    @property
    def top1_rate(self) -> float:
        return self.rate(1)

    @property
    def top3_rate(self) -> float:
        return self.rate(3)

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.rank is None or o.rank > 3]


class RequestSetError(ValueError):
    """The request file is malformed; the message names the entry."""


def load_requests(path: Path) -> list[Request]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise RequestSetError(f"{path}: expected a YAML list of {{request, tool | operation, api?}}")
    requests = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("request"), str):
            raise RequestSetError(f"{path}: entry {number} needs a `request` string")
        if ("tool" in entry) == ("operation" in entry):
            raise RequestSetError(f"{path}: entry {number} ({entry['request']!r}) needs exactly one of tool, operation")
        unknown = set(entry) - {"request", "tool", "operation", "api"}
        if unknown:
            raise RequestSetError(f"{path}: entry {number} has unknown keys {sorted(unknown)}")
        requests.append(Request(entry["request"], entry.get("tool"), entry.get("operation"), entry.get("api")))
    return requests


def expected_name(request: Request, tools: Iterable[Mapping[str, Any]]) -> str | None:
    """The tool that answers `request` in this catalogue, or None when the catalogue lacks it."""
    for tool in tools:
        if request.tool is not None and tool["name"] == request.tool:
            return str(tool["name"])
        if request.operation is not None:
            meta = tool.get("_meta") or {}
            if "zoom-mcp/curated" in meta:
                continue
            if (meta.get("zoom-mcp/operation") or {}).get("operationId") == request.operation:
                return str(tool["name"])
    return None


def evaluate(rank: Ranker, requests: Iterable[Request], tools: Sequence[Mapping[str, Any]]) -> Report:
    report = Report()
    for request in requests:
        expected = expected_name(request, tools)
        if expected is None:
            report.not_applicable.append(request)
            continue
        names = [hit.name for hit in rank(request.text, limit=len(tools))]
        position = names.index(expected) + 1 if expected in names else None
        report.outcomes.append(Outcome(request, expected, position, tuple(names[:3])))
    return report


def plain_bm25(tools: Iterable[Mapping[str, Any]]) -> Ranker:
    """The baseline: plain BM25 (zoom_mcp.findability) over name + title + description."""
    index = ToolIndex(
        [(str(t["name"]), f"{t['name']} {t.get('title') or ''} {t.get('description') or ''}") for t in tools]
    )

    def rank(query: str, *, limit: int = 10) -> Sequence[Any]:
        return index.search(query, limit=limit)

    return rank
