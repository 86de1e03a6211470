"""The scenario model and its YAML loader.

A scenario file holds one scenario (a mapping) or several (a list of mappings, or a mapping with a
`scenarios:` list). Every problem is reported as a `ScenarioError` naming the file, the scenario and,
when it is about a step, the step (index and id), so a broken file is fixed in one go. The shape is
checked by the pydantic models of `scenario_models.py` (unknown keys refused).

    name: schedule-and-approve            # unique, used by --filter and in reports
    description: What this checks.
    transport: memory                     # memory (default) | stdio | http
    era: modern                           # modern (default, 2026-07-28) | legacy (handshake era)
    server: {read_only: false, toolsets: all, tools: [...], exclude_tools: [...], confirm: elicit, tool_mode: all}
    sandbox: {users: [...], meetings: [...], webinars: [...], generate_meetings: {...}, faults: [...]}
    steps:                                # or `goal:` in words (model-driven mode), then `max_turns:`
      - id: create                        # default step<N>; used in references and messages
        call: meeting_create              # or `read: <resource URI>` or `prompt: <name>`
        arguments: {userId: me, topic: Planning}
        confirm: accept                   # accept | decline | cancel | none | token | {type_id: ...}
        expect: {status: ok, fields: {topic: Planning}}
      - read: zoom://meetings/${steps.create.result.id}/summary
      - prompt: recap_meeting
        arguments: {meetingId: "85746065004"}
    final:
      - meeting: {topic: Planning}

`confirm` answers a confirmation request: `accept` (tick confirm), `type_id` (tick and type the ID, for
high-danger operations), `decline`, `cancel`; `none` uses a client without elicitation support (under
`confirm: elicit` the server refuses the call; under `confirm: token` it answers with a preview and a
token); `token` does the same and then calls again with the preview's `confirmation_token` (two calls,
for a server with `confirm: token`). Without `confirm`, a question the step did not expect is
declined. `expect` is `ok`, `error` or a mapping of `status`, `fields` ({dotted.path: value}),
`contains`, `not_contains`, `error_contains` (implies status error), `count` ({path: n}), `absent`
([paths]), `asked` (whether a confirmation was requested), `calls` (tool calls the step made) and
`requests` (what the step sent to the sandbox: `{has, has_not, count, match, status}`, as the final
`requests:` assertion but over this step's requests only); the default is `status: ok`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from zoom_mcp.config_files import Location, describe_errors, dotted
from zoom_mcp.evals.scenario_models import ExpectModel, ScenarioModel, ServerModel, StepModel, TypeIdModel

StepKind = Literal["call", "read", "prompt"]
Transport = Literal["memory", "stdio", "http"]
Era = Literal["modern", "legacy"]


class ScenarioError(ValueError):
    """A scenario file is malformed; the message names the file, scenario and step, and what to fix."""


@dataclass(frozen=True)
class Confirm:
    """How the scripted person answers a confirmation: `answer` plus the typed ID for `type_id`."""

    answer: str = "decline"  # accept | decline | cancel | none | token | type_id
    typed_id: Any = None
    given: bool = False  # False when the step did not say (an unexpected question is declined)


@dataclass(frozen=True)
class Expect:
    """What a step's result must look like (see `expectations.check_step`)."""

    status: Literal["ok", "error"] = "ok"
    fields: Mapping[str, Any] = field(default_factory=dict)
    contains: tuple[str, ...] = ()
    not_contains: tuple[str, ...] = ()
    error_contains: tuple[str, ...] = ()
    count: Mapping[str, int] = field(default_factory=dict)
    absent: tuple[str, ...] = ()
    asked: bool | None = None
    calls: int | None = None
    requests: Mapping[str, Any] = field(default_factory=dict)  # the step's requests (request_checks.py)


@dataclass(frozen=True)
class Step:
    index: int  # 1-based, as shown in messages
    id: str
    kind: StepKind
    target: str  # tool name, resource URI or prompt name (may hold ${...} references)
    arguments: Mapping[str, Any] = field(default_factory=dict)
    confirm: Confirm = field(default_factory=Confirm)
    expect: Expect = field(default_factory=Expect)

    @property
    def label(self) -> str:
        return f"step {self.index} ({self.id})"


@dataclass(frozen=True)
class ServerOptions:
    read_only: bool = False
    toolsets: tuple[str, ...] | None = None  # None = every toolset
    tools: tuple[str, ...] | None = None
    exclude_tools: tuple[str, ...] = ()
    confirm: str = "elicit"
    tool_mode: str = "all"  # what tools/list shows (discover | toolsets | all); scenarios call tools by name


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    source: Path
    transport: Transport = "memory"
    era: Era = "modern"
    # API variant and sandbox account type: "master" (the library's scenarios were written for it) or "regular"
    api: str = "master"
    server: ServerOptions = field(default_factory=ServerOptions)
    sandbox: Mapping[str, Any] = field(default_factory=dict)
    steps: tuple[Step, ...] = ()
    goal: str | None = None
    final: tuple[Mapping[str, Any], ...] = ()
    max_turns: int = 12

    @property
    def model_driven(self) -> bool:
        return self.goal is not None


# ---------------------------------------------------------------------------------------------------
def load_scenarios(paths: Iterable[Path | str]) -> list[Scenario]:
    """Every scenario in `paths` (files, or folders searched for *.yaml / *.yml, sorted); names must be unique."""
    scenarios: list[Scenario] = []
    seen: dict[str, Path] = {}
    for file in _scenario_files(paths):
        for scenario in load_file(file):
            if scenario.name in seen:
                raise ScenarioError(
                    f"{file}: scenario name {scenario.name!r} is already used in {seen[scenario.name]}; "
                    "names must be unique."
                )
            seen[scenario.name] = file
            scenarios.append(scenario)
    return scenarios


def _scenario_files(paths: Iterable[Path | str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise ScenarioError(f"{path}: no such file or folder; give scenario files or folders holding them.")
    return files


def load_file(path: Path) -> list[Scenario]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from exc
    if isinstance(data, Mapping) and "scenarios" in data:
        data = data["scenarios"]
    items = data if isinstance(data, list) else [data]
    return [parse_scenario(item, path, position) for position, item in enumerate(items, start=1)]


def parse_scenario(data: Any, source: Path, position: int = 1) -> Scenario:
    where = f"{source}: scenario #{position}"
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{where}: expected a mapping with name, steps (or goal) and final; got {_kind(data)}.")
    name = data.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{source}: scenario {name.strip()!r}"
    try:
        model = ScenarioModel.model_validate(dict(data))
    except ValidationError as exc:
        raise ScenarioError(describe_errors(exc, ScenarioModel, source=where, place=_placer(data))) from exc
    steps = tuple(_step(raw, index) for index, raw in enumerate(model.steps or [], start=1))
    ids = [s.id for s in steps]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ScenarioError(f"{where}: step ids must be unique; repeated: {', '.join(duplicates)}.")
    return Scenario(
        name=model.name,
        description=(model.description or "").strip(),
        source=source,
        transport=model.transport,
        era=model.era,
        api=model.api,
        server=_server(model.server or ServerModel()),
        sandbox=dict(data.get("sandbox") or {}),
        steps=steps,
        goal=model.goal,
        final=tuple(data.get("final") or ()),
        max_turns=model.max_turns,
    )


def _placer(data: Mapping[str, Any]) -> Callable[[Location], str]:
    """Locations as people read them: `steps[1].expect` -> `step 2 (get): expect`, `final[0]` -> `final #1`."""
    raw_steps = data.get("steps")
    steps = raw_steps if isinstance(raw_steps, list) else []

    def place(location: Location) -> str:
        if len(location) >= 2 and location[0] in ("steps", "final") and isinstance(location[1], int):
            number = location[1] + 1
            if location[0] == "steps":
                raw = steps[location[1]] if location[1] < len(steps) else None
                step_id = raw.get("id") if isinstance(raw, Mapping) else None
                head = f"step {number} ({step_id or f'step{number}'})"
            else:
                head = f"final #{number}"
            rest = dotted(location[2:])
            return f"{head}: {rest}" if rest else head
        return dotted(location)

    return place


def _server(model: ServerModel) -> ServerOptions:
    toolsets = model.toolsets
    if toolsets == ["all"]:
        toolsets = None
    return ServerOptions(
        read_only=model.read_only,
        toolsets=None if toolsets is None else tuple(toolsets),
        tools=None if model.tools is None else tuple(model.tools),
        exclude_tools=tuple(model.exclude_tools or ()),
        confirm=model.confirm,
        tool_mode=model.tool_mode,
    )


def _step(model: StepModel, index: int) -> Step:
    target = model.call or model.read or model.prompt or ""
    return Step(
        index=index,
        id=model.id or f"step{index}",
        kind=model.kind,
        target=target,
        arguments=dict(model.arguments),
        confirm=_confirm(model.confirm),
        expect=_expect(model.expect),
    )


def _confirm(value: str | TypeIdModel | None) -> Confirm:
    if value is None:
        return Confirm()
    if isinstance(value, TypeIdModel):
        return Confirm(answer="type_id", typed_id=value.type_id, given=True)
    return Confirm(answer=value, given=True)


def _expect(value: str | ExpectModel | None) -> Expect:
    if value is None:
        return Expect()
    if isinstance(value, str):
        return Expect(status="error" if value == "error" else "ok")
    error_contains = tuple(value.error_contains or ())
    return Expect(
        status=value.status or ("error" if error_contains else "ok"),
        fields=dict(value.fields or {}),
        contains=tuple(value.contains or ()),
        not_contains=tuple(value.not_contains or ()),
        error_contains=error_contains,
        count=dict(value.count or {}),
        absent=tuple(value.absent or ()),
        asked=value.asked,
        calls=value.calls,
        requests=value.requests.model_dump(exclude_none=True) if value.requests is not None else {},
    )


def _kind(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]
