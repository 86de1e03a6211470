"""Tool names: operationId -> `resource_verb` snake_case, at most 48 characters, never truncated.

The scheme: split the operationId into words (camelCase, acronyms, digits, `_`, `-`), lower-case
them, and put the verb last so that tools about one resource sort together:
`listArchivedFiles` -> `archived_files_list`, `meetingCreate` -> `meeting_create`,
`meetings` (GET) -> `meetings_list`, `meeting` (GET) -> `meeting_get`.
When the operationId has no verb, the HTTP method supplies it (GET: `list` for a plural collection,
else `get`; POST: `create`; PUT/PATCH: `update`; DELETE: `delete`).
Operations without an operationId are named from method + path.
Hand-picked names come from `tool_specs/name-overrides.json` ({operationId: name}).
A name that breaks a rule is a build error that names the operation and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

MAX_NAME_LENGTH = 48
NAME_PATTERN = re.compile(r"^[a-z0-9_]+$")

LEADING_VERBS = frozenset(
    {
        "get",
        "list",
        "create",
        "add",
        "delete",
        "remove",
        "update",
        "replace",
        "set",
        "upload",
        "assign",
        "enable",
        "disable",
    }
)
TRAILING_VERBS = LEADING_VERBS | {"start", "stop", "end", "invite", "approve", "cancel", "deny", "recover"}
_METHOD_VERBS = {"POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "delete"}
_WORD = re.compile(r"[A-Z]{2,}s(?![a-z])|[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


class NamingError(ValueError):
    """One or more tool names break the rules; the message lists each problem and its fix."""


def words(text: str) -> list[str]:
    """`ListSIPPhonePhones` -> ["list", "sip", "phone", "phones"]."""
    return [w.lower() for w in _WORD.findall(text)]


def snake_case(text: str) -> str:
    return "_".join(words(text))


def toolset_name(tag: str | None) -> str:
    """Toolset of a tag: "Cloud Recording" -> cloud_recording, "H323 Devices" -> h323_devices; no tag -> default."""
    if not tag:
        return "default"
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", tag)
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_") or "default"


def default_name(operation_id: str | None, method: str, path: str) -> str:
    """The scheme's name for one operation (before overrides)."""
    if operation_id:
        parts = words(operation_id)
    else:
        parts = [w for segment in path.split("/") if segment and not segment.startswith("{") for w in words(segment)]
    if parts and parts[0] in LEADING_VERBS and len(parts) > 1:
        parts = [*parts[1:], parts[0]]
    if not parts or parts[-1] not in TRAILING_VERBS:
        parts.append(_method_verb(method, path, parts))
    return "_".join(parts)


def _method_verb(method: str, path: str, parts: list[str]) -> str:
    if method.upper() != "GET":
        return _METHOD_VERBS.get(method.upper(), method.lower())
    collection = not path.rstrip("/").endswith("}")
    plural = bool(parts) and parts[-1].endswith("s") and not parts[-1].endswith("ss")
    return "list" if collection and plural else "get"


def name_problems(name: str) -> list[str]:
    problems = []
    if not NAME_PATTERN.match(name):
        problems.append("must match ^[a-z0-9_]+$")
    if len(name) > MAX_NAME_LENGTH:
        problems.append(f"is {len(name)} characters, the limit is {MAX_NAME_LENGTH}")
    return problems


def assign_names(operations: Iterable[tuple[str | None, str, str]], overrides: Mapping[str, str]) -> list[str]:
    """Names for (operationId, method, path) triples, in order; raises NamingError listing every problem."""
    ops = list(operations)
    known_ids = {op_id for op_id, _, _ in ops if op_id}
    errors = [
        f"name-overrides.json: operationId {op_id!r} is not in the OpenAPI document; remove or fix the entry"
        for op_id in overrides
        if op_id not in known_ids
    ]
    names: list[str] = []
    seen: dict[str, str] = {}
    for op_id, method, path in ops:
        label = op_id or f"{method} {path}"
        name = overrides.get(op_id, "") if op_id else ""
        name = name or default_name(op_id, method, path)
        errors.extend(
            f"{label}: tool name {name!r} {problem}; add a shorter name to tool_specs/name-overrides.json"
            for problem in name_problems(name)
        )
        if name in seen:
            errors.append(
                f"{label}: tool name {name!r} is already used by {seen[name]}; "
                "pick a distinct name in tool_specs/name-overrides.json"
            )
        seen.setdefault(name, label)
        names.append(name)
    if errors:
        raise NamingError("tool names break the rules:\n  " + "\n  ".join(errors))
    return names
