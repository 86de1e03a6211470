"""The meta-tools' definitions, in the catalogue's tool shape (what tools/list sends).

`zoom_search_tools`, `zoom_describe_tools`, `zoom_call_read_tool` and `zoom_call_tool` reach every
operation the caller's policy allows without listing it; `zoom_list_toolsets` and
`zoom_enable_toolsets` grow a session's tool list in `toolsets` mode. Annotations tell clients what
each may do: the search, describe and read-call tools are read-only (clients such as VS Code run them
without asking, Claude Desktop offers "allow for all"), `zoom_call_tool` is a destructive, open-world
write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SEARCH = "zoom_search_tools"
DESCRIBE = "zoom_describe_tools"
CALL = "zoom_call_tool"
CALL_READ = "zoom_call_read_tool"
LIST_TOOLSETS = "zoom_list_toolsets"
ENABLE_TOOLSETS = "zoom_enable_toolsets"
DISCOVER_TOOLS = (SEARCH, DESCRIBE, CALL_READ, CALL)
TOOLSET_TOOLS = (LIST_TOOLSETS, ENABLE_TOOLSETS)
ALL_META_TOOLS = (*DISCOVER_TOOLS, *TOOLSET_TOOLS)

SEARCH_DEFAULT_LIMIT = 5
SEARCH_MAX_LIMIT = 20
DESCRIBE_MAX_NAMES = 20
META_KEY = "zoom-mcp/meta-tool"  # marks a meta-tool in tools/list (it has no Zoom operation)


def _annotations(title: str, *, read_only: bool, destructive: bool, open_world: bool) -> dict[str, Any]:
    return {
        "title": title,
        "readOnlyHint": read_only,
        "destructiveHint": destructive,
        "idempotentHint": read_only,
        "openWorldHint": open_world,
    }


def _tool(
    name: str,
    title: str,
    description: str,
    properties: dict[str, Any],
    required: Sequence[str],
    annotations: dict[str, Any],
    output: dict[str, Any] | None = None,
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    schema["additionalProperties"] = False
    tool: dict[str, Any] = {"name": name, "title": title, "description": description, "inputSchema": schema}
    if output is not None:
        tool["outputSchema"] = output
    tool["annotations"] = annotations
    tool["_meta"] = {META_KEY: True}
    return tool


_CALL_PROPERTIES = {
    "name": {"type": "string", "description": "Tool name, as zoom_search_tools gives it."},
    "arguments": {
        "type": "object",
        "description": "The tool's arguments (its inputSchema, from zoom_describe_tools). Default {}.",
    },
}
_TOKEN_PROPERTY = {
    "confirmation_token": {
        "type": "string",
        "description": "From a confirmation preview: repeat the same call with it (or put it in arguments).",
    }
}
_SEARCH_HIT = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "title": {"type": "string"},
        "summary": {"type": "string"},
        "toolset": {"type": "string"},
        "readOnly": {"type": "boolean"},
        "destructive": {"type": "boolean"},
        "required": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["name", "title", "summary", "toolset", "readOnly", "destructive", "required"],
}


def search_tool(toolsets: Sequence[str]) -> dict[str, Any]:
    return _tool(
        SEARCH,
        "Search Zoom tools",
        "Find the Zoom Meetings API tool for a job among every operation this server offers (meetings, "
        "webinars, registrants, recordings, transcripts, summaries, polls, reports, in-meeting controls, ...). "
        "Ask in plain words ('cancel tomorrow's standup', 'who registered for the webinar'), or with Zoom's "
        "words (operationId, 'GET /meetings/{meetingId}') or argument names. Best match first, with its "
        "required arguments. Next: zoom_describe_tools for the input schema, then zoom_call_read_tool "
        "(read-only tools) or zoom_call_tool.",
        {
            "query": {"type": "string", "description": "What you want to do, in plain words."},
            "toolset": {"type": "string", "enum": list(toolsets), "description": "Only this toolset."},
            "limit": {
                "type": "integer",
                "minimum": 1,
                "maximum": SEARCH_MAX_LIMIT,
                "default": SEARCH_DEFAULT_LIMIT,
                "description": f"Most results (default {SEARCH_DEFAULT_LIMIT}).",
            },
        },
        ["query"],
        _annotations("Search Zoom tools", read_only=True, destructive=False, open_world=False),
        {"type": "object", "properties": {"tools": {"type": "array", "items": _SEARCH_HIT}}, "required": ["tools"]},
    )


def describe_tool() -> dict[str, Any]:
    return _tool(
        DESCRIBE,
        "Describe Zoom tools",
        "Full definitions of tools by name: description, inputSchema (every argument, typed), outputSchema, "
        "annotations, and fieldDescriptions (full text of nested argument descriptions that the schema "
        "shortens). Read it before zoom_call_tool / zoom_call_read_tool.",
        {
            "names": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 1,
                "maxItems": DESCRIBE_MAX_NAMES,
                "description": "Tool names from zoom_search_tools.",
            }
        },
        ["names"],
        _annotations("Describe Zoom tools", read_only=True, destructive=False, open_world=False),
        {
            "type": "object",
            "properties": {"tools": {"type": "array", "items": {"type": "object"}}},
            "required": ["tools"],
        },
    )


def call_tool() -> dict[str, Any]:
    return _tool(
        CALL,
        "Call a Zoom tool",
        "Run any tool of this server by name, exactly as a direct call: arguments checked against its "
        "inputSchema, destructive calls confirmed by the person first (or answered with a preview and a "
        "confirmation_token to add to the same call), the tool's own result. Use "
        "zoom_call_read_tool for read-only tools.",
        {**_CALL_PROPERTIES, **_TOKEN_PROPERTY},
        ["name"],
        _annotations("Call a Zoom tool", read_only=False, destructive=True, open_world=True),
    )


def call_read_tool() -> dict[str, Any]:
    return _tool(
        CALL_READ,
        "Call a read-only Zoom tool",
        "Run a read-only tool (readOnly: true in zoom_search_tools) by name, exactly as a direct call. "
        "Refuses tools that can change anything: use zoom_call_tool for those.",
        dict(_CALL_PROPERTIES),
        ["name"],
        _annotations("Call a read-only Zoom tool", read_only=True, destructive=False, open_world=True),
    )


def list_toolsets_tool() -> dict[str, Any]:
    item = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "tools": {"type": "integer"}, "enabled": {"type": "boolean"}},
        "required": ["name", "tools", "enabled"],
    }
    return _tool(
        LIST_TOOLSETS,
        "List Zoom toolsets",
        "The toolsets (groups of Zoom API tools, one per API area) this server offers, how many tools each "
        "has, and whether each is enabled (listed) in this session. Enable more with zoom_enable_toolsets.",
        {},
        [],
        _annotations("List Zoom toolsets", read_only=True, destructive=False, open_world=False),
        {
            "type": "object",
            "properties": {"toolsets": {"type": "array", "items": item}, "session": {"type": "boolean"}},
            "required": ["toolsets"],
        },
    )


def enable_toolsets_tool(toolsets: Sequence[str]) -> dict[str, Any]:
    return _tool(
        ENABLE_TOOLSETS,
        "Enable Zoom toolsets",
        "Add the tools of the named toolsets to this session's tool list; the client is told with "
        "notifications/tools/list_changed. Connections without a session (stateless HTTP, the 2026-07-28 "
        "protocol) cannot keep them: there, run any tool with zoom_call_tool.",
        {
            "toolsets": {
                "type": "array",
                "items": {"type": "string", "enum": list(toolsets)},
                "minItems": 1,
                "description": "Toolset names from zoom_list_toolsets.",
            }
        },
        ["toolsets"],
        _annotations("Enable Zoom toolsets", read_only=False, destructive=False, open_world=False),
        {
            "type": "object",
            "properties": {
                "enabled": {"type": "array", "items": {"type": "string"}},
                "added_tools": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["enabled", "added_tools"],
        },
    )


def meta_tool_definitions(toolsets: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Every meta-tool's definition, by name; `toolsets` are the catalogue's toolset names."""
    names = sorted(toolsets)
    tools = [
        search_tool(names),
        describe_tool(),
        call_read_tool(),
        call_tool(),
        list_toolsets_tool(),
        enable_toolsets_tool(names),
    ]
    return {tool["name"]: tool for tool in tools}
