"""The `{{argument}}` / `{{tool:name}}` template language of prompt bodies, and its renderer.

`{{argument}}` is replaced by the argument's value. `{{tool:X}}` names a tool: X is an operationId of
the generated catalogue (e.g. `meetingCreate`) or a curated tool name; it is replaced by the tool's
name as served (from the map given to the renderer), or by X itself when the map does not know it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

PLACEHOLDER = re.compile(r"\{\{\s*(tool:)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*\}\}")


def argument_placeholders(template: str) -> Iterator[str]:
    """Names of the `{{argument}}` placeholders in `template` (tool references excluded)."""
    for match in PLACEHOLDER.finditer(template):
        if match.group(1) is None:
            yield match.group(2)


def tool_references(template: str) -> Iterator[str]:
    """Targets of the `{{tool:X}}` references in `template`."""
    for match in PLACEHOLDER.finditer(template):
        if match.group(1) is not None:
            yield match.group(2)


def render(template: str, values: Mapping[str, str], tool_names: Mapping[str, str]) -> str:
    """Replace placeholders; every argument placeholder must have a value (the loader guarantees it)."""

    def substitute(match: re.Match[str]) -> str:
        target = match.group(2)
        if match.group(1) is not None:
            return tool_names.get(target, target)
        return values[target]

    return PLACEHOLDER.sub(substitute, template)
