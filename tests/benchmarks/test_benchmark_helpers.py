"""The benchmark scripts' own helpers, imported from benchmarks/ (they are scripts, not a package)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import bench_report  # noqa: E402
import catalogue_size  # noqa: E402
import stdio_cold_start  # noqa: E402


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench_report.percentile(values, 0.5) == 50
    assert bench_report.percentile(values, 0.99) == 99
    assert bench_report.percentile(list(reversed(values)), 1.0) == 100
    assert bench_report.percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2
    assert bench_report.percentile([7.0], 0.99) == 7
    assert math.isnan(bench_report.percentile([], 0.5))


def test_markdown_table_aligns_numbers_right_and_formats_them() -> None:
    table = bench_report.markdown_table(["name", "bytes", "ms"], [["a", 1234567, 1.5], ["b", 3, 250.4]])
    assert table.splitlines() == [
        "| name | bytes | ms |",
        "| --- | ---: | ---: |",
        "| a | 1,234,567 | 1.50 |",
        "| b | 3 | 250 |",
    ]


def test_summary_line_is_json_with_nan_as_null(capsys: Any) -> None:
    bench_report.print_summary("demo", {"x": 1.5, "y": float("nan")})
    line = capsys.readouterr().out.strip()
    assert line.startswith("SUMMARY ")
    assert json.loads(line.removeprefix("SUMMARY ")) == {"benchmark": "demo", "x": 1.5, "y": None}


def test_field_bytes_attribute_every_byte_of_a_tool() -> None:
    tool = {
        "name": "thing_get",
        "title": "Get a thing",
        "description": "Gets a thing — ünïcode counts in bytes.",
        "inputSchema": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "description": "The thing's ID."},
                "kind": {"enum": ["description"], "default": "description"},
            },
        },
        "annotations": {"readOnlyHint": True},
        "_meta": {"zoom-mcp/operation": {"method": "GET", "path": "/things/{id}"}},
    }
    parts = catalogue_size.field_bytes(tool)
    assert sum(parts.values()) == catalogue_size.size(tool)
    assert parts["inputSchema: descriptions"] == len('"description":"The thing\'s ID.",')
    assert parts["_meta: method"] == len('"method":"GET",')
    assert parts["description"] == len('"description":"Gets a thing — ünïcode counts in bytes."'.encode())
    assert "outputSchema" not in parts


def test_import_lines_are_grouped_by_package() -> None:
    assert stdio_cold_start.package_of("mcp.server.lowlevel") == "mcp"
    assert stdio_cold_start.package_of("json.decoder") == "(stdlib)"
    assert stdio_cold_start.package_of("_io") == "(stdlib)"
    assert stdio_cold_start.package_of("zoom_mcp.cli") == "zoom_mcp"
    profile = stdio_cold_start.import_profile("yaml", ["-c", "import yaml"])
    assert profile.by_package["yaml"] > 0
    assert any(name == "yaml" for name, _ in profile.heaviest)
    assert profile.total_us >= profile.by_package["yaml"]
