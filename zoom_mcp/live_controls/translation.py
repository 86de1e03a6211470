"""`translate()`: curated tool arguments -> the generated in-meeting controls tool's arguments.

Driven by the tool's `_meta["zoom-mcp/curated"]` block (see definitions.py). The curated arguments are
validated against the curated tool's input schema first (Draft 2020-12), plus the few rules a schema
cannot say simply (e.g. "at least one invitee"), so errors name the curated tool's own arguments.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from zoom_mcp.live_controls.definitions import CURATED_META, curated_tool

if TYPE_CHECKING:  # jsonschema loads at the first curated call, not at start-up
    from jsonschema import Draft202012Validator

MAX_CONTACTS = 10


class CuratedArgumentError(ValueError):
    """The arguments of a curated tool are invalid; the message names each problem and how to fix it."""

    def __init__(self, tool: str, problems: list[str]) -> None:
        self.tool = tool
        self.problems = problems
        super().__init__(f"invalid arguments for {tool}: {'; '.join(problems)}. Fix them and call {tool} again.")


def translate(curated_name: str, arguments: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """Return (operationId of the generated tool, its arguments) for a call of curated tool `curated_name`.

    Raises KeyError for an unknown curated tool and CuratedArgumentError for invalid arguments.
    """
    tool = _tool(curated_name)
    given = dict(arguments or {})
    problems = _schema_problems(curated_name, given) + _rule_problems(curated_name, given)
    if problems:
        raise CuratedArgumentError(curated_name, problems)
    curated = tool["_meta"][CURATED_META]
    generated: dict[str, Any] = copy.deepcopy(curated.get("fixed", {}))
    for name, value in given.items():
        rule = curated["arguments"].get(name)
        if rule is None:  # every schema property has a rule; the schema refuses anything else
            raise CuratedArgumentError(curated_name, [f"{name}: no translation is defined"])
        _apply(generated, rule, value, given)
    return str(curated["operationId"]), generated


def requires_live_meeting(curated_name: str) -> bool:
    """Whether the tool needs the meeting to be live (phone and room-system call-outs do not)."""
    return bool(_tool(curated_name)["_meta"][CURATED_META].get("requiresLiveMeeting", True))


@cache
def _tool(name: str) -> dict[str, Any]:
    return curated_tool(name)


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_tool(name)["inputSchema"], format_checker=Draft202012Validator.FORMAT_CHECKER)


def _schema_problems(name: str, arguments: dict[str, Any]) -> list[str]:
    problems = []
    for error in _validator(name).iter_errors(arguments):
        where = ".".join(str(part) for part in error.absolute_path) or "arguments"
        problems.append(f"{where}: {error.message}")
    return sorted(problems)


def _rule_problems(name: str, arguments: dict[str, Any]) -> list[str]:
    if name == "live_invite_participants":
        count = len(arguments.get("emails") or []) + len(arguments.get("user_ids") or [])
        if count == 0:
            return ["give at least one invitee in emails or user_ids"]
        if count > MAX_CONTACTS:
            return [f"at most {MAX_CONTACTS} invitees in total (emails + user_ids), got {count}: split the call"]
    if name == "live_waiting_room_message" and not (arguments.get("title") or arguments.get("description")):
        return ["give a title, a description, or both"]
    if (
        name == "ai_companion_stop"
        and arguments.get("delete_meeting_assets") is True
        and arguments.get("mode", "all") != "all"
    ):
        return ["delete_meeting_assets works only with mode 'all': set mode to 'all' or drop delete_meeting_assets"]
    if name == "live_invite_room_system" and arguments.get("sip_from_uri") and arguments.get("call_type") != "sip":
        return ["sip_from_uri applies only to call_type 'sip'"]
    return []


def _apply(target: dict[str, Any], rule: str | Mapping[str, Any], value: Any, arguments: Mapping[str, Any]) -> None:
    if isinstance(rule, str):
        _set(target, rule, value)
        return
    if "targetBy" in rule:
        choice = arguments.get(str(rule["targetBy"]))
        path = rule["targets"].get(choice)
        if path is not None:
            _set(target, str(path), value)
        return
    if rule.get("asString"):
        _set(target, str(rule["target"]), str(value))
        return
    wrap = rule.get("wrapEach")
    items = [{str(wrap): item} for item in value] if wrap else list(value)
    existing = _get(target, str(rule["target"]))
    _set(target, str(rule["target"]), (existing or []) + items)


def _set(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    current = target
    for part in parents:
        current = current.setdefault(part, {})
    current[leaf] = value


def _get(target: dict[str, Any], dotted: str) -> Any:
    current: Any = target
    for part in dotted.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current
