"""Failing scenarios: the message names the scenario, the step (index and id) and expected vs actual."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from zoom_mcp.evals import ScenarioError, load_scenarios
from zoom_mcp.evals.runner import run_scenario

pytestmark = pytest.mark.anyio

Write = Callable[..., Path]


async def _run_one(path: Path):  # type: ignore[no-untyped-def]
    [scenario] = load_scenarios([path])
    return await run_scenario(scenario)


async def test_broken_field_expectation_shows_step_and_difference(write_scenarios: Write) -> None:
    path = write_scenarios(
        """
name: broken-topic
steps:
  - id: first
    call: meeting_get
    arguments: {meetingId: "85746065001"}
  - id: topic-check
    call: meeting_get
    arguments: {meetingId: "85746065001"}
    expect: {fields: {topic: Wrong topic}}
"""
    )
    outcome = await _run_one(path)
    assert outcome.status == "failed"
    assert outcome.failure is not None
    assert "scenario broken-topic" in outcome.failure
    assert "step 2 (topic-check)" in outcome.failure
    assert "topic: expected 'Wrong topic', got 'Product sync'" in outcome.failure
    assert [s.passed for s in outcome.steps] == [True, False]


async def test_wrong_status_and_error_text_are_both_reported(write_scenarios: Write) -> None:
    path = write_scenarios(
        """
name: expects-error
steps:
  - id: ok-call
    call: meetings_list
    arguments: {userId: me}
    expect: {error_contains: nope}
"""
    )
    outcome = await _run_one(path)
    assert outcome.failure is not None
    assert "step 1 (ok-call)" in outcome.failure
    assert "expected status error, got ok" in outcome.failure
    assert "expected the error text to contain 'nope'" in outcome.failure


async def test_failing_step_stops_the_scenario(write_scenarios: Write) -> None:
    path = write_scenarios(
        """
name: stops-early
steps:
  - id: bad
    call: meeting_get
    arguments: {meetingId: "1"}
  - id: never
    call: meetings_list
    arguments: {userId: me}
"""
    )
    outcome = await _run_one(path)
    assert outcome.status == "failed"
    assert [s.id for s in outcome.steps] == ["bad"]
    assert "expected status ok, got error" in (outcome.failure or "")


async def test_broken_final_assertion_names_it_and_the_difference(write_scenarios: Write) -> None:
    path = write_scenarios(
        """
name: final-broken
steps:
  - id: delete
    call: meeting_delete
    arguments: {meetingId: "85746065001"}
    confirm: decline
    expect: error
final:
  - meeting: {id: 85746065001, exists: false}
  - no_deletes: true
"""
    )
    outcome = await _run_one(path)
    assert outcome.status == "failed"
    assert "final #1: meeting 85746065001: expected none, got one" in (outcome.failure or "")
    assert "expected none, got one" in (outcome.failure or "")
    assert "final #2" not in (outcome.failure or "")  # no_deletes held


async def test_request_log_assertion_shows_what_was_sent(write_scenarios: Write) -> None:
    path = write_scenarios(
        """
name: request-broken
steps:
  - call: meetings_list
    arguments: {userId: me}
final:
  - requests: {has: "^DELETE "}
"""
    )
    outcome = await _run_one(path)
    assert "expected one matching /^DELETE /" in (outcome.failure or "")
    assert "GET /accounts/sandbox-account/users/me/meetings" in (outcome.failure or "")


async def test_step_request_assertion_checks_only_that_steps_requests(write_scenarios: Write) -> None:
    path = write_scenarios(
        """
name: step-requests
steps:
  - id: update
    call: meeting_update
    arguments: {meetingId: "85746065001", topic: Renamed}
    expect: {requests: {count: 1, match: "^PATCH .*/meetings/85746065001$", status: 204}}
  - id: read
    call: meeting_get
    arguments: {meetingId: "85746065001"}
    expect: {fields: {topic: Renamed}, requests: {has_not: "^PATCH ", count: 1, match: "^GET "}}
  - id: wrong
    call: meeting_get
    arguments: {meetingId: "85746065001"}
    expect: {requests: {has: "^DELETE .*/meetings/${steps.read.result.id}"}}
"""
    )
    outcome = await _run_one(path)
    assert [s.passed for s in outcome.steps] == [True, True, False]
    assert "step 3 (wrong)" in (outcome.failure or "")
    assert "requests: expected one matching /^DELETE .*/meetings/85746065001/, got none among:" in (
        outcome.failure or ""
    )
    assert "GET /accounts/sandbox-account/meetings/85746065001 -> 200" in (outcome.failure or "")
    assert "PATCH" not in (outcome.failure or "")  # the earlier step's request is not this step's


async def test_unresolved_reference_names_the_step_and_known_ids(write_scenarios: Write) -> None:
    path = write_scenarios(
        """
name: bad-reference
steps:
  - id: list
    call: meetings_list
    arguments: {userId: me}
  - id: get
    call: meeting_get
    arguments: {meetingId: "${steps.lsit.result.meetings.0.id}"}
"""
    )
    outcome = await _run_one(path)
    assert "step 2 (get)" in (outcome.failure or "")
    assert "no earlier step with id 'lsit' (earlier steps: list)" in (outcome.failure or "")


async def test_goal_scenario_without_key_is_not_run_and_does_not_fail(
    write_scenarios: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    path = write_scenarios("name: goal-only\ngoal: Schedule something.\nfinal: [{no_deletes: true}]\n")
    outcome = await _run_one(path)
    assert outcome.status == "not_run"
    assert outcome.note == "not run (no model key)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nsteps: [{call: a, read: b}]\n", "scenario 'x': step 1 (step1): give exactly one of call"),
        ("name: x\nsteps: [{id: s, call: a, confirm: maybe}]\n", "step 1 (s): `confirm` must be one of"),
        (
            "name: x\nsteps: [{id: s, call: a, expect: {feilds: {}}}]\n",
            "step 1 (s): expect: unknown key `feilds`; allowed: absent, asked",
        ),
        (
            "name: x\nsteps: [{call: a}]\nfinal: [{meting: {}}]\n",
            "final #1: unknown final assertion `meting`; allowed: live, meeting",
        ),
        (
            "name: x\ntransport: carrier-pigeon\nsteps: []\n",
            "`transport` must be one of memory, stdio, http; got 'carrier-pigeon'",
        ),
        ("name: x\n", "give `steps` (a list) or `goal`"),
        ("steps: []\n", "scenario #1: `name` is required"),
        ("name: x\nsteps: [{id: a, call: t}, {id: a, call: t}]\n", "repeated: a"),
        ("name: [unclosed\n", "not valid YAML"),
        ("name: x\nsteps: []\nsandbox: {user: []}\n", "scenario 'x': sandbox: unknown key `user`; allowed: faults,"),
        ("name: x\nsteps: []\nserver: {confirm: ask}\n", "server: `confirm` must be one of elicit, token, never"),
        (
            "name: x\nsteps: [{call: a, confirm: {type_id: 1, typo: 2}}]\n",
            "step 1 (step1): confirm: unknown key `typo`",
        ),
        (
            "name: x\nsteps: [{call: a, expect: {count: {n: many}}}]\n",
            "expect.count.n: input should be a valid integer; got 'many'; `count` must be a mapping of dotted paths",
        ),
        ("name: x\nsteps: [{read: zoom://x, arguments: {a: 1}}]\n", "step 1 (step1): a `read` step takes no arguments"),
        (
            "name: x\nsteps: [{call: a, expect: {requests: {hass: x}}}]\n",
            "step 1 (step1): expect.requests: unknown key `hass`",
        ),
    ],
)
def test_malformed_files_name_file_scenario_and_step(write_scenarios: Write, text: str, message: str) -> None:
    path = write_scenarios(text)
    with pytest.raises(ScenarioError) as raised:
        load_scenarios([path])
    assert str(path) in str(raised.value)
    assert message in str(raised.value)


def test_duplicate_names_across_files_are_refused(write_scenarios: Write) -> None:
    first = write_scenarios("name: same\nsteps: []\n", "a.yaml")
    write_scenarios("name: same\nsteps: []\n", "b.yaml")
    with pytest.raises(ScenarioError, match="already used in"):
        load_scenarios([first.parent])
