"""Search quality: top-1 / top-3 of `zoom_search_tools` against plain BM25, on our own request sets.

Rankers, over every tool the server can reach (catalogue + curated in-meeting tools):
- `zoom_search_tools`: `zoom_mcp.discovery.search.ToolSearch` (BM25F over the tool's fields, people's words,
  intent, Zoom's words);
- plain BM25: `zoom_mcp.findability.ToolIndex` over name + title + description (what a client's own tool
  search does with our text; the target for it is 80% top-3);
- `bm25s` (the library, with PyStemmer's English stemmer) over the same text, when installed
  (`pip install bm25s PyStemmer`): the well-kept library we evaluated against our own ranking.

Request sets: `tests/discovery/search_requests.yaml` (the set the ranking and the search hints were tuned
on), `tests/discovery/search_requests_holdout.yaml` (written after that tuning; since used as development data
for the generalisation work) and `tests/discovery/search_requests_holdout2.yaml` (197 requests written before
that work, from the API reference and tool names only; measured at checkpoints, never tuned on). Also the
start-up cost of each ranker (import and index build) and the time per query (median over the set).

    python benchmarks/search_quality.py [--quick] [--catalog tools.json] [--misses]

Without `--catalog`, both built-in catalogues (master and regular, each with its curated tools) are searched.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench_report import REPO_ROOT, print_machine_info, print_summary, print_table

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.discovery.evaluation import Report, evaluate, load_requests, plain_bm25
from zoom_mcp.discovery.search import ToolSearch
from zoom_mcp.live_controls import curated_tools

REQUEST_SETS = {
    "main": REPO_ROOT / "tests" / "discovery" / "search_requests.yaml",
    "held-out": REPO_ROOT / "tests" / "discovery" / "search_requests_holdout.yaml",
    "held-out 2": REPO_ROOT / "tests" / "discovery" / "search_requests_holdout2.yaml",
}


class _Hit:
    def __init__(self, name: str, score: float) -> None:
        self.name = name
        self.score = score


def bm25s_ranker(tools: Sequence[dict[str, Any]]) -> tuple[Callable[..., Sequence[Any]], float] | None:
    """The bm25s library over name + title + description (None when not installed); and its import time."""
    if importlib.util.find_spec("bm25s") is None or importlib.util.find_spec("Stemmer") is None:
        return None
    started = time.perf_counter()
    import bm25s
    import Stemmer

    imported = time.perf_counter() - started
    names = [str(t["name"]) for t in tools]
    corpus = [f"{t['name'].replace('_', ' ')} {t.get('title') or ''} {t.get('description') or ''}" for t in tools]
    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(corpus, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)

    def rank(query: str, *, limit: int = 10) -> list[_Hit]:
        tokens = bm25s.tokenize([query], stopwords="en", stemmer=stemmer, show_progress=False)
        docs, scores = retriever.retrieve(tokens, k=min(limit, len(names)), show_progress=False)
        return [_Hit(names[int(i)], float(s)) for i, s in zip(docs[0], scores[0], strict=True) if s > 0]

    return rank, imported


def query_ms(rank: Callable[..., Sequence[Any]], texts: Sequence[str]) -> float:
    times = []
    for text in texts:
        started = time.perf_counter()
        rank(text, limit=5)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="same figures (this benchmark is always quick)")
    parser.add_argument("--catalog", type=Path, default=None, help="tools.json to search (default: the built-in)")
    parser.add_argument("--misses", action="store_true", help="list every request whose tool is not in the top 3")
    args = parser.parse_args(argv)
    print_machine_info()
    if args.catalog is not None:
        catalogues = {"given": [*(t.to_mcp_dict() for t in load_catalog(args.catalog).tools), *curated_tools()]}
    else:
        catalogues = {
            variant: [*(t.to_mcp_dict() for t in load_catalog(variant=variant).tools), *curated_tools(variant)]
            for variant in ("master", "regular")
        }
    sets = {label: load_requests(path) for label, path in REQUEST_SETS.items()}
    texts = [r.text for requests in sets.values() for r in requests]
    rows: list[list[Any]] = []
    summary: dict[str, Any] = {"tools": {variant: len(tools) for variant, tools in catalogues.items()}}
    reports: dict[tuple[str, str, str], Report] = {}
    library_installed = False
    for variant, tools in catalogues.items():
        started = time.perf_counter()
        ours = ToolSearch(tools)
        ours_build = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        baseline = plain_bm25(tools)
        baseline_build = (time.perf_counter() - started) * 1000
        rankers: dict[str, tuple[Callable[..., Sequence[Any]], float, float]] = {
            "zoom_search_tools": (ours.search, 0.0, ours_build),
            "plain BM25 (name + title + description)": (baseline, 0.0, baseline_build),
        }
        library = bm25s_ranker(tools)
        if library is not None:
            library_installed = True
            import_ms = library[1] * 1000
            started = time.perf_counter()
            library = bm25s_ranker(tools)  # timed again now that the modules are imported: the index build alone
            assert library is not None
            rankers["bm25s + PyStemmer (name + title + description)"] = (
                library[0],
                import_ms,
                (time.perf_counter() - started) * 1000,
            )
        for ranker_name, (rank, import_ms, build_ms) in rankers.items():
            figures = summary.setdefault(ranker_name, {})
            for set_name, requests in sets.items():
                report = evaluate(rank, requests, tools)
                reports[(ranker_name, variant, set_name)] = report
                rows.append(
                    [
                        ranker_name,
                        variant,
                        set_name,
                        report.count,
                        len(report.not_applicable),
                        100 * report.top1_rate,
                        100 * report.top3_rate,
                    ]
                )
                for k in (1, 3):
                    figures[f"{variant}_{set_name.replace(' ', '')}_top{k}"] = round(report.rate(k), 3)
            if variant == next(iter(catalogues)):
                figures.update(
                    import_ms=round(import_ms, 1), build_ms=round(build_ms, 1), query_ms=round(query_ms(rank, texts), 3)
                )
    summary["bm25s_installed"] = library_installed
    print_table(
        "top-1 / top-3 (%)",
        ["ranker", "catalogue", "requests", "evaluated", "not in this catalogue", "top-1", "top-3"],
        rows,
        numeric_from=3,
    )
    cost_rows = [
        [name, s["import_ms"], s["build_ms"], s["query_ms"]]
        for name, s in summary.items()
        if isinstance(s, dict) and "import_ms" in s
    ]
    print_table("start-up and query cost (ms)", ["ranker", "import", "index build", "query (median)"], cost_rows)
    if not library_installed:
        print("bm25s is not installed (pip install bm25s PyStemmer): its rows are left out.", file=sys.stderr)
    if args.misses:
        for (ranker_name, variant, set_name), report in reports.items():
            miss_rows = [[o.request.text, o.expected, o.rank or "no match", ", ".join(o.best)] for o in report.misses]
            print_table(
                f"misses: {ranker_name}, {variant}, {set_name}",
                ["request", "expected", "rank", "top 3"],
                miss_rows,
                numeric_from=2,
            )
    print_summary("search_quality", summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
