"""Checking one step's result against its `expect:` block; each problem is one line "expected ... got ...".

`Observed` is what a step produced: `status` (ok | error), `result` (structured content or parsed JSON),
`text`, `asked` (a confirmation was requested) and `calls`. Text matches (`contains`, `error_contains`,
`not_contains`) ignore case. A `fields` value is compared for equality (a number and its text count as
equal, so `85746065001` matches `"85746065001"`), or with an operator mapping:
`{contains: text}`, `{matches: regex}`, `{one_of: [...]}`, `{min: n}`, `{max: n}`, `{exists: bool}`,
`{not: value}`. `requests` checks `Observed.requests`, the sandbox requests the step made
(`request_checks.check_requests`).

What a step can assert, by kind of result:

- a value of the result: `fields` ({dotted.path: value or operator}), `count` ({path: n}), `absent`;
- its text: `contains`, `not_contains`, `error_contains`;
- the exchange: `status` (ok | error), `asked` (a confirmation was requested), `calls` (tool calls made);
- what reached Zoom: `requests` (has / has_not / count with match and status), e.g. that a write with an
  empty (204) answer sent exactly one `PATCH .../meetings/85746065001`, or that a declined one sent none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zoom_mcp.evals.references import MISSING, lookup
from zoom_mcp.evals.request_checks import RequestLine, check_requests
from zoom_mcp.evals.scenario import Expect

OPERATORS = frozenset({"contains", "matches", "one_of", "min", "max", "exists", "not"})


@dataclass
class Observed:
    status: str  # ok | error
    result: Any
    text: str
    asked: bool = False
    calls: int = 0
    requests: list[RequestLine] | None = None  # the sandbox requests the step made (None: not known)


def check_step(expect: Expect, observed: Observed) -> list[str]:
    """The differences between `expect` and `observed` (empty when the step passes)."""
    problems: list[str] = []
    if observed.status != expect.status:
        problems.append(f"expected status {expect.status}, got {observed.status}: {_clip(observed.text)}")
    lowered = observed.text.lower()
    for text in expect.error_contains:
        if text.lower() not in lowered:
            problems.append(f"expected the error text to contain {text!r}, got: {_clip(observed.text)}")
    for text in expect.contains:
        if text.lower() not in lowered and text.lower() not in _dump(observed.result).lower():
            problems.append(f"expected the result to contain {text!r}, got: {_clip(observed.text)}")
    for text in expect.not_contains:
        if text.lower() in lowered:
            problems.append(f"expected the result NOT to contain {text!r}, but it does: {_clip(observed.text)}")
    for path, wanted in expect.fields.items():
        problem = check_value(observed.result, path, wanted)
        if problem:
            problems.append(problem)
    for path, number in expect.count.items():
        actual = lookup(observed.result, path)
        if not isinstance(actual, list | Mapping):
            problems.append(f"expected {path} to hold {number} item(s), got {_describe(actual)}")
        elif len(actual) != number:
            problems.append(f"expected {path} to hold {number} item(s), got {len(actual)}")
    for path in expect.absent:
        actual = lookup(observed.result, path)
        if actual is not MISSING:
            problems.append(f"expected {path} to be absent, got {_clip(repr(actual))}")
    if expect.asked is not None and observed.asked != expect.asked:
        problems.append(
            f"expected {'a' if expect.asked else 'no'} confirmation request, got {'one' if observed.asked else 'none'}"
        )
    if expect.calls is not None and observed.calls != expect.calls:
        problems.append(f"expected {expect.calls} tool call(s), got {observed.calls}")
    if expect.requests:
        if observed.requests is None:
            problems.append("expected a check of the step's requests, but the sandbox's request log is not available")
        else:
            problems.extend(check_requests(expect.requests, observed.requests))
    return problems


def check_value(data: Any, path: str, wanted: Any) -> str | None:
    """None when `data` at `path` satisfies `wanted` (a value or an operator mapping), else the difference."""
    actual = lookup(data, path)
    if isinstance(wanted, Mapping) and wanted and set(wanted) <= OPERATORS:
        for operator, operand in wanted.items():
            problem = _apply(operator, operand, actual)
            if problem:
                return f"{path}: expected {problem}, got {_describe(actual)}"
        return None
    if actual is MISSING:
        return f"{path}: expected {wanted!r}, got nothing (no such field)"
    if not same(actual, wanted):
        return f"{path}: expected {wanted!r}, got {_clip(repr(actual))}"
    return None


def _apply(operator: str, operand: Any, actual: Any) -> str | None:
    if operator == "exists":
        present = actual is not MISSING and actual is not None
        return None if present == bool(operand) else ("a value" if operand else "no value")
    if actual is MISSING:
        return f"{operator} {operand!r}"
    if operator == "contains":
        haystack = _dump(actual) if not isinstance(actual, str) else actual
        return None if str(operand).lower() in haystack.lower() else f"something containing {operand!r}"
    if operator == "matches":
        return None if re.search(str(operand), str(actual)) else f"a match for /{operand}/"
    if operator == "one_of":
        options = operand if isinstance(operand, list) else [operand]
        return None if any(same(actual, o) for o in options) else f"one of {options!r}"
    if operator == "not":
        return None if not same(actual, operand) else f"anything but {operand!r}"
    if operator in ("min", "max"):
        try:
            number = float(actual)
        except (TypeError, ValueError):
            return f"a number ({operator} {operand})"
        ok = number >= float(operand) if operator == "min" else number <= float(operand)
        return None if ok else f"{'at least' if operator == 'min' else 'at most'} {operand}"
    return f"a known operator (not {operator!r})"


def same(actual: Any, wanted: Any) -> bool:
    """Equality where a number equals its text form; mappings and lists compare item by item."""
    if isinstance(wanted, Mapping) and isinstance(actual, Mapping):
        return all(k in actual and same(actual[k], v) for k, v in wanted.items())
    if isinstance(wanted, list) and isinstance(actual, list):
        return len(wanted) == len(actual) and all(same(a, w) for a, w in zip(actual, wanted, strict=True))
    if actual == wanted and type(actual) is type(wanted):
        return True
    if isinstance(actual, bool) or isinstance(wanted, bool):
        return actual is wanted
    if isinstance(actual, int | float | str) and isinstance(wanted, int | float | str):
        return str(actual) == str(wanted) or actual == wanted
    return bool(actual == wanted)


def _describe(actual: Any) -> str:
    return "nothing (no such field)" if actual is MISSING else _clip(repr(actual))


def _dump(value: Any) -> str:
    if value is None:
        return ""
    try:
        return json.dumps(value, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _clip(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "..."
