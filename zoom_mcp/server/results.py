"""Turning Zoom answers and failures into MCP tool results an agent can act on."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from mcp_types import CallToolResult, TextContent
from pydantic_core import to_json

from zoom_mcp.server.arguments import FieldProblem

_MAX_TEXT = 60_000
# a number with a fraction or an exponent, as a value token of compact JSON (after ':', ',' or '['); a string
# holding ":1.5" matches too, which only costs the slower encoder
_FLOAT_TOKEN = re.compile(rb"[:,\[]-?[0-9]+[.eE]")


def compact_json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


def json_text(value: Any) -> str:
    """`compact_json` of a value parsed from JSON (dicts, lists, str, int, float, bool, None), ~3x faster.

    pydantic-core's encoder writes the same text as `json.dumps` for these values except floats (it spells
    1e-05 as 0.00001) and lone surrogates (it refuses them); answers with either take `compact_json`.
    """
    try:
        fast = to_json(value)
    except ValueError:  # PydanticSerializationError (a lone surrogate, nesting too deep)
        return compact_json(value)
    if _FLOAT_TOKEN.search(fast):
        return compact_json(value)
    return fast.decode("utf-8")


def success(
    *,
    tool: str,
    title: str,
    method: str,
    status: int,
    payload: Any,
    has_output_schema: bool,
    output_wrapper: str | None = None,
) -> CallToolResult:
    """A successful call: structured content plus a compact text rendering of it."""
    if payload is None:
        text = f"Done: {title} ({method} answered HTTP {status}, no content)."
        structured: Any = {} if has_output_schema else None
        return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=structured)
    if not isinstance(payload, dict):
        payload = {output_wrapper or "result": payload}
    text = json_text(payload)
    if len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT] + f"... [truncated; the full answer is in structuredContent of {tool}]"
    return CallToolResult(
        content=[TextContent(type="text", text=text)],
        structured_content=payload if has_output_schema else None,
    )


def error(message: str, *, details: dict[str, Any] | None = None) -> CallToolResult:
    """An `isError` result. `details` goes into structured content for programmatic clients."""
    return CallToolResult(
        content=[TextContent(type="text", text=message)],
        structured_content=None if details is None else {"error": details},
        is_error=True,
    )


def invalid_arguments(tool: str, problems: Sequence[FieldProblem]) -> CallToolResult:
    lines = [f"Invalid arguments for {tool} ({len(problems)} problem{'s' if len(problems) != 1 else ''}):"]
    lines += [f"- {p.field}: {p.message}" for p in problems]
    lines.append("Fix these fields and call the tool again; `zoom-mcp tools show` or tools/list gives the schema.")
    return CallToolResult(content=[TextContent(type="text", text="\n".join(lines))], is_error=True)


def unknown_tool(name: str, known: Sequence[str]) -> CallToolResult:
    import difflib

    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    hint = f" Did you mean: {', '.join(close)}?" if close else " Call tools/list to see the available tools."
    return CallToolResult(content=[TextContent(type="text", text=f"Unknown tool {name!r}.{hint}")], is_error=True)
