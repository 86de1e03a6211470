"""Every gated tool of the real catalogue (tool_specs/tools.json) and every destructive argument
combination, through real MCP exchanges in both eras: decline, no elicitation support and a
missing token send nothing; an accepted confirmation (typing the ID where required) or the
preview's token sends exactly one request."""

from __future__ import annotations

import re
from typing import Any

import pytest
from mcp.client import Client
from mcp_types import ElicitResult

from zoom_mcp.catalog.registry import ToolSpec, load_catalog
from zoom_mcp.gates.decision import gate_reason
from zoom_mcp.policy import spec_facts

from .harness import answering, build_harness, token_from

pytestmark = pytest.mark.anyio

ERAS = ["legacy", "auto"]
CATALOGUE = load_catalog().tools


def _set(arguments: dict[str, Any], dotted: str, value: Any) -> None:
    """`params.delete_meeting_assets` -> arguments["params"]["delete_meeting_assets"] = value."""
    *parents, leaf = dotted.split(".")
    for part in parents:
        arguments = arguments.setdefault(part, {})
    arguments[leaf] = value


def destructive_calls(spec: ToolSpec) -> list[tuple[str, dict[str, Any]]]:
    """One call per way the tool is destructive: the tool itself, and each destructiveWhen value."""
    base = {
        name: f"8574606543{index}"
        for index, (name, where) in enumerate(spec.arguments.items())
        if where.get("in") == "path" and name != "accountId"
    }
    calls: list[dict[str, Any]] = []
    if spec.destructive:
        calls.append(dict(base))
    for entry in spec.destructive_when:
        when = dict(entry["when"])
        lists = {k: v for k, v in when.items() if isinstance(v, list)}
        variants = [when] if not lists else [{**when, k: option} for k, vs in lists.items() for option in vs]
        for variant in variants:
            arguments = dict(base)
            for path, value in variant.items():
                _set(arguments, path, value)
            calls.append(arguments)
    return [(spec.name, arguments) for arguments in calls]


CALLS = [call for spec in CATALOGUE for call in destructive_calls(spec)]


def test_the_catalogue_has_the_gated_operations_the_issue_names() -> None:
    gated = {spec.name for spec in CATALOGUE if spec.gated}
    assert len(gated) >= 30
    high = {spec.name for spec in CATALOGUE if spec_facts(spec).danger == "high"}
    assert len(high) >= 5
    assert all(gate_reason(next(s for s in CATALOGUE if s.name == name), args) for name, args in CALLS)


async def typing_the_id(context: object, params: Any) -> ElicitResult:
    """Answers like a person: ticks confirm and types the ID the form asks for."""
    content: dict[str, Any] = {"confirm": True}
    confirm_id = params.requested_schema["properties"].get("confirm_id")
    if confirm_id is not None:
        content["confirm_id"] = re.fullmatch(r"Type (\S+) exactly", confirm_id["description"]).group(1)  # type: ignore[union-attr]
    return ElicitResult(action="accept", content=content)


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
