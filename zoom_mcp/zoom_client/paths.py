"""Safe request paths: fill a path template so that no value can change the URL's shape.

Every value is percent-encoded once with no safe characters, so `/`, `?`, `#`, `%` and spaces in a
value stay inside its segment; a value made only of dots (`.`, `..`) has its dots encoded as `%2E` so
it cannot act as a dot-segment. Zoom's rule for meeting UUIDs: a UUID that begins with `/` or contains
`//` is encoded twice. That applies to parameters named like meeting/webinar IDs or UUIDs and to any
value shaped like a Zoom UUID (22 base64 characters plus `==`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote

from zoom_mcp.zoom_client.errors import PathParameterError

UUID_PARAMETER_NAMES = frozenset(
    {"meetingId", "meetingUUID", "meetingUuid", "webinarId", "webinarUUID", "webinarUuid", "uuid", "UUID"}
)
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_ZOOM_UUID = re.compile(r"^[A-Za-z0-9+/]{22}==$")


def needs_double_encoding(name: str, value: str) -> bool:
    """Zoom's rule: a meeting UUID that begins with `/` or contains `//` must be encoded twice."""
    if not (value.startswith("/") or "//" in value):
        return False
    return name in UUID_PARAMETER_NAMES or bool(_ZOOM_UUID.match(value))


def encode_segment(value: str) -> str:
    """Percent-encode one path value once, with no safe characters; dot-only values get `%2E` dots."""
    encoded = quote(value, safe="")
    if encoded and set(encoded) == {"."}:
        return "%2E" * len(encoded)
    return encoded


def encode_path_value(name: str, value: str | int) -> str:
    """Encode the value of the path parameter `name` (double-encoding meeting UUIDs when Zoom requires it)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PathParameterError(
            f"Path parameter {name!r} must be a string or an integer, got {type(value).__name__}. "
            "Pass the ID as a string or number."
        )
    text = str(value)
    if text == "":
        raise PathParameterError(f"Path parameter {name!r} is empty. Pass a non-empty ID for {name}.")
    once = encode_segment(text)
    return quote(once, safe="") if needs_double_encoding(name, text) else once


def path_parameters(template: str) -> list[str]:
    """The placeholder names of a path template, in order: `/users/{userId}/meetings` -> `["userId"]`."""
    return _PLACEHOLDER.findall(template)


def build_path(template: str, values: Mapping[str, str | int]) -> str:
    """Fill `template` (e.g. `/meetings/{meetingId}`) with encoded values. Extra values are ignored.

    Raises `PathParameterError` (a `ZoomConfigError` and `ValueError`) naming every missing value.
    """
    if "{" in _PLACEHOLDER.sub("", template) or "}" in _PLACEHOLDER.sub("", template):
        raise PathParameterError(f"Malformed path template {template!r}: unbalanced braces.")
    names = path_parameters(template)
    missing = [n for n in names if values.get(n) is None]
    if missing:
        listed = ", ".join(repr(n) for n in dict.fromkeys(missing))
        raise PathParameterError(f"Missing path parameter(s) {listed} for {template}. Pass a value for each.")
    return _PLACEHOLDER.sub(lambda match: encode_path_value(match.group(1), values[match.group(1)]), template)
