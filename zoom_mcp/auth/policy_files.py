"""Reading caller policies from the YAML/JSON files of the HTTP endpoint (API keys, scope policies).

A policy is a mapping; every field is optional:

    toolsets: [meetings, cloud_recording]   # only these toolsets (default: all)
    tools: [meetings_list]                  # only these tools (default: all)
    exclude_tools: [meeting_delete]         # never these tools
    read_only: true                         # only tools annotated readOnlyHint (default: false)
    confirm: elicit                         # elicit | token | never (default: elicit)
    calls_per_minute: 60                    # per-caller tool-call limit (default: none)

A file may define named policies under `policies:`; an entry then names one (`policy: readers`)
instead of spelling it out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, cast

import yaml

from zoom_mcp.policy import CallerPolicy
from zoom_mcp.transports.settings import HttpConfigError

POLICY_FIELDS: Final = frozenset({"toolsets", "tools", "exclude_tools", "read_only", "confirm", "calls_per_minute"})
CONFIRM_MODES: Final = ("elicit", "token", "never")


class PolicyFileError(HttpConfigError):
    """A keys or scope-policies file is unreadable or malformed; the message names the file and the entry."""


def read_mapping_file(path: Path) -> dict[str, Any] | list[Any]:
    """Parse a YAML or JSON file (JSON is YAML, but `.json` files get JSON's error messages)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyFileError(
            f"Cannot read {path}: {exc.strerror or exc}. Check the path and its permissions."
        ) from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise PolicyFileError(
            f"{path} is not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}"
        ) from exc
    if not isinstance(data, dict | list):
        raise PolicyFileError(f"{path} must hold a mapping or a list, not {type(data).__name__}.")
    return cast("dict[str, Any] | list[Any]", data)


def _names(value: Any, where: str, field: str) -> frozenset[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PolicyFileError(f"{where}: `{field}` must be a list of names.")
    return frozenset(cast("list[str]", value))


def policy_from_mapping(name: str, data: Mapping[str, Any], where: str) -> CallerPolicy:
    """Build a `CallerPolicy` named `name` from one policy mapping (`where` locates it in error messages)."""
    unknown = sorted(set(data) - POLICY_FIELDS)
    if unknown:
        raise PolicyFileError(f"{where}: unknown policy field(s) {unknown}; allowed: {sorted(POLICY_FIELDS)}.")
    toolsets = data.get("toolsets")
    tools = data.get("tools")
    read_only = data.get("read_only", False)
    if not isinstance(read_only, bool):
        raise PolicyFileError(f"{where}: `read_only` must be true or false.")
    confirm = data.get("confirm", "elicit")
    if confirm not in CONFIRM_MODES:
        raise PolicyFileError(f"{where}: `confirm` must be one of {list(CONFIRM_MODES)}, not {confirm!r}.")
    calls_per_minute = data.get("calls_per_minute")
    if calls_per_minute is not None and (
        not isinstance(calls_per_minute, int) or isinstance(calls_per_minute, bool) or calls_per_minute <= 0
    ):
        raise PolicyFileError(f"{where}: `calls_per_minute` must be a positive whole number (or omitted).")
    return CallerPolicy(
        name=name,
        toolsets=None if toolsets is None else _names(toolsets, where, "toolsets"),
        tools=None if tools is None else _names(tools, where, "tools"),
        exclude_tools=_names(data.get("exclude_tools", []), where, "exclude_tools"),
        read_only=read_only,
        confirm=confirm,
        calls_per_minute=calls_per_minute,
    )


def named_policies(data: Mapping[str, Any], path: Path) -> dict[str, CallerPolicy]:
    """The `policies:` section of a file: name -> policy."""
    section = data.get("policies", {})
    if not isinstance(section, dict):
        raise PolicyFileError(f"{path}: `policies` must map policy names to policies.")
    policies: dict[str, CallerPolicy] = {}
    for name, body in section.items():
        if not isinstance(body, dict):
            raise PolicyFileError(f"{path}: policy {name!r} must be a mapping of policy fields.")
        policies[str(name)] = policy_from_mapping(str(name), cast("dict[str, Any]", body), f"{path}: policy {name!r}")
    return policies


def resolve_policy(value: Any, default_name: str, policies: Mapping[str, CallerPolicy], where: str) -> CallerPolicy:
    """An entry's `policy`: the name of a policy in `policies`, or an inline mapping named `default_name`."""
    if isinstance(value, str):
        if value not in policies:
            raise PolicyFileError(f"{where}: unknown policy {value!r}; defined: {sorted(policies) or 'none'}.")
        return policies[value]
    if value is None:
        value = {}
    if not isinstance(value, dict):
        raise PolicyFileError(f"{where}: `policy` must be a policy name or a mapping of policy fields.")
    return policy_from_mapping(default_name, cast("dict[str, Any]", value), where)
