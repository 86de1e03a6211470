"""Pydantic models of a scenario file, as written (the format is described in scenario.py).

They only check the shape: unknown keys, types, choices, exactly one of call/read/prompt. `scenario.py`
turns a checked `ScenarioModel` into the runtime `Scenario` and checks what spans several entries
(unique step ids, unique names).
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    Tag,
    model_validator,
)

from zoom_mcp.config_files import StrictModel

CONFIRM_ANSWERS: Final = ("accept", "decline", "cancel", "none", "token")
FINAL_KINDS: Final = ("live", "meeting", "no_deletes", "recording", "registrant", "requests", "state", "webinar")

NonEmpty = Annotated[str, StringConstraints(min_length=1)]


def _comma_separated(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _one_text(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _empty_is_none(value: Any) -> Any:
    return None if value in ({}, [], "") else value


Names = Annotated[list[StrictStr], BeforeValidator(_comma_separated)]
Texts = Annotated[list[StrictStr], BeforeValidator(_one_text)]
NAMES_RULE: Final = "must be a list of names or a comma-separated string"
TEXTS_RULE: Final = "must be a text or a list of texts"


class ServerModel(StrictModel):
    """`server:` the selection and confirmation mode the server under test runs with."""

    read_only: bool = Field(default=False, description="must be true or false")
    toolsets: Names | None = Field(default=None, description=f"{NAMES_RULE}, or `all`")
    tools: Names | None = Field(default=None, description=NAMES_RULE)
    exclude_tools: Names | None = Field(default=None, description=NAMES_RULE)
    confirm: Literal["elicit", "url", "token", "never"] = Field(
        default="elicit", description="must be one of elicit, url, token, never"
    )
    tool_mode: Literal["all", "discover", "toolsets"] = Field(
        default="all", description="must be one of all, discover, toolsets (what tools/list shows)"
    )


class SandboxModel(StrictModel):
    """`sandbox:` what to add to the seeded sandbox (checked in detail by sandbox_setup.py)."""

    users: Any = None
    meetings: Any = None
    webinars: Any = None
    generate_meetings: Any = None
    faults: Any = None
    latency_ms: Any = None
    rate_limits: Any = None
    granted_scopes: Any = None


class RequestsModel(StrictModel):
    """`expect: {requests: ...}`: what the step sent to the sandbox (see request_checks.py)."""

    has: Texts | None = Field(default=None, description=f"{TEXTS_RULE} (regular expressions)")
    has_not: Texts | None = Field(default=None, description=f"{TEXTS_RULE} (regular expressions)")
    count: StrictInt | None = Field(default=None, description="must be a whole number")
    match: StrictStr | None = Field(default=None, description="must be a regular expression")
    status: StrictInt | None = Field(default=None, description="must be an HTTP status")


class ExpectModel(StrictModel):
    """`expect:` as a mapping."""

    status: Literal["ok", "error"] | None = Field(default=None, description="must be ok or error")
    fields: dict[str, Any] | None = Field(default=None, description="must be a mapping of dotted paths to values")
    contains: Texts | None = Field(default=None, description=TEXTS_RULE)
    not_contains: Texts | None = Field(default=None, description=TEXTS_RULE)
    error_contains: Texts | None = Field(default=None, description=TEXTS_RULE)
    count: dict[str, StrictInt] | None = Field(
        default=None, description="must be a mapping of dotted paths to whole numbers"
    )
    absent: Texts | None = Field(default=None, description=TEXTS_RULE)
    asked: bool | None = Field(default=None, description="must be true or false")
    calls: StrictInt | None = Field(default=None, description="must be a whole number")
    requests: RequestsModel | None = Field(
        default=None, description="must be a mapping of has, has_not, count, match, status"
    )


class TypeIdModel(StrictModel):
    """`confirm: {type_id: <value>}`: tick the box and type the target's ID."""

    type_id: Any = Field(description="is the ID the person types")


def _word_or_mapping(value: Any) -> str:
    return "word" if isinstance(value, str) else "mapping"


ConfirmValue = Annotated[
    Annotated[Literal["accept", "decline", "cancel", "none", "token"], Tag("word")]
    | Annotated[TypeIdModel, Tag("mapping")],
    Discriminator(_word_or_mapping),
]
ExpectValue = Annotated[
    Annotated[Literal["ok", "error"], Tag("word")] | Annotated[ExpectModel, Tag("mapping")],
    Discriminator(_word_or_mapping),
]


class StepModel(StrictModel):
    """One scripted step."""

    id: Annotated[str, BeforeValidator(lambda value: str(value) if isinstance(value, int) else value)] | None = Field(
        default=None, description="must be a short text"
    )
    call: NonEmpty | None = Field(default=None, description="must be a tool name")
    read: NonEmpty | None = Field(default=None, description="must be a resource URI")
    prompt: NonEmpty | None = Field(default=None, description="must be a prompt name")
    arguments: Annotated[dict[str, Any], BeforeValidator(lambda value: {} if value is None else value)] = Field(
        default_factory=dict, description="must be a mapping of argument names to values"
    )
    confirm: ConfirmValue | None = Field(
        default=None, description=f"must be one of {', '.join(CONFIRM_ANSWERS)} or {{type_id: <value>}}"
    )
    expect: ExpectValue | None = Field(default=None, description="must be ok, error or a mapping")
    note: Any = None

    @model_validator(mode="after")
    def _one_action(self) -> StepModel:
        given = [kind for kind in ("call", "read", "prompt") if getattr(self, kind) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of call (tool name), read (resource URI) or prompt (name)")
        if self.read is not None and self.arguments:
            raise ValueError("a `read` step takes no arguments; put everything in the URI")
        return self

    @property
    def kind(self) -> Literal["call", "read", "prompt"]:
        return "call" if self.call is not None else ("read" if self.read is not None else "prompt")


class FinalModel(StrictModel):
    """One final assertion: a one-key mapping."""

    noun = "final assertion"

    meeting: dict[str, Any] | None = Field(default=None, description="takes a mapping of conditions")
    webinar: dict[str, Any] | None = Field(default=None, description="takes a mapping of conditions")
    registrant: dict[str, Any] | None = Field(default=None, description="takes a mapping of conditions")
    recording: dict[str, Any] | None = Field(default=None, description="takes a mapping of conditions")
    live: dict[str, Any] | None = Field(default=None, description="takes a mapping of conditions")
    requests: dict[str, Any] | None = Field(default=None, description="takes a mapping of conditions")
    state: dict[str, Any] | None = Field(default=None, description="takes a mapping of conditions")
    no_deletes: Any = None

    @model_validator(mode="before")
    @classmethod
    def _one_key(cls, data: Any) -> Any:
        if not isinstance(data, dict) or len(data) != 1:
            raise ValueError(f"each final assertion is a one-key mapping, one of {', '.join(FINAL_KINDS)}")
        return data


class ScenarioModel(StrictModel):
    """One scenario."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="must be a unique, non-empty name"
    )
    description: Annotated[str | None, BeforeValidator(lambda value: value if value is None else str(value))] = None
    transport: Literal["memory", "stdio", "http"] = Field(
        default="memory", description="must be one of memory, stdio, http"
    )
    era: Literal["modern", "legacy"] = Field(default="modern", description="must be one of modern, legacy")
    api: Literal["master", "regular"] = Field(
        default="master", description="must be one of master, regular (the API variant and sandbox account type)"
    )
    server: Annotated[ServerModel | None, BeforeValidator(_empty_is_none)] = Field(
        default=None, description="must be a mapping (read_only, toolsets, tools, exclude_tools, confirm)"
    )
    sandbox: Annotated[SandboxModel | None, BeforeValidator(_empty_is_none)] = Field(
        default=None, description="must be a mapping"
    )
    steps: list[StepModel] | None = Field(default=None, description="must be a list of steps")
    goal: str | None = Field(default=None, description="must be text describing what the agent should achieve")
    final: Annotated[list[FinalModel] | None, BeforeValidator(_empty_is_none)] = Field(
        default=None, description="must be a list of assertions"
    )
    max_turns: StrictInt = Field(default=12, description="must be a whole number")
    tags: Any = None

    @model_validator(mode="after")
    def _steps_or_goal(self) -> ScenarioModel:
        if self.steps is None and self.goal is None:
            raise ValueError("give `steps` (a list) or `goal` (text for the model-driven mode)")
        return self
