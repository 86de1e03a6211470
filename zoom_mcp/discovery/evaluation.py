"""Measuring search quality on a request set (tests/discovery/search_requests.yaml).

    requests = load_requests(path)
    tools = [...MCP tool dicts of one catalogue + curated tools...]
    report = evaluate(ToolSearch(tools).search, requests, tools)      # our search
    report = evaluate(plain_bm25(tools), requests, tools)             # the baseline
    report.top3_rate, report.misses

An entry names its tool (`tool`) or its Zoom operation (`operation`, an operationId); `tool` may be a list
when several tools answer the request equally well (the first the catalogue has is the one reported; the
best-ranked of them counts); entries whose
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
    also: tuple[str, ...] = ()  # other tools that answer the request as well (a `tool` list's tail)


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
        tool = entry.get("tool")
        also: tuple[str, ...] = ()
        if isinstance(tool, list):
            if not tool or not all(isinstance(name, str) for name in tool):
                raise RequestSetError(f"{path}: entry {number} ({entry['request']!r}): `tool` lists tool names")
            tool, also = tool[0], tuple(tool[1:])
        requests.append(Request(entry["request"], tool, entry.get("operation"), entry.get("api"), also))
    return requests


def expected_name(request: Request, tools: Iterable[Mapping[str, Any]]) -> str | None:
    """The tool that answers `request` in this catalogue, or None when the catalogue lacks it."""
    names = acceptable_names(request, tools)
    return names[0] if names else None


def acceptable_names(request: Request, tools: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every tool of this catalogue that answers `request`, the preferred one first."""
    catalogue = list(tools)
    present = {str(t["name"]) for t in catalogue}
    found = [name for name in (request.tool, *request.also) if name and name in present]
    if found or request.operation is None:
        return found
    single = _by_operation(request, catalogue)
    return [single] if single else []


def _by_operation(request: Request, tools: Iterable[Mapping[str, Any]]) -> str | None:
    for tool in tools:
        meta = tool.get("_meta") or {}
        if "zoom-mcp/curated" in meta:
            continue
        if (meta.get("zoom-mcp/operation") or {}).get("operationId") == request.operation:
            return str(tool["name"])
    return None


def evaluate(rank: Ranker, requests: Iterable[Request], tools: Sequence[Mapping[str, Any]]) -> Report:
    report = Report()
    for request in requests:
        acceptable = acceptable_names(request, tools)
        if not acceptable:
            report.not_applicable.append(request)
            continue
        expected = acceptable[0]
        names = [hit.name for hit in rank(request.text, limit=len(tools))]
        positions = [names.index(name) + 1 for name in acceptable if name in names]
        position = min(positions) if positions else None
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
