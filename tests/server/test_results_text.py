"""The text rendering of a Zoom answer: `json_text` (the fast encoder) writes exactly what `compact_json` writes."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from zoom_mcp.server import results
from zoom_mcp.server.results import compact_json, json_text

STRINGS = [
    "",
    "plain",
    "héllo ✓",
    "\U0001f600 emoji",
    'quote " backslash \\ slash /',
    "\x00\x1f\x7f\u2028\u2029",
    "</script>",
    "ratio:1.5",
    "[1e5",
    ",-2.0",
    "1e-05",
    json.loads('"\\ud800 lone surrogate"'),
]
NUMBERS: list[Any] = [
    0,
    -1,
    2**31,
    2**63,
    -(2**63),
    2**70,
    1.0,
    -0.0,
    0.1,
    1e-05,
    9.685067724996176e-05,
    1.5e-07,
    1e16,
    1e22,
    123456789.123,
    5e-324,
    1.7976931348623157e308,
    float("nan"),
    float("inf"),
]


def random_value(rnd: random.Random, depth: int = 0) -> Any:
    kind = rnd.randrange(7 if depth < 4 else 4)
    if kind == 0:
        return rnd.choice(STRINGS)
    if kind == 1:
        return rnd.choice(NUMBERS)
    if kind == 2:
        return rnd.choice([True, False, None])
    if kind == 3:
        return rnd.randrange(-(10**6), 10**6)
    if kind in (4, 5):
        return {rnd.choice(STRINGS) + str(i): random_value(rnd, depth + 1) for i in range(rnd.randrange(5))}
    return [random_value(rnd, depth + 1) for _ in range(rnd.randrange(5))]


@pytest.mark.parametrize("seed", range(40))
def test_the_fast_encoder_writes_what_json_dumps_writes(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(50):
        value = {"v": random_value(rnd)}
        assert json_text(value) == compact_json(value)


@pytest.mark.parametrize("value", [*STRINGS, *NUMBERS])
def test_each_awkward_scalar_is_written_as_json_dumps_writes_it(value: Any) -> None:
    for wrapped in ({"v": value}, {"v": [value, value]}, {"k": {"v": value}}):
        assert json_text(wrapped) == compact_json(wrapped)


def test_a_meeting_answer_renders_the_same_and_round_trips() -> None:
    meeting = {
        "id": 85746065432,
        "topic": "Planning — Q3 ✓",
        "settings": {"host_video": True, "audio": "both", "alternative_hosts": "", "weekly_days": [1, 3]},
        "occurrences": [{"occurrence_id": "1648194360000", "duration": 60, "status": "available"}],
        "score": 0.75,
    }
    result = results.success(
        tool="meeting_get", title="Get a meeting", method="GET /m", status=200, payload=meeting, has_output_schema=True
    )
    text = result.content[0].text  # type: ignore[union-attr]
    assert text == compact_json(meeting)
    assert json.loads(text) == meeting and result.structured_content == meeting


def test_nesting_deeper_than_the_fast_encoder_takes_falls_back() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(900):
        node["a"] = {}
        node = node["a"]
    assert json_text(deep) == compact_json(deep)
