"""Every gated tool of the real catalogue (tool_specs/tools.json) and every destructive argument
combination, through real MCP exchanges in both eras: decline, no elicitation support and a
missing token send nothing; an accepted confirmation (typing the ID where required) or the
preview's token sends exactly one request."""

from __future__ import annotations

import pytest
from mcp.client import Client

from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.gates.decision import gate_reason
from zoom_mcp.policy import spec_facts

from .destructive import destructive_calls, placeholder_ids
from .harness import answering, build_harness, token_from, typing_the_id

pytestmark = pytest.mark.anyio

ERAS = ["legacy", "auto"]
CATALOGUE = load_catalog().tools


CALLS = [(spec.name, arguments) for spec in CATALOGUE for arguments in destructive_calls(spec, placeholder_ids(spec))]


def test_the_catalogue_has_the_gated_operations_the_issue_names() -> None:
    gated = {spec.name for spec in CATALOGUE if spec.gated}
    assert len(gated) >= 30
    high = {spec.name for spec in CATALOGUE if spec_facts(spec).danger == "high"}
    assert len(high) >= 5
    assert all(gate_reason(next(s for s in CATALOGUE if s.name == name), args) for name, args in CALLS)


@pytest.mark.parametrize("mode", ERAS)
async def test_decline_sends_nothing_for_any_destructive_call(mode: str) -> None:
    harness = build_harness(tools=CATALOGUE)
    async with Client(harness.server, mode=mode, elicitation_callback=answering("decline")) as c:
        for name, arguments in CALLS:
            result = await c.call_tool(name, arguments)
            assert result.is_error, name
    assert harness.sent == []


@pytest.mark.parametrize("mode", ERAS)
async def test_accepting_sends_exactly_one_request_per_call(mode: str) -> None:
    harness = build_harness(tools=CATALOGUE)
    async with Client(harness.server, mode=mode, elicitation_callback=typing_the_id) as c:
        for name, arguments in CALLS:
            result = await c.call_tool(name, arguments)
            assert not result.is_error, name
    assert harness.sent == CALLS


@pytest.mark.parametrize("mode", ERAS)
async def test_confirm_token_only_the_preview_token_gets_through(mode: str) -> None:
    harness = build_harness(confirm="token", tools=CATALOGUE)
    async with Client(harness.server, mode=mode) as c:
        for name, arguments in CALLS:
            preview = await c.call_tool(name, arguments)
            assert harness.sent == [], name
            token = token_from(preview)
            await c.call_tool(name, {**arguments, "confirmation_token": token})
            assert harness.sent == [(name, arguments)], name
            replay = await c.call_tool(name, {**arguments, "confirmation_token": token})
            assert replay.is_error and harness.results[-1].outcome == "token_replayed", name
            harness.sent.clear()
