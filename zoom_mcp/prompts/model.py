"""Typed model of a prompt file: front matter (name, title, description, arguments, resources) plus body."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MEETING_ID_COMPLETER = "meetingId"
"""Value of an argument's `complete:` key asking for meeting-ID completion (supplied by the integrator)."""


@dataclass(frozen=True)
class PromptArgumentSpec:
    """One declared argument. `values` (when given) is the closed set of accepted values, also used for completion."""

    name: str
    description: str
    required: bool
    default: str | None = None
    values: tuple[str, ...] | None = None
    complete: str | None = None


@dataclass(frozen=True)
class PromptResourceSpec:
    """A resource link attached to the rendered prompt; `uri`, `name` and `description` are templates."""

    uri: str
    name: str
    description: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class PromptSpec:
    """A prompt loaded from `prompts/<name>.md`."""

    name: str
    title: str
    description: str
    body: str
    source: Path
    arguments: tuple[PromptArgumentSpec, ...] = ()
    resources: tuple[PromptResourceSpec, ...] = field(default=())

    def argument(self, name: str) -> PromptArgumentSpec | None:
        return next((argument for argument in self.arguments if argument.name == name), None)

    @property
    def argument_names(self) -> list[str]:
        return [argument.name for argument in self.arguments]
