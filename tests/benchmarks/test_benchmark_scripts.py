"""Smoke tests: each benchmark script runs in its tiny `--quick` configuration, prints its tables and a
`SUMMARY {json}` line whose figures are consistent. No timing assertions: only that the numbers exist,
have the right shape and agree with the code they measure."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from zoom_mcp.catalog.registry import load_catalog, tools_list_size
from zoom_mcp.live_controls import curated_tools

REPO_ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = REPO_ROOT / "benchmarks"


def run_script(name: str, *args: str) -> tuple[str, dict[str, Any]]:
    """Run `python benchmarks/<name>.py --quick ...`; return its stdout and the parsed SUMMARY line."""
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / f"{name}.py"), "--quick", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=100,
        check=False,
    )
    assert done.returncode == 0, f"{name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("SUMMARY "), f"last line of {name} is not the summary: {last!r}"
    summary = json.loads(last.removeprefix("SUMMARY "))
    assert summary["benchmark"] == name
    assert "| --- |" in done.stdout  # at least one Markdown table
    return done.stdout, summary


def test_catalogue_size_matches_the_cli_count_and_its_fields_add_up() -> None:
    out, summary = run_script("catalogue_size")
    catalog = load_catalog()
    assert summary["tools"] == len(catalog.tools)
    assert summary["total_bytes"] == tools_list_size(catalog.tools)
    assert summary["served_tools"] == len(catalog.tools) + len(curated_tools())
    # every byte of every tool is attributed to one field (the list's brackets and commas are not)
    assert sum(summary["field_bytes"].values()) == summary["total_bytes"] - len(catalog.tools) - 1
    assert summary["p50_bytes_per_tool"] <= summary["max_bytes_per_tool"]
    assert abs(summary["mean_bytes_per_tool"] * len(catalog.tools) - sum(summary["field_bytes"].values())) < 10
    for heading in ("per toolset", "where the bytes go", "inside inputSchema and _meta", "largest 3 tools"):
        assert heading in out
    for toolset in catalog.toolsets:
        assert f"| {toolset} |" in out


def test_findability_counts_hits_and_lists_every_miss() -> None:
    out, summary = run_script("findability")
    queries = yaml.safe_load((REPO_ROOT / "tests" / "findability_queries.yaml").read_text(encoding="utf-8"))
    assert summary["queries"] == len(queries)
    assert 0 <= summary["top1"] <= summary["top3"] <= summary["queries"]
    assert len(summary["misses"]) == summary["queries"] - summary["top1"]
    for miss in summary["misses"]:
        assert f"| {miss['query']} | {miss['expected']} |" in out
        assert miss["rank"] is None or miss["rank"] > 1


def test_findability_reports_a_wrong_expectation_as_a_miss(tmp_path: Path) -> None:
    queries = tmp_path / "queries.yaml"
    queries.write_text(
        "- {query: pause the recording, expected: live_recording_pause, top: 1}\n"
        "- {query: pause the recording, expected: webinar_delete}\n",
        encoding="utf-8",
    )
    _, summary = run_script("findability", "--queries", str(queries))
    assert summary["queries"] == 2 and summary["top1"] == 1 and summary["within_bound"] == 1
    assert [miss["expected"] for miss in summary["misses"]] == ["webinar_delete"]


def test_stdio_cold_start_times_every_era_and_breaks_imports_down() -> None:
    out, summary = run_script("stdio_cold_start")
    assert summary["runs"] == 1
    for era in ("legacy", "modern", "raw", "raw_no_sandbox"):
        assert summary[f"{era}_first_list_p50_ms"] > 0
        assert f"| {era} |" in out
    assert "| legacy | 2025-11-25 |" in out and "| modern | 2026-07-28 |" in out
    assert summary["tools_list_wire_bytes"] > tools_list_size(load_catalog().tools)  # curated tools come on top
    assert 0 < summary["import_serve_mcp_ms"] < summary["import_serve_ms"]
    assert "self import time per package" in out and "| zoom_mcp |" in out


def test_call_overhead_measures_every_path_against_the_direct_call() -> None:
    out, summary = run_script("call_overhead")
    assert summary["calls"] == 20
    paths = ("zoom_client", "handler", "memory_legacy", "memory_modern", "stdio_raw", "stdio_legacy", "stdio_modern")
    assert summary["direct_p50_ms"] > 0 and summary["sandbox_process"] is False
    assert summary["client_output_validation_ms"] > 0 and "outputSchema (client-side work)" in out
    for path in paths:
        assert summary[f"{path}_p50_ms"] > 0
        added = summary[f"{path}_added_p50_ms"]
        assert abs(added - (summary[f"{path}_p50_ms"] - summary["direct_p50_ms"])) < 0.01
        assert f"| {path} | 20 |" in out


def test_call_overhead_can_run_the_sandbox_in_its_own_process() -> None:
    out, summary = run_script("call_overhead", "--sandbox-process", "--paths", "direct,handler,stdio_raw")
    assert summary["sandbox_process"] is True and "sandbox Zoom: its own process" in out
    for path in ("handler", "stdio_raw"):
        assert summary[f"{path}_p50_ms"] > 0 and f"| {path} | 20 |" in out
    assert "stdio_legacy_p50_ms" not in summary


def test_fastmcp_comparison_runs_only_in_a_separate_venv_and_says_how_to_make_one() -> None:
    assert importlib.util.find_spec("fastmcp") is None, "fastmcp must not be installed in zoom-mcp's own venv"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "fastmcp_compare.py"), "--quick"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "pip install fastmcp" in done.stderr and "/tmp/fastmcp-venv/bin/python" in done.stderr
    assert "Traceback" not in done.stderr


def test_tool_modes_reports_every_mode_with_discover_within_budget() -> None:
    out, summary = run_script("tool_modes")
    for key in ("discover", "toolsets", "all", "master_discover", "master_toolsets", "master_all"):
        figures = summary[key]
        variant, mode = key.split("_") if "_" in key else ("regular", key)
        assert f"| zoom-mcp --api {variant} --tool-mode {mode} | {figures['tools']} |" in out.replace(",", "")
        assert figures["tokens"] == figures["bytes"] // 4
        assert 0 < figures["visible_bytes"] < figures["bytes"]
        assert figures["largest_input_schema"] <= 16 * 1024
    for prefix in ("", "master_"):
        assert summary[f"{prefix}discover"]["bytes"] <= 32_000 and summary[f"{prefix}discover"]["tools"] <= 40
        assert (
            summary[f"{prefix}discover"]["bytes"]
            < summary[f"{prefix}toolsets"]["bytes"]
            < summary[f"{prefix}all"]["bytes"]
        )
    assert summary["master_all"]["tools"] == len(load_catalog().tools) + len(curated_tools())
    assert summary["all"]["tools"] == len(load_catalog(variant="regular").tools) + len(curated_tools("regular"))


def test_search_quality_reports_both_rankers_on_both_request_sets() -> None:
    out, summary = run_script("search_quality")
    ours, plain = summary["zoom_search_tools"], summary["plain BM25 (name + title + description)"]
    for figures in (ours, plain):
        for variant in ("master", "regular"):
            for request_set in ("main", "held-out"):
                assert 0 <= figures[f"{variant}_{request_set}_top1"] <= figures[f"{variant}_{request_set}_top3"] <= 1
        assert figures["build_ms"] > 0 and figures["query_ms"] > 0
    for variant in ("master", "regular"):
        assert ours[f"{variant}_main_top3"] >= 0.95 and plain[f"{variant}_main_top3"] >= 0.80
        assert (
            f"| zoom_search_tools | {variant} | main |" in out
            and f"| zoom_search_tools | {variant} | held-out |" in out
        )


def test_load_replicas_measures_each_replica_count_against_one_redis() -> None:
    out, summary = run_script("load_replicas")
    rows = summary["rows"]
    assert [row["replicas"] for row in rows] == [1, 2]
    for row in rows:
        assert row["errors"] == 0 and row["calls"] == 20  # 20 calls/s for 1 s, all answered
        assert row["p50_ms"] <= row["p99_ms"]
        assert row["replica_cpu_ms_per_call"] > 0 and row["redis_cpu_ms_per_call"] >= 0
    assert "| replicas |" in out
