"""Arguments Zoom documents as int64 IDs accept an integer or a string, as agents pass them.

Zoom returns meeting and webinar IDs as JSON integers (11 digits and more); agents pass them back as
numbers or as text. An int64 ID argument is:

- the path parameter `meetingId` or `webinarId` (Zoom's regular documents type them int64; where an
  operation also takes an instance UUID, the string branch carries it), or
- a top-level query or body argument of type integer whose name is `id` or ends in `_id`/`Id`
  (`meeting_id` of the recordings list, `meeting_id` / `webinar_id` of the template create calls).

Its schema becomes `anyOf` of single types, `[{"type": "integer", ...}, {"type": "string", ...}]` (never a
`type` array, which single-type schema dialects reject; never at the input schema's root, and only for
top-level arguments, never inside `items`). A query or body ID keeps `"pattern": "^[0-9]+$"` on its string
branch and is marked for the compiler (`x-int64-wire`, which becomes `arguments[...]["format"] = "int64"`)
so that the server sends a digit string as the number Zoom expects.
"""

from __future__ import annotations

import copy
from typing import Any

PATH_ID_PARAMETERS = frozenset({"meetingId", "webinarId"})
DIGITS = "^[0-9]+$"
_BRANCH_KEYWORDS = frozenset({"type", "format", "minimum", "maximum", "pattern", "enum", "const"})


def is_int64_id(name: str, location: str, schema: dict[str, Any]) -> bool:
    """Whether the argument `name` (at `location`: path, query or body) is an int64 ID."""
    if location == "path":
        return name in PATH_ID_PARAMETERS
    if schema.get("type") != "integer":
        return False
    return name == "id" or name.endswith("_id") or name.endswith("Id")


def widen_id_argument(name: str, location: str, schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, or for an int64 ID the `anyOf` integer-or-string schema (annotations kept outside)."""
    if not is_int64_id(name, location, schema) or "anyOf" in schema:
        return schema
    annotations = {k: copy.deepcopy(v) for k, v in schema.items() if k not in _BRANCH_KEYWORDS}
    integer: dict[str, Any] = {"type": "integer"}
    if location == "path" or schema.get("format") == "int64":
        integer["format"] = "int64"
    text: dict[str, Any] = {"type": "string"}
    widened: dict[str, Any] = {"anyOf": [integer, text]}
    if location != "path":
        text["pattern"] = DIGITS
        widened["x-int64-wire"] = True
    if "description" in annotations:
        widened = {"description": annotations.pop("description"), **widened}
    widened.update(annotations)
    return widened
