"""`zoom-mcp eval [PATH...] [--report FILE.json] [--junit FILE.xml] [--transport T] [--filter SUBSTR]`.

Runs scenario files (default: `evals/scenarios`) each on a fresh sandbox, prints a table, writes the
reports asked for, and exits 1 when any scenario failed (2 when the files themselves are wrong).
Scenarios with a `goal:` and no `ANTHROPIC_API_KEY` are reported as not run and do not fail.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEFAULT_PATH = Path("evals/scenarios")


def default_scenario_path() -> Path:
    """`evals/scenarios` in the working directory, else the one next to the package (a source checkout)."""
    if DEFAULT_PATH.exists():
        return DEFAULT_PATH
    return Path(__file__).resolve().parents[2] / DEFAULT_PATH


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="scenario files or folders (default: evals/scenarios)"
    )
    parser.add_argument("--report", type=Path, metavar="FILE.json", help="write the JSON report here")
    parser.add_argument("--junit", type=Path, metavar="FILE.xml", help="write JUnit XML here")
    parser.add_argument(
        "--transport",
        choices=("memory", "stdio", "http"),
        default=None,
        help="run every scenario over this transport (default: the one each scenario names)",
    )
    parser.add_argument("--filter", default=None, metavar="SUBSTR", help="only scenarios whose name contains SUBSTR")
    parser.add_argument("--verbose", action="store_true", help="show the server's and client's warnings on stderr")


def run(args: argparse.Namespace) -> int:
    import logging

    package_logger = logging.getLogger("zoom_mcp")
    previous_level = package_logger.level
    if not args.verbose:  # retries and skipped confirmations are expected here; keep the table readable
        package_logger.setLevel(logging.ERROR)
    try:
        return _run(args)
    finally:
        package_logger.setLevel(previous_level)


def _run(args: argparse.Namespace) -> int:
    import anyio

    from zoom_mcp.evals import report
    from zoom_mcp.evals.runner import run_scenarios
    from zoom_mcp.evals.scenario import ScenarioError, load_scenarios

    paths = list(args.paths) or [default_scenario_path()]
    try:
        scenarios = load_scenarios(paths)
    except ScenarioError as exc:
        print(f"zoom-mcp eval: {exc}", file=sys.stderr)
        return 2
    if args.filter:
        scenarios = [s for s in scenarios if args.filter in s.name]
    if not scenarios:
        print(
            f"zoom-mcp eval: no scenarios found in {', '.join(map(str, paths))}"
            + (f" matching {args.filter!r}" if args.filter else ""),
            file=sys.stderr,
        )
        return 2
    print(report.table_header(), flush=True)
    outcomes = anyio.run(
        lambda: run_scenarios(
            scenarios, transport=args.transport, on_done=lambda o: print(report.table_row(o), flush=True)
        )
    )
    for line in report.failure_lines(outcomes):
        print(line)
    print(report.summary_line(outcomes))
    if args.report:
        report.write_json(outcomes, args.report)
    if args.junit:
        report.write_junit(outcomes, args.junit)
    return 1 if any(o.status == "failed" for o in outcomes) else 0
