"""Parse the dash-delimited field lists of the text reference into `ObjectShape` trees.

A field is one line: `<name>[(required)]<type>[, format:F][, possible values:V, ...][, default:D]— <description>`
followed by an ending that encodes the nesting (see /work/shared/notes/reference-format.md):

- ` -` after a field: a sibling follows.
- `-` glued to an object field's text: its child fields follow on the next lines.
- `Items:`: the field is an array; next comes a primitive item line, a lone `-` opening the item
  object's fields, or `All of:`.
- A lone `-` opens a list (after `Content-Type:`, `All of:` or `Items:`); after a finished entry a
  run of k lone dashes followed by a field closes k-1 lists and separates siblings; dashes followed
  by anything else close lists. `All of:` after a finished entry starts the next allOf part.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from zoom_mcp.openapi_import.reference_model import ArrayItems, Field, JsonScalar, ObjectShape

TYPES = ("string", "integer", "number", "boolean", "object", "array")
_HEAD_RE = re.compile(
    r"^(?P<name>.*?)(?P<required>\(required\))?(?P<type>string|integer|number|boolean|object|array)(?P<attrs>, .*)?$",
    re.DOTALL,
)
_QUOTED_RE = re.compile(r'"(?:[^"\\]|\\.)*"')
_ATTR_KEYS = ("format", "possible values", "default")

Ending = Literal["sep", "open", "items", "none"]


class FieldListError(ValueError):
    """A field list that does not follow the dash rules; the message names the line."""


@dataclass
class _Token:
    kind: Literal["dash", "allof", "field"]
    line_no: int
    text: str = ""


@dataclass
class FieldLine:
    """One parsed field line before nesting is applied."""

    field: Field
    ending: Ending


def parse_field_line(line: str) -> FieldLine:
    """Parse one field line (name may be empty for a primitive array item line)."""
    text = line
    ending: Ending = "none"
    if text.endswith("Items:"):
        ending, text = "items", text[: -len("Items:")]
    elif text.endswith(" -"):
        ending, text = "sep", text[:-2]
    elif text.endswith("-"):
        ending, text = "open", text[:-1]
    head, dash, description = text.partition("—")
    match = _HEAD_RE.match(head.rstrip())
    if match is None:
        raise FieldListError(f"not a field line (no type among {', '.join(TYPES)}): {line[:120]!r}")
    field = Field(
        name=match["name"],
        type=match["type"],
        required=match["required"] is not None,
        description=description.strip() if dash else "",
    )
    _apply_attrs(field, match["attrs"] or "", line)
    if ending == "open" and field.type != "object":
        raise FieldListError(f"a glued '-' ends a non-object field: {line[:120]!r}")
    return FieldLine(field, ending)


def _apply_attrs(field: Field, attrs: str, line: str) -> None:
    """Fill format, enum and default from `, key:value` attributes."""
    rest = attrs
    while rest:
        key = next((k for k in _ATTR_KEYS if rest.startswith(f", {k}:")), None)
        if key is None:
            raise FieldListError(f"unknown field attribute in {line[:160]!r}: {rest[:60]!r}")
        rest = rest[len(key) + 3 :]
        value_text, rest = _split_attr_value(rest)
        if key == "format":
            field.format = value_text
        elif key == "possible values":
            field.enum = _parse_values(value_text, field.type)
        else:
            field.has_default = True
            field.default = _parse_values(value_text, field.type, single=True)[0]


def _split_attr_value(rest: str) -> tuple[str, str]:
    """Split `value, next:...` at the next attribute key that is not inside quotes."""
    index = 0
    while index < len(rest):
        if rest[index] == '"':
            quoted = _QUOTED_RE.match(rest, index)
            if quoted is None:
                break
            index = quoted.end()
            continue
        if rest.startswith(", ", index) and any(rest.startswith(f", {k}:", index) for k in _ATTR_KEYS):
            return rest[:index], rest[index:]
        index += 1
    return rest, ""


def _parse_values(text: str, type_name: str, single: bool = False) -> list[JsonScalar]:
    """Parse `"a", "b"` or `1, 2` (or one default value) into typed scalars."""
    values: list[JsonScalar] = []
    index = 0
    text = text.strip()
    while index < len(text):
        if text[index] == '"':
            quoted = _QUOTED_RE.match(text, index)
            if quoted is not None:
                values.append(json.loads(quoted.group()))
                index = quoted.end()
            else:
                values.append(text[index + 1 :].rstrip('"'))
                index = len(text)
        else:
            end = len(text) if single else _next_comma(text, index)
            values.append(_scalar(text[index:end].strip(), type_name))
            index = end
        if text.startswith(", ", index):
            index += 2
        elif text.startswith(",", index):
            index += 1
        elif index < len(text):
            raise FieldListError(f"cannot read values {text[:120]!r}")
    return values or [""]


def _next_comma(text: str, start: int) -> int:
    found = text.find(", ", start)
    return len(text) if found < 0 else found


def _scalar(token: str, type_name: str) -> JsonScalar:
    """An unquoted value: number, boolean or null when it reads as one, else the raw text."""
    try:
        value: JsonScalar = json.loads(token)
    except ValueError:
        return token
    if isinstance(value, str | int | float | bool) or value is None:
        if type_name == "string" and not isinstance(value, str):
            return token
        return value
    return token


def tokenize(lines: list[str], first_line_no: int) -> list[_Token]:
    """Turn field-section lines into dash / allof / field tokens (a ` -` ending becomes a dash token)."""
    tokens: list[_Token] = []
    for offset, raw in enumerate(lines):
        line_no = first_line_no + offset
        line = raw.rstrip()
        if line == "-":
            tokens.append(_Token("dash", line_no))
        elif line == "All of:":
            tokens.append(_Token("allof", line_no))
        elif line:
            tokens.append(_Token("field", line_no, line))
    return tokens


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self, ahead: int = 0) -> _Token | None:
        index = self.pos + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def error(self, message: str) -> FieldListError:
        token = self.peek()
        where = f"line {token.line_no}" if token else "end of section"
        return FieldListError(f"{message} at {where}")

    def schema(self) -> ObjectShape:
        """A schema start: a lone `-` opening a field list, or `All of:`."""
        token = self.peek()
        if token is None:
            return ObjectShape()
        if token.kind == "allof":
            return self.all_of()
        if token.kind == "dash":
            self.pos += 1
            return self.field_list()
        raise self.error("expected '-' or 'All of:' to open a field list")

    def all_of(self) -> ObjectShape:
        """`All of:` (consecutive ones flattened), then parts: each opened by `All of:` and `-`, or, after a
        part's closing dash, by its first field directly."""
        shape = ObjectShape()
        while (token := self.peek()) is not None:
            if token.kind == "allof":
                while (token := self.peek()) is not None and token.kind == "allof":
                    self.pos += 1
                if token is None or token.kind != "dash":
                    raise self.error("expected '-' after 'All of:'")
                self.pos += 1
            elif token.kind != "field" or not shape.all_of:
                break
            shape.all_of.append(self.field_list())
        return shape

    def field_list(self) -> ObjectShape:
        """Entries until the list's closing dash (consumed), an `All of:` or the end (not consumed)."""
        shape = ObjectShape()
        while True:
            token = self.peek()
            if token is None or token.kind == "allof":
                return shape
            if token.kind == "dash":
                self.pos += 1  # an empty list closed at once, or a close after a ' -' ending
                return shape
            field, kind = self.entry()
            shape.fields.append(field)
            token = self.peek()
            if token is None or token.kind == "allof":
                return shape
            if kind == "sep":
                if token.kind != "field":
                    raise self.error(f"field {field.name!r} ends with ' -' but no sibling follows")
                continue
            if kind == "last":
                if token.kind == "field":
                    raise self.error(f"field follows {field.name!r}, the last of its list, without a dash")
                self.pos += 1  # the list's closing dash
                return shape
            # nested: after the child list's close, a dash followed by a field separates siblings
            if token.kind == "field":
                raise self.error(f"field follows {field.name!r}'s nested list without a separating dash")
            following = self.peek(1)
            self.pos += 1
            if following is None or following.kind != "field":
                return shape

    def entry(self) -> tuple[Field, Literal["sep", "last", "nested"]]:
        """One field with its nested list; says whether a sibling follows (`sep`), it was the list's last
        field (`last`) or it had a nested list whose closing dash was consumed (`nested`)."""
        token = self.tokens[self.pos]
        self.pos += 1
        parsed = parse_field_line(token.text)
        field = parsed.field
        if not field.name:
            raise FieldListError(f"field without a name at line {token.line_no}: {token.text[:80]!r}")
        if parsed.ending == "open":
            field.children = self.field_list()
            return field, "nested"
        if parsed.ending == "items":
            field.items, kind = self.items(token.line_no)
            return field, kind
        return field, "sep" if parsed.ending == "sep" else "last"

    def items(self, line_no: int) -> tuple[ArrayItems, Literal["sep", "last", "nested"]]:
        token = self.peek()
        if token is None:
            raise FieldListError(f"array without items at line {line_no}")
        if token.kind in ("dash", "allof"):
            return ArrayItems(type="object", shape=self.schema()), "nested"
        parsed = parse_field_line(token.text)
        if parsed.field.name or parsed.ending not in ("sep", "none"):
            raise self.error("expected a primitive item type after 'Items:'")
        self.pos += 1
        item = parsed.field
        kind: Literal["sep", "last"] = "sep" if parsed.ending == "sep" else "last"
        return ArrayItems(type=item.type, format=item.format, enum=item.enum, description=item.description), kind


def parse_field_section(lines: list[str], first_line_no: int) -> ObjectShape:
    """Parse the lines between `Content-Type:` and `Example:` (or the section's end) into an object shape."""
    parser = _Parser(tokenize(lines, first_line_no))
    shape = parser.schema()
    while (token := parser.peek()) is not None and token.kind == "dash":
        parser.pos += 1  # trailing closes of lists the section ended
    if parser.peek() is not None:
        raise parser.error("unexpected content after the field list")
    return shape
