"""The scenario model and its YAML loader.

A scenario file holds one scenario (a mapping) or several (a list of mappings, or a mapping with a
`scenarios:` list). Every problem is reported as a `ScenarioError` naming the file, the scenario and,
when it is about a step, the step (index and id), so a broken file is fixed in one go.

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
high-danger operations), `decline`, `cancel`; `none` uses a client without elicitation support (the
server answers with a preview and a token); `token` does the same and then calls again with the
preview's `confirmation_token` (two calls). Without `confirm`, a question the step did not expect is
declined. `expect` is `ok`, `error` or a mapping of `status`, `fields` ({dotted.path: value}),
`contains`, `not_contains`, `error_contains` (implies status error), `count` ({path: n}), `absent`
([paths]), `asked` (whether a confirmation was requested) and `calls` (tool calls the step made);
the default is `status: ok`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

StepKind = Literal["call", "read", "prompt"]
Transport = Literal["memory", "stdio", "http"]
Era = Literal["modern", "legacy"]

TRANSPORTS: tuple[str, ...] = ("memory", "stdio", "http")
ERAS: tuple[str, ...] = ("modern", "legacy")
CONFIRM_MODES: tuple[str, ...] = ("elicit", "token", "never")
CONFIRM_ANSWERS: tuple[str, ...] = ("accept", "decline", "cancel", "none", "token")
EXPECT_KEYS = frozenset(
    {"status", "fields", "contains", "not_contains", "error_contains", "count", "absent", "asked", "calls"}
)
STEP_KEYS = frozenset({"id", "call", "read", "prompt", "arguments", "confirm", "expect", "note"})
SCENARIO_KEYS = frozenset(
    {"name", "description", "transport", "era", "server", "sandbox", "steps", "goal", "final", "max_turns", "tags"}
)
SERVER_KEYS = frozenset({"read_only", "toolsets", "tools", "exclude_tools", "confirm", "tool_mode"})
TOOL_MODES: tuple[str, ...] = ("all", "discover", "toolsets")
SANDBOX_KEYS = frozenset(
    {"users", "meetings", "webinars", "generate_meetings", "faults", "latency_ms", "rate_limits", "granted_scopes"}
)
FINAL_KINDS = frozenset({"meeting", "webinar", "registrant", "recording", "live", "requests", "state", "no_deletes"})


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
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(f"{where}: `name` is missing or empty; give every scenario a unique name.")
    where = f"{source}: scenario {name!r}"
    _unknown(data, SCENARIO_KEYS, where)
    transport = _choice(data.get("transport", "memory"), TRANSPORTS, f"{where}: transport")
    era = _choice(data.get("era", "modern"), ERAS, f"{where}: era")
    goal = data.get("goal")
    raw_steps = data.get("steps")
    if goal is not None and not isinstance(goal, str):
        raise ScenarioError(f"{where}: `goal` must be text describing what the agent should achieve.")
    if raw_steps is None and goal is None:
        raise ScenarioError(f"{where}: give `steps` (a list) or `goal` (text for the model-driven mode).")
    if raw_steps is not None and not isinstance(raw_steps, list):
        raise ScenarioError(f"{where}: `steps` must be a list of steps; got {_kind(raw_steps)}.")
    steps = tuple(_parse_step(raw, index, where) for index, raw in enumerate(raw_steps or [], start=1))
    ids = [s.id for s in steps]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ScenarioError(f"{where}: step ids must be unique; repeated: {', '.join(duplicates)}.")
    final = data.get("final") or []
    if not isinstance(final, list):
        raise ScenarioError(f"{where}: `final` must be a list of assertions; got {_kind(final)}.")
    for number, item in enumerate(final, start=1):
        _check_final(item, f"{where}: final #{number}")
    sandbox = data.get("sandbox") or {}
    if not isinstance(sandbox, Mapping):
        raise ScenarioError(f"{where}: `sandbox` must be a mapping; got {_kind(sandbox)}.")
    _unknown(sandbox, SANDBOX_KEYS, f"{where}: sandbox")
    return Scenario(
        name=name.strip(),
        description=str(data.get("description") or "").strip(),
        source=source,
        transport=transport,  # type: ignore[arg-type]
        era=era,  # type: ignore[arg-type]
        server=_parse_server(data.get("server") or {}, f"{where}: server"),
        sandbox=dict(sandbox),
        steps=steps,
        goal=goal,
        final=tuple(final),
        max_turns=int(data.get("max_turns", 12)),
    )


def _parse_server(data: Any, where: str) -> ServerOptions:
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{where}: must be a mapping (read_only, toolsets, tools, exclude_tools, confirm).")
    _unknown(data, SERVER_KEYS, where)
    toolsets = data.get("toolsets")
    if toolsets == "all":
        toolsets = None
    return ServerOptions(
        read_only=bool(data.get("read_only", False)),
        toolsets=None if toolsets is None else tuple(_names(toolsets, f"{where}: toolsets")),
        tools=None if data.get("tools") is None else tuple(_names(data["tools"], f"{where}: tools")),
        exclude_tools=tuple(_names(data.get("exclude_tools") or [], f"{where}: exclude_tools")),
        confirm=_choice(data.get("confirm", "elicit"), CONFIRM_MODES, f"{where}: confirm"),
        tool_mode=_choice(data.get("tool_mode", "all"), TOOL_MODES, f"{where}: tool_mode"),
    )


def _parse_step(data: Any, index: int, where: str) -> Step:
    if not isinstance(data, Mapping):
        raise ScenarioError(f"{where}: step {index}: expected a mapping with call, read or prompt; got {_kind(data)}.")
    step_id = str(data.get("id") or f"step{index}")
    label = f"{where}: step {index} ({step_id})"
    _unknown(data, STEP_KEYS, label)
    kinds = [k for k in ("call", "read", "prompt") if k in data]
    if len(kinds) != 1:
        raise ScenarioError(f"{label}: give exactly one of call (tool name), read (resource URI) or prompt (name).")
    kind = kinds[0]
    target = data[kind]
    if not isinstance(target, str) or not target:
        raise ScenarioError(f"{label}: `{kind}` must be a non-empty string.")
    arguments = data.get("arguments") or {}
    if not isinstance(arguments, Mapping):
        raise ScenarioError(f"{label}: `arguments` must be a mapping; got {_kind(arguments)}.")
    if kind == "read" and arguments:
        raise ScenarioError(f"{label}: a `read` step takes no arguments; put everything in the URI.")
    return Step(
        index=index,
        id=step_id,
        kind=kind,  # type: ignore[arg-type]
        target=target,
        arguments=dict(arguments),
        confirm=_parse_confirm(data.get("confirm"), label),
        expect=_parse_expect(data.get("expect"), label),
    )


def _parse_confirm(value: Any, where: str) -> Confirm:
    if value is None:
        return Confirm()
    if isinstance(value, Mapping) and set(value) == {"type_id"}:
        return Confirm(answer="type_id", typed_id=value["type_id"], given=True)
    if isinstance(value, str) and value in CONFIRM_ANSWERS:
        return Confirm(answer=value, given=True)
    raise ScenarioError(
        f"{where}: confirm must be one of {', '.join(CONFIRM_ANSWERS)} or {{type_id: <value>}}; got {value!r}."
    )


def _parse_expect(value: Any, where: str) -> Expect:
    if value is None:
        return Expect()
    if value in ("ok", "error"):
        return Expect(status=value)
    if not isinstance(value, Mapping):
        raise ScenarioError(f"{where}: expect must be ok, error or a mapping; got {value!r}.")
    _unknown(value, EXPECT_KEYS, f"{where}: expect")
    error_contains = _texts(value.get("error_contains"), f"{where}: expect.error_contains")
    status = value.get("status", "error" if error_contains else "ok")
    if status not in ("ok", "error"):
        raise ScenarioError(f"{where}: expect.status must be ok or error; got {status!r}.")
    fields = value.get("fields") or {}
    count = value.get("count") or {}
    if not isinstance(fields, Mapping) or not isinstance(count, Mapping):
        raise ScenarioError(f"{where}: expect.fields and expect.count must be mappings of dotted paths.")
    if any(not isinstance(n, int) for n in count.values()):
        raise ScenarioError(f"{where}: expect.count values must be whole numbers.")
    asked = value.get("asked")
    calls = value.get("calls")
    return Expect(
        status=status,
        fields={str(k): v for k, v in fields.items()},
        contains=_texts(value.get("contains"), f"{where}: expect.contains"),
        not_contains=_texts(value.get("not_contains"), f"{where}: expect.not_contains"),
        error_contains=error_contains,
        count={str(k): int(v) for k, v in count.items()},
        absent=_texts(value.get("absent"), f"{where}: expect.absent"),
        asked=None if asked is None else bool(asked),
        calls=None if calls is None else int(calls),
    )


def _check_final(item: Any, where: str) -> None:
    if not isinstance(item, Mapping) or len(item) != 1:
        raise ScenarioError(
            f"{where}: each final assertion is a one-key mapping, one of {', '.join(sorted(FINAL_KINDS))}."
        )
    kind = next(iter(item))
    if kind not in FINAL_KINDS:
        raise ScenarioError(f"{where}: unknown final assertion {kind!r}; use one of {', '.join(sorted(FINAL_KINDS))}.")
    if kind != "no_deletes" and not isinstance(item[kind], Mapping):
        raise ScenarioError(f"{where}: `{kind}` takes a mapping of conditions.")


# ---------------------------------------------------------------------------------------------------
def _unknown(data: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    extra = sorted(str(k) for k in data if k not in allowed)
    if extra:
        raise ScenarioError(f"{where}: unknown key(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}.")


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ScenarioError(f"{where} must be one of {', '.join(allowed)}; got {value!r}.")
    return str(value)


def _names(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ScenarioError(f"{where}: give a list of names or a comma-separated string; got {value!r}.")


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ScenarioError(f"{where}: give a text or a list of texts; got {value!r}.")


def _kind(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]
