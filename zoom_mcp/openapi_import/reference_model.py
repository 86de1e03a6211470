"""Typed model of the Zoom Meetings text reference (what `reference_parser` produces).

The model mirrors what the text rendering states and nothing more: operations with their
metadata, request bodies and responses, and field trees for the JSON (or multipart) payloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonScalar = str | int | float | bool | None


@dataclass
class ObjectShape:
    """The fields of an object; when `all_of` is non-empty the object is the merge of those parts."""

    fields: list[Field] = field(default_factory=list)
    all_of: list[ObjectShape] = field(default_factory=list)

    def all_fields(self) -> list[Field]:
        """Every field of the object, with allOf parts merged in order."""
        merged = list(self.fields)
        for part in self.all_of:
            merged.extend(part.all_fields())
        return merged

    def find(self, name: str) -> Field | None:
        """The field called `name` (searching allOf parts too), or None."""
        for candidate in self.all_fields():
            if candidate.name == name:
                return candidate
        return None


@dataclass
class ArrayItems:
    """An array's item: a primitive type (`type` set, `shape` None) or an object (`shape` set)."""

    type: str
    format: str | None = None
    enum: list[JsonScalar] | None = None
    description: str = ""
    shape: ObjectShape | None = None


@dataclass
class Field:
    """One field line of a field list, with its nested structure."""

    name: str
    type: str
    required: bool = False
    format: str | None = None
    enum: list[JsonScalar] | None = None
    has_default: bool = False
    default: JsonScalar = None
    description: str = ""
    children: ObjectShape | None = None
    items: ArrayItems | None = None


@dataclass
class Content:
    """A payload: its media type, its field tree (None when the reference lists no fields) and example."""

    content_type: str
    shape: ObjectShape | None = None
    has_example: bool = False
    example: Any = None


@dataclass
class ErrorCode:
    """A Zoom error code documented on a response."""

    code: int
    message: str


@dataclass
class Response:
    """One `Status:` entry."""

    status: str
    description: str
    content: Content | None = None
    error_codes: list[ErrorCode] = field(default_factory=list)


@dataclass
class Operation:
    """One operation of the reference, in document order."""

    summary: str
    method: str
    path: str
    tag: str
    description: str
    prerequisites: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)
    granular_scopes: list[str] = field(default_factory=list)
    rate_limit_label: str | None = None
    request_body: Content | None = None
    responses: list[Response] = field(default_factory=list)
    line: int = 0  # 1-based line of the summary in the reference


@dataclass
class Reference:
    """The whole text reference."""

    title: str
    openapi_version: str
    api_version: str
    description: str
    servers: list[str]
    operations: list[Operation]

    def tags(self) -> list[str]:
        """Tags in order of first appearance."""
        seen: list[str] = []
        for operation in self.operations:
            if operation.tag not in seen:
                seen.append(operation.tag)
        return seen
