"""Optional model-driven mode: a scenario with `goal:` is pursued by a model calling the server's tools.

Used only when `ANTHROPIC_API_KEY` is set (the runner reports such scenarios as "not run (no model key)"
otherwise). The loop talks to the Anthropic Messages API with `httpx2` (no extra dependency): it lists
the tools the server exposes to this caller (narrow them with the scenario's `server.toolsets`, since
every tool's schema costs tokens), sends the goal, runs each `tool_use` through the SDK's real `Client`,
and stops when the model ends its turn or after `max_turns`. The scripted person accepts confirmation
requests. The scenario's `final:` assertions grade the result; the loop itself only fails when the model
could not be reached or never finished.

Environment: `ANTHROPIC_API_KEY` (required), `ZOOM_MCP_EVAL_MODEL` (default `claude-sonnet-4-5`),
`ANTHROPIC_BASE_URL` (default `https://api.anthropic.com`).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import httpx2
from mcp_types import TextContent

from zoom_mcp.evals.connections import Connection
from zoom_mcp.evals.outcomes import StepOutcome
from zoom_mcp.evals.scenario import Confirm, Scenario

DEFAULT_MODEL = "claude-sonnet-4-5"
API_VERSION = "2023-06-01"
SYSTEM = (
    "You operate a Zoom account through the tools given. Reach the user's goal with as few calls as needed. "
    "Read tool errors and correct your arguments. When a destructive call needs confirmation, the person "
    "will be asked by the client. Say DONE when the goal is reached."
)


async def run_goal(scenario: Scenario, connection: Connection) -> StepOutcome:
    outcome = StepOutcome(1, "goal", "goal", scenario.goal or "")
    started = time.perf_counter()
    key = os.environ.get("ANTHROPIC_API_KEY", "")
    model = os.environ.get("ZOOM_MCP_EVAL_MODEL", DEFAULT_MODEL)
    base = os.environ.get("ANTHROPIC_BASE_URL", "https://api.anthropic.com").rstrip("/")
    client = await connection.client(eliciting=True)
    connection.person.confirm = Confirm(answer="accept", given=True)
    listed = await client.list_tools()
    tools = [
        {"name": t.name, "description": (t.description or "")[:1024], "input_schema": t.input_schema}
        for t in listed.tools
    ]
    messages: list[dict[str, Any]] = [{"role": "user", "content": scenario.goal or ""}]
    headers = {"x-api-key": key, "anthropic-version": API_VERSION, "content-type": "application/json"}
    async with httpx2.AsyncClient(timeout=120) as http:
        for _turn in range(scenario.max_turns):
            body = {"model": model, "max_tokens": 2048, "system": SYSTEM, "tools": tools, "messages": messages}
            response = await http.post(f"{base}/v1/messages", headers=headers, json=body)
            if response.status_code != 200:
                outcome.failure = f"the model API answered {response.status_code}: {response.text[:300]}"
                break
            answer = response.json()
            messages.append({"role": "assistant", "content": answer["content"]})
            uses = [block for block in answer["content"] if block.get("type") == "tool_use"]
            if not uses:
                outcome.passed = True
                break
            results = []
            for use in uses:
                result = await client.call_tool(use["name"], use.get("input") or {})
                outcome.calls += 1
                text = "\n".join(c.text for c in result.content if isinstance(c, TextContent))
                outcome.bytes += len(result.model_dump_json(by_alias=True, exclude_none=True).encode())
                content = text or json.dumps(result.structured_content)
                results.append(
                    {"type": "tool_result", "tool_use_id": use["id"], "content": content, "is_error": result.is_error}
                )
            messages.append({"role": "user", "content": results})
        else:
            outcome.failure = f"the model did not finish within {scenario.max_turns} turns"
    outcome.seconds = time.perf_counter() - started
    outcome.status = "ok" if outcome.passed else "error"
    return outcome
