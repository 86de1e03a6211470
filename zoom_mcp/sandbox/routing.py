"""Route table: match a raw request path against the OpenAPI path templates.

The raw path (still percent-encoded, as received) is split on `/` first and each segment is decoded
afterwards, so an encoded `%2F` inside an ID stays inside that one segment and can never reach another
route; a path with extra raw segments matches nothing (404). Literal segments win over parameters
(`/meetings/meeting_summaries` before `/meetings/{meetingId}`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from zoom_mcp.sandbox.spec import SpecOperation


@dataclass(frozen=True)
class _Segment:
    literal: str | None
    param: str | None


@dataclass(frozen=True)
class RouteMatch:
    """A matched operation and its decoded path values."""

    operation: SpecOperation
    path_values: dict[str, str]


def _compile(template: str) -> tuple[_Segment, ...]:
    segments = []
    for part in template.strip("/").split("/"):
        if part.startswith("{") and part.endswith("}"):
            segments.append(_Segment(None, part[1:-1]))
        else:
            segments.append(_Segment(part, None))
    return tuple(segments)


def split_raw_path(raw_path: str) -> list[str]:
    """Split a raw (percent-encoded) path into decoded segments."""
    return [unquote(part) for part in raw_path.strip("/").split("/")] if raw_path.strip("/") else []


class RouteTable:
    """All operations indexed by path shape; `match` answers one operation or why none matched."""

    def __init__(self, operations: list[SpecOperation]) -> None:
        self._routes = [(_compile(op.path), op) for op in operations]
        self.by_operation_id = {op.operation_id: op for op in operations}

    @staticmethod
    def _score(pattern: tuple[_Segment, ...], segments: list[str]) -> tuple[bool, ...] | None:
        if len(pattern) != len(segments):
            return None
        score = []
        for seg, value in zip(pattern, segments, strict=True):
            if seg.literal is not None:
                if seg.literal != value:
                    return None
                score.append(True)
            else:
                if value == "":
                    return None
                score.append(False)
        return tuple(score)

    def match(self, method: str, raw_api_path: str) -> tuple[RouteMatch | None, bool]:
        """Return (match, path_known). `path_known` is True when the path exists for another method."""
        segments = split_raw_path(raw_api_path)
        best: tuple[tuple[bool, ...], tuple[_Segment, ...], SpecOperation] | None = None
        path_known = False
        for pattern, op in self._routes:
            score = self._score(pattern, segments)
            if score is None:
                continue
            path_known = True
            if op.method != method.upper():
                continue
            if best is None or score > best[0]:
                best = (score, pattern, op)
        if best is None:
            return None, path_known
        _, pattern, op = best
        values = {seg.param: value for seg, value in zip(pattern, segments, strict=True) if seg.param is not None}
        return RouteMatch(op, values), path_known


def raw_path(scope: Any) -> str:
    """The request path exactly as received (percent-encoding kept), without the query string."""
    raw = scope.get("raw_path")
    if isinstance(raw, bytes | bytearray):
        return bytes(raw).decode("latin-1").split("?", 1)[0]
    return quote(str(scope.get("path", "")), safe="/")
