"""Caller policies in the YAML/JSON files of the HTTP endpoint (API keys, scope policies): pydantic models.

A policy is a mapping; every field is optional:

    toolsets: [meetings, cloud_recording]   # only these toolsets (default: all)
    tools: [meetings_list]                  # only these tools (default: all)
    exclude_tools: [meeting_delete]         # never these tools
    read_only: true                         # only tools annotated readOnlyHint (default: false)
    confirm: elicit                         # elicit | token | never (default: elicit)
    calls_per_minute: 60                    # per-caller tool-call limit (default: none)

A file may define named policies under `policies:`; an entry then names one (`policy: readers`)
instead of spelling it out. Unknown keys are refused; messages name the file, the entry and the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, Final, Literal, TypeVar

from pydantic import BeforeValidator, Discriminator, Field, StrictBool, StrictInt, StrictStr, Tag, ValidationError

from zoom_mcp.auth.config import AuthConfigError
from zoom_mcp.config_files import Location, StrictModel, describe_errors, dotted, read_yaml_or_json
from zoom_mcp.policy import CallerPolicy

CONFIRM_MODES: Final = ("elicit", "token", "never")
M = TypeVar("M", bound=StrictModel)


class PolicyFileError(AuthConfigError):
    """A keys or scope-policies file is unreadable or malformed; the message names the file and the entry."""


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Names = Annotated[list[StrictStr], BeforeValidator(_one_or_many)]
Text = Annotated[str, BeforeValidator(lambda value: str(value) if isinstance(value, int | float) else value)]


class PolicyFields(StrictModel):
    """One policy, as written in a file."""

    noun = "policy field"

    toolsets: Names | None = Field(default=None, description="must be a list of toolset names")
    tools: Names | None = Field(default=None, description="must be a list of tool names")
    exclude_tools: Names = Field(default_factory=list, description="must be a list of tool names")
    read_only: StrictBool = Field(default=False, description="must be true or false")
    confirm: Literal["elicit", "token", "never"] = Field(
        default="elicit", description=f"must be one of {', '.join(CONFIRM_MODES)}"
    )
    calls_per_minute: Annotated[StrictInt, Field(gt=0)] | None = Field(
        default=None, description="must be a positive whole number (or omitted)"
    )

    def to_policy(self, name: str) -> CallerPolicy:
        return CallerPolicy(
            name=name,
            toolsets=None if self.toolsets is None else frozenset(self.toolsets),
            tools=None if self.tools is None else frozenset(self.tools),
            exclude_tools=frozenset(self.exclude_tools),
            read_only=self.read_only,
            confirm=self.confirm,
            calls_per_minute=self.calls_per_minute,
        )


def _policy_kind(value: Any) -> str:
    return "by_name" if isinstance(value, str) else "inline"


PolicyRef = Annotated[
    Annotated[str, Tag("by_name")] | Annotated[PolicyFields, Tag("inline")],
    Discriminator(_policy_kind),
]
"""An entry's policy: the name of a policy under `policies:`, or the policy's fields inline."""

POLICY_REF_RULE: Final = "must be a policy name or a mapping of policy fields"
NamedPolicies = dict[Text, PolicyFields]


def policy_from_mapping(name: str, data: Mapping[str, Any], where: str) -> CallerPolicy:
    """Build a `CallerPolicy` named `name` from one policy mapping (`where` locates it in error messages)."""
    try:
        fields = PolicyFields.model_validate(dict(data))
    except ValidationError as exc:
        raise PolicyFileError(describe_errors(exc, PolicyFields, source=where)) from exc
    return fields.to_policy(name)


def named_policies(section: Mapping[str, PolicyFields]) -> dict[str, CallerPolicy]:
    """The `policies:` section of a file: name -> policy."""
    return {name: fields.to_policy(name) for name, fields in section.items()}


def resolve_policy(
    value: str | PolicyFields | None, default_name: str, policies: Mapping[str, CallerPolicy], where: str
) -> CallerPolicy:
    """An entry's `policy`: the name of a policy in `policies`, or inline fields named `default_name`."""
    if isinstance(value, str):
        if value not in policies:
            raise PolicyFileError(
                f"{where}: unknown policy {value!r}; defined under `policies:`: {sorted(policies) or 'none'}."
            )
        return policies[value]
    return (value or PolicyFields()).to_policy(default_name)


def parse_file(path: Path, model: type[M], data: Any, place: Callable[[Location], str] = dotted) -> M:
    """Validate `data` read from `path` with `model`; raise `PolicyFileError` listing every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise PolicyFileError(describe_errors(exc, model, source=str(path), place=place)) from exc


def read_policy_file(path: Path) -> Any:
    """The parsed YAML/JSON content of a keys or scope-policies file (`PolicyFileError` when unreadable)."""
    return read_yaml_or_json(path, PolicyFileError)


def entry_place(section: str, names: Mapping[int, str]) -> Callable[[Location], str]:
    """Render `keys[0].policy` as `keys[0] (ops).policy`: the entry's name next to its index."""

    def place(location: Location) -> str:
        if len(location) < 2 or location[0] != section or not isinstance(location[1], int):
            return dotted(location)
        head = dotted(location[:2]) + (f" ({names[location[1]]})" if location[1] in names else "")
        rest = dotted(location[2:])
        return head + ("." + rest if rest and not rest.startswith("[") else rest)

    return place
