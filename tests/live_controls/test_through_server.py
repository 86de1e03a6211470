"""The issue's "done when", for this part: through the real server (runtime + low-level Server) on the sandbox,
the SDK's real Client drives the live meeting's recording and AI Companion with the curated tools (the gate
asks before deleting assets) and gets every prompt rendered, in both protocol eras.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from mcp import Client
from mcp_types import CallToolResult, ElicitResult, TextContent
from server.harness import connect as connect_server

from zoom_mcp.live_controls import curated_tool_names
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import LIVE_MEETING_ID

ERAS = ["legacy", "auto"]
SCHEDULED_MEETING_ID = 85746065001


@asynccontextmanager
async def connect(sandbox: RunningSandbox, era: str, answer: str = "accept") -> AsyncIterator[Client]:
    async def confirm(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action=answer, content={"confirm": True} if answer == "accept" else None)  # type: ignore[arg-type]

    async with connect_server(sandbox, era, elicitation_callback=confirm, max_retries=0) as (client, _):
        yield client


def text(result: CallToolResult) -> str:
    return " ".join(block.text for block in result.content if isinstance(block, TextContent))


def live(sandbox: RunningSandbox) -> Any:
    return sandbox.state.live[LIVE_MEETING_ID]


def patches(sandbox: RunningSandbox) -> list[dict[str, Any]]:
    return [entry for entry in sandbox.requests() if entry["method"] == "PATCH"]


@pytest.mark.parametrize("era", ERAS)
async def test_curated_tools_and_prompts_are_served(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as client:
        names = {tool.name for tool in (await client.list_tools()).tools}
        assert set(curated_tool_names()) <= names
        prompts = {prompt.name for prompt in (await client.list_prompts()).prompts}
        assert {"recap_meeting", "run_live_meeting", "account_usage_review"} <= prompts
        rendered = await client.get_prompt("post_webinar_report", {"webinarId": "94512345001"})
        first = rendered.messages[0].content
        assert isinstance(first, TextContent) and "`report_webinar_participants_list`" in first.text


@pytest.mark.parametrize("era", ERAS)
async def test_recording_is_driven_and_impossible_transitions_are_refused(sandbox: RunningSandbox, era: str) -> None:
    meeting = {"meetingId": LIVE_MEETING_ID}
    async with connect(sandbox, era) as client:
        started = await client.call_tool("live_recording_start", meeting)
        assert not started.is_error, text(started)
        assert live(sandbox).recording == "recording"
        refused = await client.call_tool("live_recording_resume", meeting)
        assert refused.is_error and "the recording is not paused" in text(refused)
        for tool, state in [("live_recording_pause", "paused"), ("live_recording_resume", "recording")]:
            assert not (await client.call_tool(tool, meeting)).is_error
            assert live(sandbox).recording == state
        assert not (await client.call_tool("live_recording_stop", meeting)).is_error
        stop_again = await client.call_tool("live_recording_stop", meeting)
        assert stop_again.is_error and "the meeting is not being recorded" in text(stop_again)
        assert live(sandbox).recording == "stopped"


@pytest.mark.parametrize("era", ERAS)
async def test_a_meeting_that_is_not_live_is_refused_before_zoom(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as client:
        result = await client.call_tool("live_recording_start", {"meetingId": SCHEDULED_MEETING_ID})
        assert result.is_error
        assert "is not live (status waiting): start it in the Zoom client first, then retry" in text(result)
        assert patches(sandbox) == []


@pytest.mark.parametrize("era", ERAS)
async def test_ai_companion_stop_with_deletion_asks_first(sandbox: RunningSandbox, era: str) -> None:
    meeting = {"meetingId": LIVE_MEETING_ID}
    async with connect(sandbox, era, answer="decline") as client:
        assert not (await client.call_tool("ai_companion_start", {**meeting, "mode": "all"})).is_error
        assert live(sandbox).ai_companion == "on"
        declined = await client.call_tool("ai_companion_stop", {**meeting, "delete_meeting_assets": True})
        assert declined.is_error
        assert live(sandbox).ai_companion == "on" and len(patches(sandbox)) == 1
    async with connect(sandbox, era, answer="accept") as client:
        accepted = await client.call_tool("ai_companion_stop", {**meeting, "delete_meeting_assets": True})
        assert not accepted.is_error, text(accepted)
        assert live(sandbox).ai_companion == "off"
        assert len(patches(sandbox)) == 2
