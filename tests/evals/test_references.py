"""`${...}` references and dotted paths."""

from __future__ import annotations

import pytest

from zoom_mcp.evals.expectations import check_value, same
from zoom_mcp.evals.references import MISSING, UnresolvedReference, lookup, resolve, split_path
from zoom_mcp.evals.runner import fit_referenced_values

STEPS = {
    "create": {"result": {"id": 87000031676, "settings": {"approval_type": 1}}, "text": "created"},
    "list": {"result": {"registrants": [{"id": "r1", "email": "dave@example.org"}, {"id": "r2", "email": "x@y.z"}]}},
}


def test_whole_reference_keeps_type_and_embedded_reference_becomes_text() -> None:
    assert resolve("${steps.create.result.id}", STEPS) == 87000031676
    assert resolve("zoom://meetings/${steps.create.result.id}/summary", STEPS) == "zoom://meetings/87000031676/summary"
    assert resolve({"a": ["${steps.create.text}", 3]}, STEPS) == {"a": ["created", 3]}
    assert resolve("cost $${literal}", STEPS) == "cost ${literal}"


def test_mapping_keys_are_resolved_so_paths_can_filter_on_earlier_results() -> None:
    resolved = resolve({"registrants[id=${steps.list.result.registrants.1.id}].email": "x@y.z"}, STEPS)
    assert resolved == {"registrants[id=r2].email": "x@y.z"}
    assert check_value(STEPS["list"]["result"], next(iter(resolved)), "x@y.z") is None


def test_seed_constants_and_tuple_indexes() -> None:
    assert resolve("${seed.SCHEDULED_MEETING_ID}", {}) == 85746065001
    assert resolve("${seed.MEETING_REGISTRANT_PENDING_IDS.1}", {}) == "a4U2kqKXRyOtB5zSm7bQeQ"


def test_filters_with_dots_in_values_and_negative_indexes() -> None:
    assert split_path("registrants[email=dave@example.org].id") == ["registrants[email=dave@example.org]", "id"]
    data = STEPS["list"]["result"]
    assert lookup(data, "registrants[email=dave@example.org].id") == "r1"
    assert lookup(data, "registrants.-1.id") == "r2"
    assert lookup(data, "registrants[email=nobody].id") is MISSING
    assert lookup(data, "registrants.5") is MISSING


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("${steps.nope.result.id}", "no earlier step with id 'nope' (earlier steps: create, list)"),
        ("${steps.create.result.missing}", "step 'create' has nothing at 'result.missing'"),
        ("${seed.NOT_A_CONSTANT}", "no seed constant 'NOT_A_CONSTANT'"),
        ("${whatever}", "references start with steps.<id>. or seed."),
    ],
)
def test_unresolvable_references_say_what_exists(expression: str, message: str) -> None:
    with pytest.raises(UnresolvedReference, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        resolve(expression, STEPS, where="here")


def test_referenced_ids_take_the_schema_type_but_literals_stay_as_written() -> None:
    raw = {"meetingId": "${steps.create.result.id}", "duration": "forty"}
    resolved = {"meetingId": 87000031676, "duration": "forty"}
    assert fit_referenced_values("meeting_update", raw, resolved) == {"meetingId": "87000031676", "duration": "forty"}
    assert fit_referenced_values("meeting_update", {"meetingId": 5}, {"meetingId": 5}) == {"meetingId": 5}


def test_value_operators_and_loose_number_text_equality() -> None:
    data = {"id": 85746065001, "topic": "Product sync", "n": 3, "flag": True}
    assert check_value(data, "id", "85746065001") is None
    assert check_value(data, "topic", {"contains": "product"}) is None
    assert check_value(data, "topic", {"matches": "^Prod"}) is None
    assert check_value(data, "n", {"min": 1, "max": 3}) is None
    assert check_value(data, "gone", {"exists": False}) is None
    assert check_value(data, "n", {"one_of": [1, 2]}) == "n: expected one of [1, 2], got 3"
    assert check_value(data, "topic", "Other") == "topic: expected 'Other', got 'Product sync'"
    assert not same(True, 1)
    assert same({"a": 1, "b": 2}, {"a": "1"})
