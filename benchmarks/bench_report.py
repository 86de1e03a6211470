"""Shared output helpers for the benchmark scripts: percentiles, a Markdown table, the JSON summary line.

Every script prints one or more Markdown tables (paste them into benchmarks/RESULTS.md) and ends with
exactly one line `SUMMARY {json}` so that tools and the smoke tests can read the figures.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
SUMMARY_PREFIX = "SUMMARY "


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (`fraction` in 0..1) of `values`; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def describe(values: Sequence[float]) -> dict[str, float]:
    """min, p50, p99, max and mean of `values` (same unit as given)."""
    if not values:
        return {
            "n": 0,
            "min": float("nan"),
            "p50": float("nan"),
            "p99": float("nan"),
            "max": float("nan"),
            "mean": float("nan"),
        }
    return {
        "n": len(values),
        "min": min(values),
        "p50": percentile(values, 0.5),
        "p99": percentile(values, 0.99),
        "max": max(values),
        "mean": statistics.fmean(values),
    }


def cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, numeric_from: int = 1) -> str:
    """A Markdown table; columns from `numeric_from` on are right-aligned."""
    align = ["---" if i < numeric_from else "---:" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, numeric_from: int = 1) -> None:
    print(f"\n### {title}\n")
    print(markdown_table(headers, rows, numeric_from=numeric_from))


def print_summary(name: str, figures: Mapping[str, Any]) -> None:
    """The last line of every script: `SUMMARY {"benchmark": name, ...}` (NaN written as null)."""
    clean = {key: (None if isinstance(value, float) and value != value else value) for key, value in figures.items()}
    print(SUMMARY_PREFIX + json.dumps({"benchmark": name, **clean}, sort_keys=False), flush=True)


def machine_info() -> dict[str, Any]:
    """What the figures were measured on (for RESULTS.md)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
    }


def print_machine_info() -> None:
    info = machine_info()
    print(" · ".join(f"{key}: {value}" for key, value in info.items()))
