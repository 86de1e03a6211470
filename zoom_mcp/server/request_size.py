"""Arguments that cannot form a request Zoom would accept: a URL longer than Zoom's front end takes.

Path and query arguments travel in the request line. Web front ends, Zoom's included, refuse request
lines beyond a few kilobytes (8 KiB is the common default), and HTTP libraries refuse to build much longer
URLs at all. `url_problems(...)` computes the URL a call would use and, when it is longer than
`MAX_URL_BYTES`, names the arguments that make it so (largest first) with the limit, so the agent can
shorten them; nothing is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import quote

from zoom_mcp.catalog.registry import ToolSpec, wire_name
from zoom_mcp.server.arguments import FieldProblem, HttpRequestParts
from zoom_mcp.zoom_client import encode_path_value
from zoom_mcp.zoom_client.errors import ZoomConfigError

MAX_URL_BYTES: Final = 8192


def url_problems(spec: ToolSpec, parts: HttpRequestParts, path: str, base_url: str) -> list[FieldProblem]:
    """The arguments to shorten, when the request URL would exceed `MAX_URL_BYTES` (else an empty list)."""
    query = "&".join(f"{quote(str(k), safe='')}={quote(str(v), safe='')}" for k, v in parts.query.items())
    length = len(base_url.rstrip("/")) + len(path) + (len(query) + 1 if query else 0)
    if length <= MAX_URL_BYTES:
        return []
    sizes = _argument_sizes(spec.arguments, parts)
    named = sorted(sizes.items(), key=lambda item: item[1], reverse=True)
    culprits = [(name, size) for name, size in named if size > MAX_URL_BYTES // 4] or named[:1]
    return [
        FieldProblem(
            name,
            f"is too long to send: it takes {size} bytes of the request URL once encoded, and the whole URL "
            f"would be {length} bytes; Zoom accepts URLs of at most {MAX_URL_BYTES} bytes. Pass a shorter value.",
        )
        for name, size in culprits
    ]


def _argument_sizes(argument_map: Mapping[str, Mapping[str, Any]], parts: HttpRequestParts) -> dict[str, int]:
    by_wire: dict[tuple[str, str], str] = {}
    for name, location in argument_map.items():
        where = str(location.get("in"))
        by_wire[(where, wire_name(name, location) or name)] = name
    sizes: dict[str, int] = {}
    for wire, value in parts.path_values.items():
        try:
            encoded = len(encode_path_value(wire, value))
        except ZoomConfigError:
            encoded = len(str(value))
        sizes[by_wire.get(("path", wire), wire)] = encoded
    for wire, value in parts.query.items():
        sizes[by_wire.get(("query", wire), wire)] = len(quote(str(wire), safe="")) + len(quote(str(value), safe=""))
    return sizes
