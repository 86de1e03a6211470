"""Tool arguments: validation against the tool's input schema and mapping onto the HTTP request.

Validation uses JSON Schema Draft 2020-12 and reports *every* bad field with what it expects, so an
agent can fix all of them in one retry. Mapping follows the catalogue's `arguments` table
(`_meta["zoom-mcp/operation"]["arguments"]`): each argument goes to the path, the query string, the
JSON (or multipart) body, or is a control argument that never reaches Zoom.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from zoom_mcp.catalog.registry import wire_name

if TYPE_CHECKING:  # jsonschema loads at the first call (or the start-up warm-up), not for tools/list
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

CONTROL_ARGUMENTS = frozenset({"confirmation_token"})
_MAX_SHOWN = 120


@dataclass(frozen=True)
class FieldProblem:
    """One bad argument: where it is and what was expected."""

    field: str
    message: str


@dataclass
class HttpRequestParts:
    """The pieces of one Zoom request, before the path template is filled."""

    path_values: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    body: Any = None
    files: dict[str, Any] = field(default_factory=dict)  # wire name -> UploadFile (see server/uploads.py)
    form: dict[str, Any] = field(default_factory=dict)


class ArgumentValidator:
    """Caches one compiled Draft 2020-12 validator per tool."""

    def __init__(self) -> None:
        self._validators: dict[str, Draft202012Validator] = {}

    def problems(self, tool_name: str, schema: Mapping[str, Any], arguments: Mapping[str, Any]) -> list[FieldProblem]:
        validator = self._validators.get(tool_name)
        if validator is None:
            from jsonschema import Draft202012Validator

            validator = Draft202012Validator(schema)
            self._validators[tool_name] = validator
        found = [_describe(error, schema) for error in validator.iter_errors(dict(arguments))]
        return sorted(found, key=lambda p: p.field)


def _describe(error: ValidationError, root_schema: Mapping[str, Any]) -> FieldProblem:
    location = ".".join(str(part) for part in error.absolute_path) or "(arguments)"
    validator = error.validator
    if validator in ("anyOf", "oneOf") and error.context:
        # the alternative of the value's own JSON type says what is wrong (e.g. an inline file that is too long)
        same_type = [e for e in error.context if not (e.validator == "type" and not e.relative_path)]
        if same_type:
            from jsonschema.exceptions import best_match

            return _describe(best_match(same_type), root_schema)
        types = [str(e.validator_value) for e in error.context if e.validator == "type"]
        return FieldProblem(location, f"expected {' or '.join(types) or 'another value'}; got {_short(error.instance)}")
    if validator in ("maxLength", "minLength") and isinstance(error.instance, str):
        bound = "at most" if validator == "maxLength" else "at least"
        return FieldProblem(
            location, f"must be {bound} {error.validator_value} characters; got {len(error.instance)} characters"
        )
    if validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        where = "" if location == "(arguments)" else f" inside {location}"
        names = ", ".join(extra)
        return FieldProblem(
            field=location if location != "(arguments)" else (extra[0] if len(extra) == 1 else names),
            message=f"unknown argument(s) {names}{where}; allowed: {allowed}",
        )
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        name = f"{location}.{missing}" if location != "(arguments)" else missing
        return FieldProblem(field=name, message="is required but missing")
    if validator == "enum":
        allowed_values = ", ".join(repr(v) for v in error.validator_value)
        return FieldProblem(location, f"must be one of {allowed_values}; got {_short(error.instance)}")
    if validator == "type":
        return FieldProblem(location, f"expected {_type_words(error.validator_value)}; got {_short(error.instance)}")
    message = error.message
    return FieldProblem(location, message if len(message) <= _MAX_SHOWN * 2 else message[: _MAX_SHOWN * 2] + "...")


def _short(value: object) -> str:
    """A value as shown in a problem: its repr, cut (an inline file must not come back whole)."""
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + f"... ({len(text)} characters)"


def _type_words(value: object) -> str:
    if isinstance(value, list):
        return " or ".join(str(v) for v in value if v != "null") + (" (or null)" if "null" in value else "")
    return str(value)


def split_arguments(
    arguments: Mapping[str, Any],
    argument_map: Mapping[str, Mapping[str, Any]],
    *,
    multipart: bool,
    file_fields: frozenset[str] = frozenset(),
) -> HttpRequestParts:
    """Distribute validated arguments over path, query and body following the catalogue's table."""
    parts = HttpRequestParts()
    body: dict[str, Any] = {}
    for name, value in arguments.items():
        location = argument_map.get(name)
        if location is None or name in CONTROL_ARGUMENTS:
            continue
        where = location.get("in")
        if location.get("format") == "int64" and isinstance(value, str) and value.isdigit():
            value = int(value)  # an int64 ID given as text goes to Zoom as the number it documents
        wire_or_none = wire_name(name, location)
        wire = wire_or_none or name
        if where == "path":
            parts.path_values[wire] = value
        elif where == "query":
            if value is not None:
                parts.query[wire] = _query_value(value)
        elif where == "body":
            if wire_or_none is None:  # a body that is not an object: sent whole
                parts.body = value
                continue
            if multipart:
                if wire in file_fields:
                    parts.files[wire] = value
                else:
                    parts.form[wire] = value
            else:
                body[wire] = value
    if body:
        parts.body = body
    return parts


def _query_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return value
