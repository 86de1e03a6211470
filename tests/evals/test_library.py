"""The whole scenario library runs green: in memory (HTTP scenarios over HTTP), two scenarios over stdio."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from zoom_mcp.catalog import load_catalog
from zoom_mcp.evals import Scenario, load_scenarios
from zoom_mcp.evals.runner import run_scenario

from .conftest import LIBRARY

pytestmark = pytest.mark.anyio

SCENARIOS = load_scenarios([LIBRARY])
SCRIPTED = [s for s in SCENARIOS if not s.model_driven]
STDIO = [s for s in SCRIPTED if s.transport == "stdio"]


def _in_process(scenario: Scenario) -> Scenario:
    return replace(scenario, transport="memory") if scenario.transport == "stdio" else scenario


@pytest.mark.parametrize("scenario", SCRIPTED, ids=[s.name for s in SCRIPTED])
async def test_scenario_passes(scenario: Scenario) -> None:
    outcome = await run_scenario(_in_process(scenario))
    assert outcome.status == "passed", outcome.failure
    assert len(outcome.steps) == len(scenario.steps)
    assert all(step.passed for step in outcome.steps)


@pytest.mark.parametrize("scenario", STDIO[:2], ids=[s.name for s in STDIO[:2]])
async def test_stdio_scenarios_pass_over_a_real_child_process(scenario: Scenario) -> None:
    outcome = await run_scenario(scenario)
    assert outcome.transport == "stdio"
    assert outcome.status == "passed", outcome.failure


def test_library_has_at_least_forty_scripted_scenarios_with_unique_names() -> None:
    assert len(SCRIPTED) >= 40
    assert len({s.name for s in SCENARIOS}) == len(SCENARIOS)


def test_library_covers_every_toolset() -> None:
    catalog = load_catalog()
    by_name = catalog.by_name
    called = {step.target for s in SCRIPTED for step in s.steps if step.kind == "call"}
    covered = {by_name[name].toolset for name in called if name in by_name}
    assert covered == set(catalog.toolsets), f"toolsets without a scenario: {set(catalog.toolsets) - covered}"
    assert len(catalog.toolsets) == 18


def test_library_covers_the_hard_paths() -> None:
    names = {s.name for s in SCRIPTED}
    for required in (
        "registration-schedule-register-approve",
        "webinar-full-lifecycle",
        "recording-lifecycle",
        "live-recording-start-pause-resume-stop",
        "rate-limit-get-retried-transparently",
        "rate-limit-post-recovered-by-agent",
        "pagination-across-pages",
        "bad-argument-corrected-after-error",
        "read-only-refuses-writes",
    ):
        assert required in names
    answers = {step.confirm.answer for s in SCRIPTED for step in s.steps}
    assert {"accept", "decline", "cancel", "none", "token", "type_id"} <= answers
    assert {s.transport for s in SCRIPTED} == {"memory", "stdio", "http"}
    assert {s.era for s in SCRIPTED} == {"modern", "legacy"}


def test_the_recording_lifecycle_declines_then_confirms_the_permanent_delete() -> None:
    lifecycle = next(s for s in SCRIPTED if s.name == "recording-lifecycle")
    deletes = [
        (step.confirm.answer, step.arguments.get("action"))
        for step in lifecycle.steps
        if step.target == "recording_delete"
    ]
    assert deletes == [("type_id", "trash"), ("decline", "delete"), ("type_id", "delete")]


SPECIFIC = ("fields", "count", "absent", "contains", "not_contains", "error_contains", "requests")


def vague_steps(scenarios: list[Scenario]) -> list[str]:
    """Scripted steps whose `expect:` asserts nothing specific: only the status, `asked` or `calls`."""
    return [
        f"{s.source.name}: {s.name}: {step.label}"
        for s in scenarios
        for step in s.steps
        if not any(getattr(step.expect, key) for key in SPECIFIC)
    ]


def test_every_scripted_step_asserts_something_specific() -> None:
    """A field, a value, a count, a text or a request in the log: `expect: ok` alone proves nothing."""
    vague = vague_steps(SCRIPTED)
    assert not vague, "steps that only check the call's status:\n" + "\n".join(vague)


def test_a_bare_status_expectation_counts_as_vague(tmp_path: Path) -> None:
    scenario = tmp_path / "vague.yaml"
    scenario.write_text(
        "name: vague\nsteps:\n"
        "  - {call: meetings_list, arguments: {userId: me}, expect: ok}\n"
        "  - {call: meetings_list, arguments: {userId: me}, expect: {status: ok, asked: false, calls: 1}}\n"
        "  - {call: meetings_list, arguments: {userId: me}, expect: {requests: {has: '^GET '}}}\n"
    )
    assert [line.split(": ")[-1] for line in vague_steps(load_scenarios([scenario]))] == [
        "step 1 (step1)",
        "step 2 (step2)",
    ]
