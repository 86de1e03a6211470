"""Findability: does a plain-language request find the right tool by BM25 over name + description?

Uses `zoom_mcp.findability.ToolIndex` (the same ranking the tests use) over every tool the server lists
(catalogue + curated in-meeting tools) and the queries of `tests/findability_queries.yaml`. Reports the
top-1 and top-3 hit rates, the mean reciprocal rank, how many queries meet their own `top` bound from the
YAML file, and lists every query whose expected tool is not ranked first (with what ranked above it).

    python benchmarks/findability.py [--quick] [--queries tests/findability_queries.yaml] [--catalog tools.json]
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bench_report import REPO_ROOT, print_machine_info, print_summary, print_table

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.findability import ToolIndex
from zoom_mcp.live_controls import curated_tools

QUERIES_FILE = REPO_ROOT / "tests" / "findability_queries.yaml"
DEFAULT_TOP = 3


@dataclass(frozen=True)
class Outcome:
    query: str
    expected: str
    bound: int  # the YAML's `top` for this query
    rank: int | None  # None: the expected tool does not match at all
    best: list[str]

    @property
    def within_bound(self) -> bool:
        return self.rank is not None and self.rank <= self.bound

    def hit(self, top: int) -> bool:
        return self.rank is not None and self.rank <= top


def load_queries(path: Path) -> list[dict[str, Any]]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and "query" in e and "expected" in e for e in entries
    ):
        raise SystemExit(f"{path}: expected a YAML list of {{query, expected, top?}} entries")
    return entries


def evaluate(queries: list[dict[str, Any]], catalog_path: Path | None = None) -> list[Outcome]:
    tools = [*(tool.to_mcp_dict() for tool in load_catalog(catalog_path).tools), *curated_tools()]
    index = ToolIndex.from_tools(tools)
    known = set(index.names)
    unknown = sorted({str(e["expected"]) for e in queries} - known)
    if unknown:
        raise SystemExit(f"expected tools missing from the catalogue: {', '.join(unknown)}")
    outcomes = []
    for entry in queries:
        query, expected = str(entry["query"]), str(entry["expected"])
        best = [hit.name for hit in index.search(query, limit=3)]
        bound = int(entry.get("top", DEFAULT_TOP))
        outcomes.append(Outcome(query, expected, bound, index.rank_of(query, expected), best))
    return outcomes


def report(outcomes: list[Outcome]) -> dict[str, Any]:
    count = len(outcomes)
    top1 = sum(o.hit(1) for o in outcomes)
    top3 = sum(o.hit(3) for o in outcomes)
    bounded = sum(o.within_bound for o in outcomes)
    mrr = sum(1 / o.rank for o in outcomes if o.rank) / count
    rows = [
        ["top-1 hit rate", f"{top1}/{count}", 100 * top1 / count],
        ["top-3 hit rate", f"{top3}/{count}", 100 * top3 / count],
        ["within the YAML's own `top` bound", f"{bounded}/{count}", 100 * bounded / count],
        ["mean reciprocal rank", "", mrr],
    ]
    print_table(f"findability over {count} queries", ["measure", "queries", "value (% or MRR)"], rows)
    misses = [o for o in outcomes if not o.hit(1)]
    miss_rows = [[o.query, o.expected, ", ".join(o.best), o.rank or "no match", o.bound] for o in misses]
    print_table(
        "misses (expected tool not ranked first)",
        ["query", "expected", "ranked top 3", "rank", "bound"],
        miss_rows,
        numeric_from=3,
    )
    return {
        "queries": count,
        "top1": top1,
        "top3": top3,
        "top1_rate": round(top1 / count, 3),
        "top3_rate": round(top3 / count, 3),
        "within_bound": bounded,
        "mrr": round(mrr, 3),
        "misses": [{"query": o.query, "expected": o.expected, "rank": o.rank} for o in misses],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="same figures (this benchmark is always quick)")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE, help="YAML list of {query, expected, top?}")
    parser.add_argument("--catalog", type=Path, default=None, help="tools.json to search (default: the built-in)")
    args = parser.parse_args(argv)
    print_machine_info()
    summary = report(evaluate(load_queries(args.queries), args.catalog))
    print_summary("findability", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
