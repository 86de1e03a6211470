"""CallerPolicy.allows: toolsets, tools, exclusions, and read-only winning over every allow-list."""

from __future__ import annotations

import pytest

from tests.gates import specs
from zoom_mcp.catalog.registry import ToolSpec
from zoom_mcp.policy import Caller, CallerPolicy, spec_facts


def test_default_policy_allows_everything_and_elicits() -> None:
    policy = CallerPolicy()
    assert all(policy.allows(t) for t in specs.ALL_TOOLS)
    assert policy.confirm == "elicit"
    assert Caller(id="local").policy == policy


def test_toolsets_restrict() -> None:
    policy = CallerPolicy(toolsets=frozenset({"cloud_recording"}))
    assert [t["name"] for t in specs.ALL_TOOLS if policy.allows(t)] == ["recordings_delete"]


def test_tools_alone_list_exactly_those_tools() -> None:
    policy = CallerPolicy(tools=frozenset({"meeting_delete"}))
    assert [t["name"] for t in specs.ALL_TOOLS if policy.allows(t)] == ["meeting_delete"]


def test_tools_add_to_toolsets() -> None:
    policy = CallerPolicy(toolsets=frozenset({"cloud_recording"}), tools=frozenset({"meetings_list"}))
    assert {t["name"] for t in specs.ALL_TOOLS if policy.allows(t)} == {"recordings_delete", "meetings_list"}


def test_exclude_wins_over_allow_lists() -> None:
    policy = CallerPolicy(tools=frozenset({"meeting_delete"}), exclude_tools=frozenset({"meeting_delete"}))
    assert not policy.allows(specs.MEETING_DELETE)


@pytest.mark.parametrize(
    "policy",
    [
        CallerPolicy(read_only=True),
        CallerPolicy(read_only=True, tools=frozenset({"meeting_delete", "meetings_list"})),
        CallerPolicy(read_only=True, toolsets=frozenset({"meetings"})),
    ],
)
def test_read_only_wins_over_any_allow_list(policy: CallerPolicy) -> None:
    allowed = [t["name"] for t in specs.ALL_TOOLS if policy.allows(t)]
    assert allowed == ["meetings_list"]


def test_works_with_catalogue_toolspecs() -> None:
    spec = ToolSpec.from_dict(specs.MEETING_DELETE)
    assert CallerPolicy(toolsets=frozenset({"meetings"})).allows(spec)
    assert not CallerPolicy(read_only=True).allows(spec)
    facts = spec_facts(spec)
    assert facts.toolset == "meetings" and facts.destructive and not facts.read_only


def test_invalid_values_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="confirm must be one of elicit, url, token, never"):
        CallerPolicy(confirm="maybe")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="calls_per_minute"):
        CallerPolicy(calls_per_minute=0)


def test_cache_key_and_describe() -> None:
    a = CallerPolicy(name="a", toolsets=frozenset({"meetings", "webinars"}), read_only=True)
    b = CallerPolicy(name="b", toolsets=frozenset({"webinars", "meetings"}), read_only=True, confirm="token")
    assert a.cache_key() == b.cache_key()  # same tools listed
    assert a.cache_key() != CallerPolicy(toolsets=frozenset({"meetings"})).cache_key()
    assert "read-only" in a.describe() and "meetings, webinars" in a.describe()
