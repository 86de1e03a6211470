"""The goal mode's agent loop against a scripted stand-in for the Messages API served on loopback.

The stand-in answers like the Messages API: first a `tool_use` starting the live meeting's recording,
then one stopping it, then a plain text turn. The scenario's final assertions grade the sandbox.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from zoom_mcp.evals import load_scenarios
from zoom_mcp.evals.runner import run_scenario

pytestmark = pytest.mark.anyio

GOAL = """
name: goal-record-and-stop
server: {toolsets: [in_meeting_features]}
goal: Start the recording of meeting 85746065003, then stop it.
final:
  - live: {meeting: 85746065003, recording: stopped, fields: {events: [recording.start, recording.stop]}}
"""

SCRIPT: list[list[dict[str, Any]]] = [
    [{"type": "tool_use", "id": "t1", "name": "live_recording_start", "input": {"meetingId": "85746065003"}}],
    [{"type": "tool_use", "id": "t2", "name": "live_recording_stop", "input": {"meetingId": "85746065003"}}],
    [{"type": "text", "text": "DONE"}],
]


@pytest.fixture
async def fake_model(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    async def messages(request: Request) -> JSONResponse:
        if request.headers.get("x-api-key") != "test-key":
            return JSONResponse({"error": "bad key"}, status_code=401)
        body = await request.json()
        seen.append(body)
        content = SCRIPT[min(len(seen) - 1, len(SCRIPT) - 1)]
        return JSONResponse({"role": "assistant", "content": content, "stop_reason": "end_turn"})

    app = Starlette(routes=[Route("/v1/messages", messages, methods=["POST"])])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.setblocking(False)
    async with anyio.create_task_group() as group:
        group.start_soon(server.serve, [sock])
        while not server.started:
            await anyio.sleep(0.01)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", f"http://127.0.0.1:{sock.getsockname()[1]}")
        yield seen
        server.should_exit = True
    sock.close()


async def test_goal_is_driven_by_the_model_and_graded_by_final_state(
    fake_model: list[dict[str, Any]], write_scenarios: Callable[..., Path]
) -> None:
    [scenario] = load_scenarios([write_scenarios(GOAL)])
    outcome = await run_scenario(scenario)
    assert outcome.status == "passed", outcome.failure
    assert outcome.calls == 2
    assert len(fake_model) == 3
    tools = {tool["name"] for tool in fake_model[0]["tools"]}
    assert {"live_recording_start", "live_recording_stop"} <= tools and "meeting_delete" not in tools
    results = fake_model[2]["messages"][-1]["content"]
    assert results[0]["type"] == "tool_result" and results[0]["tool_use_id"] == "t2"


async def test_goal_fails_when_the_final_state_is_not_reached(
    fake_model: list[dict[str, Any]], write_scenarios: Callable[..., Path]
) -> None:
    text = GOAL.replace("recording: stopped", "recording: paused")
    [scenario] = load_scenarios([write_scenarios(text)])
    outcome = await run_scenario(scenario)
    assert outcome.status == "failed"
    assert "expected recording='paused', got 'stopped'" in (outcome.failure or "")
