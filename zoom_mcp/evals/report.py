"""Reporting scenario outcomes: a text table, the JSON report and JUnit XML.

JSON: `{"scenarios": [{"name", "passed", "status", "steps": [...], "calls", "bytes", "seconds", "failure",
...}], "passed": n, "failed": n, "not_run": n}`. JUnit: one `<testsuite name="zoom-mcp eval">` with a
`<testcase>` per scenario (`<failure>` with the message, `<skipped>` for scenarios not run).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zoom_mcp.evals.outcomes import ScenarioOutcome

_RESULT_TEXT = {"passed": "pass", "failed": "FAIL", "not_run": "not run"}


def totals(outcomes: Sequence[ScenarioOutcome]) -> dict[str, int]:
    return {
        "passed": sum(o.status == "passed" for o in outcomes),
        "failed": sum(o.status == "failed" for o in outcomes),
        "not_run": sum(o.status == "not_run" for o in outcomes),
    }


def table_row(outcome: ScenarioOutcome, name_width: int = 44) -> str:
    result = _RESULT_TEXT[outcome.status]
    return (
        f"{outcome.name[:name_width]:<{name_width}} {len(outcome.steps):>5} {result:<7} "
        f"{outcome.calls:>5} {outcome.bytes:>9} {outcome.seconds:>7.2f}s  {outcome.transport}"
    )


def table_header(name_width: int = 44) -> str:
    return f"{'scenario':<{name_width}} {'steps':>5} {'result':<7} {'calls':>5} {'bytes':>9} {'time':>8}  transport"


def table(outcomes: Sequence[ScenarioOutcome]) -> str:
    """The whole table, failures spelled out underneath, and a totals line."""
    lines = [table_header(), *(table_row(o) for o in outcomes)]
    lines.extend(failure_lines(outcomes))
    lines.append(summary_line(outcomes))
    return "\n".join(lines)


def failure_lines(outcomes: Sequence[ScenarioOutcome]) -> list[str]:
    lines: list[str] = []
    for outcome in outcomes:
        if outcome.status == "failed":
            lines.append(f"FAILED {outcome.name} ({outcome.source}): {outcome.failure}")
        elif outcome.status == "not_run":
            lines.append(f"NOT RUN {outcome.name}: {outcome.note}")
    return lines


def summary_line(outcomes: Sequence[ScenarioOutcome]) -> str:
    counts = totals(outcomes)
    seconds = sum(o.seconds for o in outcomes)
    return (
        f"{counts['passed']} passed, {counts['failed']} failed, {counts['not_run']} not run; "
        f"{sum(o.calls for o in outcomes)} calls, {sum(o.bytes for o in outcomes)} bytes, {seconds:.1f}s"
    )


def json_report(outcomes: Sequence[ScenarioOutcome]) -> dict[str, Any]:
    return {"scenarios": [o.to_json() for o in outcomes], **totals(outcomes)}


def write_json(outcomes: Sequence[ScenarioOutcome], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(json_report(outcomes), indent=2) + "\n", encoding="utf-8")


def junit_xml(outcomes: Sequence[ScenarioOutcome]) -> str:
    counts = totals(outcomes)
    suite = ET.Element(
        "testsuite",
        {
            "name": "zoom-mcp eval",
            "tests": str(len(outcomes)),
            "failures": str(counts["failed"]),
            "errors": "0",
            "skipped": str(counts["not_run"]),
            "time": f"{sum(o.seconds for o in outcomes):.3f}",
        },
    )
    for outcome in outcomes:
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": f"evals.{outcome.transport}", "name": outcome.name, "time": f"{outcome.seconds:.3f}"},
        )
        if outcome.status == "failed":
            failure = ET.SubElement(case, "failure", {"message": (outcome.failure or "failed")[:1000]})
            failure.text = outcome.failure
        elif outcome.status == "not_run":
            ET.SubElement(case, "skipped", {"message": outcome.note or "not run"})
        steps = "\n".join(
            f"step {s.index} ({s.id}) {s.kind} {s.target}: {'pass' if s.passed else 'FAIL'}, "
            f"{s.calls} call(s), {s.bytes} bytes, {s.seconds:.3f}s"
            for s in outcome.steps
        )
        ET.SubElement(case, "system-out").text = steps
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


def write_junit(outcomes: Sequence[ScenarioOutcome], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(junit_xml(outcomes), encoding="utf-8")
