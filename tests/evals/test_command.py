"""`zoom-mcp eval`: the table, the JSON report, JUnit XML and exit codes (through the real CLI entry point)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from zoom_mcp.cli import main

Write = Callable[..., Path]

PASSING = """
- name: lists-meetings
  steps:
    - id: list
      call: meetings_list
      arguments: {userId: me}
      expect: {fields: {"meetings[id=85746065001].topic": Product sync}}
- name: reads-summary
  steps:
    - read: zoom://meetings/${seed.RECORDED_MEETING_ID}/summary
      expect: {contains: Key points}
- name: goal-without-key
  goal: Do something useful.
"""

FAILING = """
- name: good-one
  steps:
    - call: meetings_list
      arguments: {userId: me}
- name: broken-one
  steps:
    - id: check
      call: meeting_get
      arguments: {meetingId: "85746065001"}
      expect: {fields: {topic: Not the topic}}
"""


def test_passing_run_exits_zero_and_writes_reports(
    write_scenarios: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    path = write_scenarios(PASSING)
    report, junit = tmp_path / "out" / "report.json", tmp_path / "out" / "junit.xml"
    code = main(["eval", str(path), "--report", str(report), "--junit", str(junit)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.splitlines()[0].split() == ["scenario", "steps", "result", "calls", "bytes", "time", "transport"]
    assert "lists-meetings" in out and "NOT RUN goal-without-key: not run (no model key)" in out
    assert "2 passed, 0 failed, 1 not run" in out

    data = json.loads(report.read_text())
    assert (data["passed"], data["failed"], data["not_run"]) == (2, 0, 1)
    first = data["scenarios"][0]
    assert {"name", "passed", "steps", "calls", "bytes", "seconds", "failure"} <= set(first)
    assert first["name"] == "lists-meetings" and first["passed"] is True and first["calls"] == 1
    assert first["bytes"] > 0 and first["steps"][0]["id"] == "list"

    suite = ET.fromstring(junit.read_text())
    assert suite.tag == "testsuite"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "0", "1")
    names = [case.get("name") for case in suite.iter("testcase")]
    assert names == ["lists-meetings", "reads-summary", "goal-without-key"]


def test_failing_run_exits_one_and_reports_the_step_and_difference(
    write_scenarios: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_scenarios(FAILING)
    report, junit = tmp_path / "r.json", tmp_path / "j.xml"
    code = main(["eval", str(path), "--report", str(report), "--junit", str(junit)])
    out = capsys.readouterr().out
    assert code == 1
    assert "FAILED broken-one" in out
    assert "step 1 (check)" in out and "topic: expected 'Not the topic', got 'Product sync'" in out
    data = json.loads(report.read_text())
    assert (data["passed"], data["failed"]) == (1, 1)
    broken = data["scenarios"][1]
    assert broken["passed"] is False and "step 1 (check)" in broken["failure"]
    suite = ET.fromstring(junit.read_text())
    failures = [case.find("failure") for case in suite.iter("testcase")]
    assert failures[0] is None and failures[1] is not None
    assert "expected 'Not the topic'" in (failures[1].get("message") or "")


def test_filter_and_transport_override(write_scenarios: Write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_scenarios(FAILING)
    code = main(["eval", str(path), "--filter", "good", "--transport", "http"])
    out = capsys.readouterr().out
    assert code == 0
    assert "good-one" in out and "broken-one" not in out
    assert out.splitlines()[1].rstrip().endswith("http")


def test_bad_files_and_empty_selections_exit_two(write_scenarios: Write, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_scenarios("name: x\nsteps: [{call: a, read: b}]\n", "bad.yaml")
    assert main(["eval", str(bad)]) == 2
    assert "give exactly one of call" in capsys.readouterr().err
    good = write_scenarios(FAILING, "good.yaml")
    assert main(["eval", str(good), "--filter", "no-such-scenario"]) == 2
    assert main(["eval", str(good.parent / "missing.yaml")]) == 2


def test_the_readme_example_scenario_passes(write_scenarios: Write, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Writing a scenario", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = write_scenarios(example)
    code = main(["eval", str(path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "schedule-register-approve" in out and "1 passed, 0 failed" in out
