"""Running scenarios: a fresh sandbox per scenario, the real server, the SDK's real Client, then the checks.

`run_scenario(scenario)` never raises for a scenario's own failures: they become a failed
`ScenarioOutcome` whose `failure` names the scenario, the step (index and id) and the difference.
Steps run in order; the first failing step stops the scenario (later steps usually depend on it).
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from typing import Any

import anyio
from mcp.shared.exceptions import MCPError
from mcp_types import BlobResourceContents, CallToolResult, TextContent, TextResourceContents

from zoom_mcp.evals.connections import Connection, open_connection
from zoom_mcp.evals.expectations import Observed, check_step
from zoom_mcp.evals.final_state import check_final
from zoom_mcp.evals.outcomes import ScenarioOutcome, StepOutcome
from zoom_mcp.evals.references import UnresolvedReference, is_whole_reference, resolve
from zoom_mcp.evals.request_checks import request_lines
from zoom_mcp.evals.sandbox_setup import SandboxSetupError, apply_additions, sandbox_config
from zoom_mcp.evals.scenario import Scenario, Step
from zoom_mcp.sandbox import RunningSandbox, running_sandbox_async

SCENARIO_TIMEOUT_SECONDS = 90.0
MODEL_KEY_VARIABLE = "ANTHROPIC_API_KEY"


class StepFailed(Exception):
    """Internal: stops a scenario at a failing step."""


async def run_scenarios(
    scenarios: Iterable[Scenario],
    *,
    transport: str | None = None,
    on_done: Callable[[ScenarioOutcome], None] | None = None,
) -> list[ScenarioOutcome]:
    """Run each scenario in turn (optionally forcing one transport); `on_done` sees each outcome."""
    outcomes = []
    for scenario in scenarios:
        if transport is not None:
            scenario = replace(scenario, transport=transport)  # type: ignore[arg-type]
        outcome = await run_scenario(scenario)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)
    return outcomes


async def run_scenario(scenario: Scenario) -> ScenarioOutcome:
    outcome = ScenarioOutcome(scenario.name, str(scenario.source), scenario.transport, scenario.era)
    started = time.perf_counter()
    if scenario.model_driven and not os.environ.get(MODEL_KEY_VARIABLE):
        outcome.status = "not_run"
        outcome.note = "not run (no model key)"
        return outcome
    try:
        with anyio.fail_after(SCENARIO_TIMEOUT_SECONDS):
            try:
                await _run(scenario, outcome)
            except BaseExceptionGroup as group:  # task groups (sandbox, transports) wrap what we raise
                raise _first_leaf(group) from group
    except StepFailed as exc:
        outcome.failure = str(exc)
    except TimeoutError:
        outcome.failure = f"scenario {scenario.name}: did not finish within {SCENARIO_TIMEOUT_SECONDS:.0f} s"
    except UnresolvedReference as exc:
        outcome.failure = str(exc)
    except SandboxSetupError as exc:
        outcome.failure = f"scenario {scenario.name}: {exc}"
    except Exception as exc:  # a broken transport or server: report it, go on with the next scenario
        outcome.failure = f"scenario {scenario.name}: could not run: {type(exc).__name__}: {_exception_text(exc)}"
    else:
        outcome.status = "passed"
    finally:
        outcome.seconds = time.perf_counter() - started
    if outcome.failure is not None:
        outcome.status = "failed"
    return outcome


def _first_leaf(group: BaseExceptionGroup[Any]) -> BaseException:
    first = group.exceptions[0]
    return _first_leaf(first) if isinstance(first, BaseExceptionGroup) else first


def _exception_text(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        return _exception_text(exc.exceptions[0])
    return str(exc)[:500]


async def _run(scenario: Scenario, outcome: ScenarioOutcome) -> None:
    async with running_sandbox_async(sandbox_config(scenario.sandbox, scenario.api)) as sandbox:
        apply_additions(scenario.sandbox, sandbox)
        async with open_connection(scenario, sandbox) as connection:
            records: dict[str, dict[str, Any]] = {}
            if scenario.model_driven:
                from zoom_mcp.evals.agent_loop import run_goal

                outcome.steps.append(await run_goal(scenario, connection))
                if not outcome.steps[-1].passed:
                    raise StepFailed(f"scenario {scenario.name}: {outcome.steps[-1].failure}")
            for step in scenario.steps:
                result = await run_step(scenario, step, connection, records, sandbox=sandbox)
                outcome.steps.append(result)
                if not result.passed:
                    raise StepFailed(str(result.failure))
            _check_finals(scenario, sandbox, records)


def _check_finals(scenario: Scenario, sandbox: RunningSandbox, records: Mapping[str, Any]) -> None:
    problems: list[str] = []
    for number, item in enumerate(scenario.final, start=1):
        where = f"scenario {scenario.name}: final #{number}"
        resolved = resolve(item, records, where=where)
        problems.extend(f"final #{number}: {p}" for p in check_final(resolved, sandbox))
    if problems:
        raise StepFailed(f"scenario {scenario.name}: final state differs: " + "; ".join(problems))


async def run_step(
    scenario: Scenario,
    step: Step,
    connection: Connection,
    records: dict[str, dict[str, Any]],
    *,
    sandbox: RunningSandbox | None = None,
) -> StepOutcome:
    """Run one step and check its `expect:`; with `sandbox`, the step's own requests can be checked too."""
    result = StepOutcome(step.index, step.id, step.kind, step.target)
    started = time.perf_counter()
    where = f"scenario {scenario.name}: {step.label}"
    try:
        target = str(resolve(step.target, records, where=where))
        arguments = resolve(dict(step.arguments), records, where=where)
        if step.kind == "call":
            arguments = fit_referenced_values(target, step.arguments, arguments, api=scenario.api)
        expect = replace(
            step.expect,
            fields=resolve(dict(step.expect.fields), records, where=where),
            contains=tuple(resolve(list(step.expect.contains), records, where=where)),
            error_contains=tuple(resolve(list(step.expect.error_contains), records, where=where)),
            not_contains=tuple(resolve(list(step.expect.not_contains), records, where=where)),
            count=resolve(dict(step.expect.count), records, where=where),
            absent=tuple(resolve(list(step.expect.absent), records, where=where)),
            requests=resolve(dict(step.expect.requests), records, where=where),
        )
        confirm = replace(step.confirm, typed_id=resolve(step.confirm.typed_id, records, where=where))
    except UnresolvedReference as exc:
        result.failure = str(exc)
        return result
    result.target = target
    connection.person.confirm = confirm
    connection.person.questions.clear()
    seen = len(sandbox.requests()) if sandbox is not None else 0
    if step.kind == "call":
        observed, record, size = await _call(step, target, arguments, connection)
    elif step.kind == "read":
        observed, record, size = await _read(target, connection)
    else:
        observed, record, size = await _prompt(target, arguments, connection)
    observed.asked = observed.asked or bool(connection.person.questions)
    if sandbox is not None:
        observed.requests = request_lines(sandbox.requests()[seen:])
    result.seconds = time.perf_counter() - started
    result.status, result.calls, result.bytes, result.asked = observed.status, observed.calls, size, observed.asked
    records[step.id] = record
    problems = check_step(expect, observed)
    if problems:
        result.failure = f"{where} {step.kind} {target}: " + "; ".join(problems)
    else:
        result.passed = True
    return result


@functools.cache
def _input_properties(api: str = "master") -> dict[str, dict[str, Any]]:
    from zoom_mcp.catalog import load_catalog

    return {t.name: dict(t.input_schema.get("properties") or {}) for t in load_catalog(variant=api).tools}


def fit_referenced_values(
    tool: str, raw: Mapping[str, Any], resolved: dict[str, Any], *, api: str = "master"
) -> dict[str, Any]:
    """A top-level argument that is exactly one `${...}` reference takes the type the tool's schema asks
    for (a meeting ID taken from a number becomes text for a string parameter, and back). Literal values
    are sent as written, so a scenario can still send a wrong type on purpose. Through `zoom_call_tool` /
    `zoom_call_read_tool` the same applies to the inner tool's `arguments`."""
    inner, inner_raw = resolved.get("arguments"), raw.get("arguments")
    if tool in ("zoom_call_tool", "zoom_call_read_tool") and isinstance(inner, dict) and isinstance(inner_raw, Mapping):
        return {**resolved, "arguments": fit_referenced_values(str(resolved.get("name")), inner_raw, inner, api=api)}
    properties = _input_properties(api).get(tool, {})
    fitted = dict(resolved)
    for key, value in resolved.items():
        original = raw.get(key)
        if not (isinstance(original, str) and is_whole_reference(original)):
            continue
        wanted = _accepted_types(properties.get(key) or {})
        if "string" in wanted and isinstance(value, int | float) and not isinstance(value, bool):
            fitted[key] = str(value)  # text where the schema takes text (an int64 ID takes both)
        elif wanted == {"integer"} and isinstance(value, str) and value.isdigit():
            fitted[key] = int(value)
    return fitted


def _accepted_types(schema: Mapping[str, Any]) -> set[str]:
    """The JSON types a property schema accepts: its `type`, or the single types of its `anyOf` branches."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return {kind}
    branches = schema.get("anyOf") or []
    return {str(b["type"]) for b in branches if isinstance(b, Mapping) and isinstance(b.get("type"), str)}


def _text_of(result: CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, TextContent))


def _size(model: Any) -> int:
    return len(model.model_dump_json(by_alias=True, exclude_none=True).encode())


async def _call(
    step: Step, name: str, arguments: dict[str, Any], connection: Connection
) -> tuple[Observed, dict[str, Any], int]:
    answer = step.confirm.answer
    client = await connection.client(eliciting=answer not in ("none", "token"))
    calls, preview = 1, None
    try:
        result = await client.call_tool(name, arguments)
        size = _size(result)
        structured = result.structured_content or {}
        token = structured.get("confirmation_token") if result.is_error else None
        if answer == "token" and isinstance(token, str):
            preview = structured
            result = await client.call_tool(name, {**arguments, "confirmation_token": token})
            calls, size = 2, size + _size(result)
    except MCPError as exc:
        text = f"protocol error {exc.error.code}: {exc.error.message}"
        return Observed("error", None, text, calls=calls), {"result": None, "text": text, "is_error": True}, len(text)
    text = _text_of(result)
    status = "error" if result.is_error else "ok"
    observed = Observed(status, result.structured_content, text, asked=preview is not None, calls=calls)
    if preview is None and isinstance(result.structured_content, dict):
        observed.asked = "confirmation_token" in result.structured_content or observed.asked
    record = {
        "result": result.structured_content,
        "structuredContent": result.structured_content,
        "text": text,
        "is_error": result.is_error,
        "preview": preview,
    }
    return observed, record, size


async def _read(uri: str, connection: Connection) -> tuple[Observed, dict[str, Any], int]:
    client = await connection.client(eliciting=True)
    try:
        answer = await client.read_resource(uri)
    except MCPError as exc:
        text = f"resource error {exc.error.code}: {exc.error.message}"
        return Observed("error", None, text, calls=1), {"result": None, "text": text, "is_error": True}, len(text)
    texts: list[str] = []
    parsed: Any = None
    for item in answer.contents:
        if isinstance(item, TextResourceContents):
            texts.append(item.text)
            if (item.mime_type or "").endswith("json") and parsed is None:
                try:
                    parsed = json.loads(item.text)
                except ValueError:
                    parsed = None
        elif isinstance(item, BlobResourceContents):
            texts.append(f"[binary {item.mime_type or 'data'}, {len(item.blob)} base64 characters]")
    text = "\n".join(texts)
    record = {"result": parsed, "structuredContent": parsed, "text": text, "is_error": False}
    return Observed("ok", parsed, text, calls=1), record, _size(answer)


async def _prompt(name: str, arguments: dict[str, Any], connection: Connection) -> tuple[Observed, dict[str, Any], int]:
    client = await connection.client(eliciting=True)
    text_arguments = {key: value if isinstance(value, str) else json.dumps(value) for key, value in arguments.items()}
    try:
        answer = await client.get_prompt(name, text_arguments)
    except MCPError as exc:
        text = f"prompt error {exc.error.code}: {exc.error.message}"
        return Observed("error", None, text, calls=1), {"result": None, "text": text, "is_error": True}, len(text)
    texts: list[str] = []
    for message in answer.messages:
        content = message.content
        if isinstance(content, TextContent):
            texts.append(content.text)
        else:
            texts.append(content.model_dump_json(by_alias=True, exclude_none=True))
    text = "\n".join(texts)
    data = answer.model_dump(mode="json", by_alias=True, exclude_none=True)
    record = {"result": data, "structuredContent": data, "text": text, "is_error": False}
    return Observed("ok", data, text, calls=1), record, _size(answer)
