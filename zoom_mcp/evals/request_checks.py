"""Assertions on the sandbox's request log, shared by a step's `expect: {requests: ...}` (the requests that
step sent) and the final `requests:` assertion (every request of the scenario).

A request is the line "METHOD /path?query" (path after `/v2`, as sent, still percent-encoded) and its
status. The spec is a mapping:

- `has`: a regular expression (or a list) that at least one line must match;
- `has_not`: a regular expression (or a list) no line may match;
- `count` with `match` (and optionally `status`): exactly `count` lines match `match` (with that status).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

REQUEST_KEYS = frozenset({"has", "has_not", "count", "match", "status"})
RequestLine = tuple[str, int]


def request_lines(entries: Iterable[Mapping[str, Any]]) -> list[RequestLine]:
    """("METHOD /path?query", status) for request log entries, path after `/v2`."""
    lines = []
    for entry in entries:
        path = str(entry.get("path", ""))
        path = path[3:] if path.startswith("/v2") else path
        query = f"?{entry['query']}" if entry.get("query") else ""
        lines.append((f"{entry.get('method')} {path}{query}", int(entry.get("status", 0))))
    return lines


def _patterns(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def check_requests(spec: Mapping[str, Any], lines: list[RequestLine]) -> list[str]:
    """The differences between `spec` and the request `lines` (empty when it holds)."""
    problems = []
    for pattern in _patterns(spec["has"]) if "has" in spec else []:
        if not any(re.search(pattern, line) for line, _ in lines):
            problems.append(f"requests: expected one matching /{pattern}/, got none among: {summary(lines)}")
    for pattern in _patterns(spec["has_not"]) if "has_not" in spec else []:
        hits = [line for line, _ in lines if re.search(pattern, line)]
        if hits:
            problems.append(f"requests: expected none matching /{pattern}/, got {len(hits)}: {', '.join(hits[:5])}")
    if "count" in spec:
        pattern = str(spec.get("match", ""))
        status = spec.get("status")
        hits = [line for line, code in lines if re.search(pattern, line) and (status is None or code == int(status))]
        if len(hits) != int(spec["count"]):
            label = f"/{pattern}/" + (f" with status {status}" if status is not None else "")
            problems.append(
                f"requests: expected {spec['count']} matching {label}, got {len(hits)}: {', '.join(hits[:8])}"
            )
    return problems


def summary(lines: list[RequestLine], limit: int = 8) -> str:
    shown = [f"{line} -> {code}" for line, code in lines[-limit:]]
    return "; ".join(shown) or "(no requests)"
