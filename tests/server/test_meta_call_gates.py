"""Nothing gated directly is ungated through the meta-tools: every gated tool of the catalogue (and the
curated ones), with each destructive argument value, called directly and through `zoom_call_tool`, in both
eras, with the person declining, confirming (typing the ID where asked) and without elicitation (preview,
then the token): the same outcome and exactly the same requests reach the sandbox Zoom either way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from gates.destructive import destructive_calls as gate_sweep_calls
from gates.destructive import placeholder_ids
from gates.harness import typing_the_id
from mcp_types import ElicitResult

from zoom_mcp.catalog.registry import ToolSpec
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import LIVE_MEETING_ID
from zoom_mcp.server.runtime import ServerRuntime

from .harness import ERAS, connect

pytestmark = pytest.mark.anyio


def destructive_calls(spec: ToolSpec) -> list[dict[str, Any]]:
    """One call per way the tool is destructive (on made-up IDs; in-meeting controls on the live meeting, or the
    live check refuses them first)."""
    base = placeholder_ids(spec)
    if spec.operation_id == "inMeetingControl":
        base["meetingId"] = str(LIVE_MEETING_ID)
    return gate_sweep_calls(spec, base)


async def declining(context: object, params: Any) -> ElicitResult:
    return ElicitResult(action="decline")


def sent(sandbox: RunningSandbox) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in sandbox.requests() if r["path"].startswith("/v2/")]


def writes(sandbox: RunningSandbox) -> list[tuple[str, str]]:
    return [call for call in sent(sandbox) if call[0] != "GET"]


def text_of(result: Any) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


def gated_calls(runtime: ServerRuntime) -> list[tuple[str, dict[str, Any]]]:
    return [(spec.name, args) for spec in runtime.all_tools.values() if spec.gated for args in destructive_calls(spec)]


def _normalise(text: str) -> str:
    return re.sub(r"zmc1\.\S+", "<token>", text)


async def _both_ways(client: Any, sandbox: RunningSandbox, name: str, arguments: dict[str, Any]) -> None:
    sandbox.reset()
    direct = await client.call_tool(name, arguments)
    direct_sent = sent(sandbox)
    sandbox.reset()
    meta = await client.call_tool("zoom_call_tool", {"name": name, "arguments": arguments})
    assert meta.is_error == direct.is_error, (name, arguments, text_of(meta))
    assert _normalise(text_of(meta)) == _normalise(text_of(direct)), (name, arguments)
    assert sent(sandbox) == direct_sent, (name, arguments)


@pytest.mark.parametrize("era", ERAS)
async def test_declined_calls_send_nothing_either_way(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era, tool_mode="discover", elicitation_callback=declining) as (client, runtime):
        calls = gated_calls(runtime)
        assert len(calls) >= 40
        for name, arguments in calls:
            await _both_ways(client, sandbox, name, arguments)
            assert writes(sandbox) == [], (name, arguments)


@pytest.mark.parametrize("era", ERAS)
async def test_confirmed_calls_send_the_same_requests_either_way(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era, tool_mode="discover", elicitation_callback=typing_the_id) as (client, runtime):
        reached = 0
        for name, arguments in gated_calls(runtime):
            await _both_ways(client, sandbox, name, arguments)
            reached += bool(writes(sandbox))
        assert reached >= 30  # most confirmed calls reach Zoom (some fail validation first, the same both ways)


@pytest.mark.parametrize("era", ERAS)
async def test_without_elicitation_only_the_token_gets_through_the_meta_tool(sandbox: RunningSandbox, era: str) -> None:
    token_mode = CallerPolicy(name="test", confirm="token")  # --confirm token: preview + single-use token
    async with connect(sandbox, era, tool_mode="discover", policy=token_mode) as (client, runtime):
        checked = 0
        for name, arguments in gated_calls(runtime):
            sandbox.reset()
            preview = await client.call_tool("zoom_call_tool", {"name": name, "arguments": arguments})
            assert preview.is_error and writes(sandbox) == [], (name, arguments)
            token = (preview.structured_content or {}).get("confirmation_token")
            if token is None:  # refused before the gate (invalid arguments): nothing to confirm
                assert "Invalid arguments" in text_of(preview), (name, text_of(preview))
                continue
            other = await client.call_tool(
                "zoom_call_tool",
                {"name": name, "arguments": {**arguments, "extra_field_x": 1, "confirmation_token": token}},
            )
            assert other.is_error and writes(sandbox) == [], name
            confirmed = await client.call_tool(
                "zoom_call_tool", {"name": name, "arguments": {**arguments, "confirmation_token": token}}
            )
            assert writes(sandbox), (name, text_of(confirmed))
            checked += 1
        assert checked >= 30


@pytest.mark.parametrize("era", ERAS)
async def test_without_elicitation_the_default_refuses_through_the_meta_tool(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era, tool_mode="discover") as (client, runtime):  # --confirm elicit, cannot elicit
        refused = 0
        for name, arguments in gated_calls(runtime):
            sandbox.reset()
            answer = await client.call_tool("zoom_call_tool", {"name": name, "arguments": arguments})
            assert answer.is_error and writes(sandbox) == [], (name, arguments)
            assert "confirmation_token" not in (answer.structured_content or {}), name
            if "Invalid arguments" not in text_of(answer):
                assert "--confirm token" in text_of(answer), (name, text_of(answer))
                refused += 1
        assert refused >= 30
