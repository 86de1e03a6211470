"""Pydantic models of a prompt file's YAML front matter (the format is in docs/architecture.md, Prompts)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictStr, StringConstraints, model_validator

from zoom_mcp.config_files import StrictModel

Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
QUOTE_HINT = 'quote it ("yes", "1.5") when YAML would read it as true/false or a number'


class ArgumentModel(StrictModel):
    """One entry of `arguments:`."""

    name: Annotated[StrictStr, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")] = Field(
        description="must be letters, digits and _ only (at most 64), not starting with a digit"
    )
    description: Text = Field(description="must be a non-empty string")
    required: StrictBool = Field(default=False, description="must be true or false")
    default: StrictStr | None = Field(default=None, description=f"must be a string; {QUOTE_HINT}")
    values: Annotated[list[StrictStr], Field(min_length=1)] | None = Field(
        default=None, description=f"must be a non-empty list of strings; {QUOTE_HINT}"
    )
    complete: Literal["meetingId"] | None = Field(default=None, description="must name a known completer (meetingId)")

    @model_validator(mode="after")
    def _default_fits(self) -> ArgumentModel:
        if self.default is not None and self.required:
            raise ValueError("a required argument cannot have a default; drop one of them")
        if self.default is not None and self.values is not None and self.default not in self.values:
            raise ValueError(f"default {self.default!r} is not one of its values {list(self.values)}")
        return self


class ResourceModel(StrictModel):
    """One entry of `resources:` (a resource link attached to the rendered prompt)."""

    uri: Text = Field(description="must be a non-empty resource URI template")
    name: Text = Field(description="must be a non-empty string")
    description: StrictStr | None = Field(default=None, description="must be a string")
    mimeType: StrictStr | None = Field(default=None, description="must be a string")


class FrontMatter(StrictModel):
    """The front matter of `prompts/<name>.md`."""

    noun = "front-matter key"

    name: Annotated[StrictStr, StringConstraints(strip_whitespace=True, pattern=r"^[a-z][a-z0-9_]{0,63}$")] = Field(
        description="must be snake_case (a-z, 0-9, _), at most 64 characters, and equal the file name"
    )
    title: Text = Field(description="must be a non-empty string")
    description: Text = Field(description="must be a non-empty string")
    arguments: list[ArgumentModel] = Field(
        default_factory=list, description="must be a list of {name, description, required} mappings"
    )
    resources: list[ResourceModel] = Field(
        default_factory=list, description="must be a list of {uri, name, description, mimeType} mappings"
    )
