"""Tool modes through the real server and the SDK's real Client, in both eras, against the sandbox Zoom:
discover mode's meta-tools search, describe and call on the direct call path; the policy decides what
exists; toolsets mode grows a session's list with tools/list_changed; all mode lists everything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mcp_types import ElicitResult, ToolListChangedNotification

from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import OWNER_ID, SCHEDULED_MEETING_ID, WEBINAR_ID

from .harness import ERAS, connect

pytestmark = pytest.mark.anyio


def text_of(result: Any) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


def listed_bytes(tools: Any) -> int:
    payload = {"tools": [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in tools.tools]}
    return len(json.dumps(payload, separators=(",", ":")).encode())


def accept(asked: list[str]) -> Any:
    async def callback(context: Any, params: Any) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content={"confirm": True})

    return callback


def writes(sandbox: RunningSandbox) -> list[tuple[str, str]]:
    return [
        (r["method"], r["path"]) for r in sandbox.requests() if r["method"] != "GET" and r["path"].startswith("/v2/")
    ]


@pytest.mark.parametrize("era", ERAS)
async def test_discover_search_describe_and_gated_call(sandbox: RunningSandbox, era: str, tmp_path: Path) -> None:
    asked: list[str] = []
    audit = tmp_path / "audit.jsonl"
    async with connect(sandbox, era, tool_mode="discover", elicitation_callback=accept(asked), audit_log=audit) as (
        client,
        runtime,
    ):
        tools = await client.list_tools()
        assert listed_bytes(tools) <= 32_000 and len(tools.tools) <= 40
        found = await client.call_tool(
            "zoom_search_tools", {"query": "remove the registrant jane@example.com from webinar 123"}
        )
        assert not found.is_error, text_of(found)
        hits = found.structured_content["tools"]
        assert "webinar_registrant_delete" in [hit["name"] for hit in hits[:3]]
        hit = next(h for h in hits if h["name"] == "webinar_registrant_delete")
        assert hit == {
            "name": "webinar_registrant_delete",
            "title": hit["title"],
            "summary": hit["summary"],
            "toolset": "webinars",
            "readOnly": False,
            "destructive": True,
            "required": ["webinarId", "registrantId"],
        }
        described = await client.call_tool("zoom_describe_tools", {"names": ["webinar_registrant_delete"]})
        tool = described.structured_content["tools"][0]
        assert tool["inputSchema"]["required"] == ["webinarId", "registrantId"]
        assert set(tool) >= {"name", "title", "description", "inputSchema", "annotations", "_meta"}
        registrants = await client.call_tool(
            "zoom_call_read_tool", {"name": "webinar_registrants_list", "arguments": {"webinarId": str(WEBINAR_ID)}}
        )
        registrant = registrants.structured_content["registrants"][0]["id"]
        sandbox.clear_requests()
        arguments = {"webinarId": str(WEBINAR_ID), "registrantId": registrant}
        deleted = await client.call_tool(
            "zoom_call_tool", {"name": "webinar_registrant_delete", "arguments": arguments}
        )
        assert not deleted.is_error, text_of(deleted)
        metrics = runtime.metrics.render()
        assert 'tool="zoom_search_tools"' in metrics and 'tool="webinar_registrant_delete"' in metrics
        assert 'tool="zoom_call_tool"' not in metrics  # the inner tool is counted, once
    assert len(asked) == 1 and "registrant" in asked[0].lower()
    assert writes(sandbox) == [
        ("DELETE", f"/v2/accounts/sandbox-account/webinars/{WEBINAR_ID}/registrants/{registrant}")
    ]
    records = [json.loads(line) for line in audit.read_text().splitlines()]
    assert {r["tool"] for r in records} == {"webinar_registrant_delete"}  # the inner tool, never the meta-tool
    assert (records[-1]["outcome"], records[-1]["status"]) == ("accepted", 204)


@pytest.mark.parametrize("era", ERAS)
async def test_declined_confirmation_through_the_meta_tool_sends_nothing(sandbox: RunningSandbox, era: str) -> None:
    async def decline(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="decline")

    async with connect(sandbox, era, tool_mode="discover", elicitation_callback=decline) as (client, _):
        sandbox.clear_requests()
        result = await client.call_tool(
            "zoom_call_tool", {"name": "meeting_delete", "arguments": {"meetingId": str(SCHEDULED_MEETING_ID)}}
        )
    assert result.is_error and "declined" in text_of(result).lower()
    assert writes(sandbox) == []


@pytest.mark.parametrize("era", ERAS)
async def test_token_flow_through_the_meta_tool(sandbox: RunningSandbox, era: str) -> None:
    token_mode = CallerPolicy(name="test", confirm="token")  # the two-step flow is only offered with --confirm token
    async with connect(sandbox, era, tool_mode="discover", policy=token_mode) as (client, _):
        sandbox.clear_requests()
        args = {"meetingId": str(SCHEDULED_MEETING_ID)}
        preview = await client.call_tool("zoom_call_tool", {"name": "meeting_delete", "arguments": args})
        assert preview.is_error and writes(sandbox) == []
        token = preview.structured_content["confirmation_token"]
        if era == "legacy":  # in the inner arguments, as for a direct call
            call = {"name": "meeting_delete", "arguments": {**args, "confirmation_token": token}}
        else:  # or next to them
            call = {"name": "meeting_delete", "arguments": args, "confirmation_token": token}
        confirmed = await client.call_tool("zoom_call_tool", call)
        assert not confirmed.is_error, text_of(confirmed)
    assert writes(sandbox) == [("DELETE", f"/v2/accounts/sandbox-account/meetings/{SCHEDULED_MEETING_ID}")]


@pytest.mark.parametrize("era", ERAS)
async def test_meta_calls_validate_like_direct_calls_and_return_the_inner_result(
    sandbox: RunningSandbox, era: str
) -> None:
    async with connect(sandbox, era, tool_mode="discover") as (client, _):
        bad = await client.call_tool("zoom_call_tool", {"name": "meeting_create", "arguments": {"topic": 42}})
        direct = await client.call_tool("meeting_create", {"topic": 42})
        assert bad.is_error and text_of(bad) == text_of(direct)
        assert "userId" in text_of(bad) and "topic" in text_of(bad)
        created = await client.call_tool(
            "zoom_call_tool",
            {"name": "meeting_create", "arguments": {"userId": OWNER_ID, "topic": "Via meta", "type": 2}},
        )
        assert not created.is_error and created.structured_content["topic"] == "Via meta"
        as_text = await client.call_tool(
            "zoom_call_read_tool",
            {"name": "meeting_get", "arguments": json.dumps({"meetingId": str(created.structured_content["id"])})},
        )
        assert as_text.structured_content["topic"] == "Via meta"
        missing = await client.call_tool(
            "zoom_call_read_tool", {"name": "meeting_get", "arguments": {"meetingId": "1"}}
        )
        assert missing.is_error and "3001" in text_of(missing)
        unknown = await client.call_tool("zoom_call_tool", {"name": "meeting_gett", "arguments": {}})
        assert unknown.is_error and "meeting_get" in text_of(unknown)
        no_name = await client.call_tool("zoom_call_tool", {"arguments": {}})
        assert no_name.is_error and "name" in text_of(no_name)


@pytest.mark.parametrize("era", ERAS)
async def test_call_read_tool_refuses_writes_and_points_to_call_tool(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era, tool_mode="discover") as (client, _):
        sandbox.clear_requests()
        result = await client.call_tool(
            "zoom_call_read_tool", {"name": "meeting_delete", "arguments": {"meetingId": str(SCHEDULED_MEETING_ID)}}
        )
        curated = await client.call_tool("zoom_call_read_tool", {"name": "live_recording_start", "arguments": {}})
    assert result.is_error and "zoom_call_tool" in text_of(result)
    assert curated.is_error and "zoom_call_tool" in text_of(curated)
    assert sandbox.requests() == []


@pytest.mark.parametrize("era", ERAS)
async def test_the_policy_decides_what_search_describe_and_call_reach(sandbox: RunningSandbox, era: str) -> None:
    policy = CallerPolicy(name="readers", read_only=True)
    async with connect(sandbox, era, tool_mode="discover", policy=policy) as (client, _):
        listed = {tool.name for tool in (await client.list_tools()).tools}
        assert not listed & {"live_recording_start", "zoom_list_toolsets", "zoom_call_tool"}
        assert {"zoom_search_tools", "zoom_describe_tools", "zoom_call_read_tool"} <= listed
        found = await client.call_tool("zoom_search_tools", {"query": "cancel the meeting", "limit": 20})
        assert found.structured_content["tools"] and all(hit["readOnly"] for hit in found.structured_content["tools"])
        described = await client.call_tool("zoom_describe_tools", {"names": ["meeting_delete"]})
        assert described.is_error and "meeting_delete" in text_of(described)
        sandbox.clear_requests()
        refused = await client.call_tool(
            "zoom_call_tool", {"name": "meeting_delete", "arguments": {"meetingId": str(SCHEDULED_MEETING_ID)}}
        )
        assert refused.is_error and "not available to this caller" in text_of(refused)
        assert sandbox.requests() == []
        toolset_only = await client.call_tool(
            "zoom_search_tools", {"query": "meeting", "toolset": "reports", "limit": 20}
        )
        assert {hit["toolset"] for hit in toolset_only.structured_content["tools"]} == {"reports"}


@pytest.mark.parametrize("era", ERAS)
async def test_describe_gives_the_full_text_the_schema_shortens(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era, tool_mode="discover") as (client, runtime):
        described = await client.call_tool("zoom_describe_tools", {"names": ["meeting_create", "meeting_get"]})
        unknown = await client.call_tool("zoom_describe_tools", {"names": ["meeting_craete"]})
        bad_limit = await client.call_tool("zoom_search_tools", {"query": "x", "limit": 50})
    create, get = described.structured_content["tools"]
    assert create["inputSchema"] == runtime.all_tools["meeting_create"].input_schema
    assert create["fieldDescriptions"] and all(len(text) > 0 for text in create["fieldDescriptions"].values())
    assert "fieldDescriptions" not in get
    assert unknown.is_error and "closest: meeting_create" in text_of(unknown)
    assert bad_limit.is_error and "limit" in text_of(bad_limit)


@pytest.mark.parametrize("era", ERAS)
async def test_input_schemas_for_meta_and_listed_tools(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era, tool_mode="discover") as (client, runtime):
        from zoom_mcp.server.app import build_server

        server = build_server(runtime)
        assert server.get_tool_input_schema is not None
        for tool in (await client.list_tools()).tools:
            assert server.get_tool_input_schema(tool.name) == tool.input_schema
        assert server.get_tool_input_schema("meeting_create") == runtime.all_tools["meeting_create"].input_schema
        assert server.get_tool_input_schema("zoom_enable_toolsets") is None  # not a tool in discover mode


async def test_toolsets_mode_enables_toolsets_and_announces_list_changed(sandbox: RunningSandbox) -> None:
    notifications: list[Any] = []

    async def on_message(message: Any) -> None:
        notifications.append(message)

    async with connect(sandbox, "legacy", tool_mode="toolsets", client_options={"message_handler": on_message}) as (
        client,
        _,
    ):
        assert client.server_capabilities.tools.list_changed is True
        before = {tool.name for tool in (await client.list_tools()).tools}
        assert "report_daily_get" not in before and "meeting_create" in before
        toolsets = await client.call_tool("zoom_list_toolsets", {})
        rows = {row["name"]: row for row in toolsets.structured_content["toolsets"]}
        assert rows["meetings"]["enabled"] and not rows["reports"]["enabled"] and toolsets.structured_content["session"]
        enabled = await client.call_tool("zoom_enable_toolsets", {"toolsets": ["reports"]})
        assert not enabled.is_error, text_of(enabled)
        assert "report_daily_get" in enabled.structured_content["added_tools"]
        after = {tool.name for tool in (await client.list_tools()).tools}
        assert after - before == set(enabled.structured_content["added_tools"])
        again = await client.call_tool("zoom_enable_toolsets", {"toolsets": ["reports"]})
        assert again.structured_content["added_tools"] == []
        wrong = await client.call_tool("zoom_enable_toolsets", {"toolsets": ["nonsense"]})
        assert wrong.is_error and "meetings" in text_of(wrong)
    assert any(isinstance(getattr(m, "root", m), ToolListChangedNotification) for m in notifications)


async def test_toolsets_mode_without_a_session_points_to_call_tool(sandbox: RunningSandbox) -> None:
    async with connect(sandbox, "modern", tool_mode="toolsets") as (client, _):
        result = await client.call_tool("zoom_enable_toolsets", {"toolsets": ["reports"]})
        listed = {tool.name for tool in (await client.list_tools()).tools}
        via_call = await client.call_tool("zoom_call_read_tool", {"name": "report_daily_get", "arguments": {}})
    assert result.is_error and "zoom_call_tool" in text_of(result) and "2026-07-28" in text_of(result)
    assert "report_daily_get" not in listed
    assert not via_call.is_error, text_of(via_call)


@pytest.mark.parametrize("era", ERAS)
async def test_all_mode_lists_every_tool_without_meta_tools(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era, tool_mode="all") as (client, runtime):
        names = [tool.name for tool in (await client.list_tools()).tools]
        meta = await client.call_tool("zoom_search_tools", {"query": "x"})
    assert names == list(runtime.all_tools)
    assert meta.is_error
