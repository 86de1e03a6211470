"""The whole product path: the real server (runtime, ToolCallService, ConfirmationGate, TargetDescriber)
over the sandbox Zoom on loopback, driven by the SDK's real Client in both eras. What reaches Zoom is
read from the sandbox's request log; what was decided is read from the audit log."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp_types import ElicitResult
from server.harness import connect as connect_server

from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import LIVE_MEETING_ID, RECORDED_MEETING_ID, SCHEDULED_MEETING_ID, WEBINAR_ID

from .harness import answering, token_from

pytestmark = pytest.mark.anyio

ERAS = ["legacy", "auto"]
# (tool, arguments, HTTP method that would reach Zoom)
CASES = [
    ("meeting_delete", {"meetingId": str(SCHEDULED_MEETING_ID)}, "DELETE"),
    ("meeting_status_update", {"meetingId": str(LIVE_MEETING_ID), "action": "end"}, "PUT"),
    ("recording_delete", {"meetingId": str(RECORDED_MEETING_ID), "action": "delete"}, "DELETE"),
    ("webinar_panelists_delete_all", {"webinarId": str(WEBINAR_ID)}, "DELETE"),
]
IDS = [case[0] for case in CASES]


@asynccontextmanager
async def connect(
    sandbox: RunningSandbox, mode: str, audit: Path, *, confirm: str = "elicit", elicitation_callback: Any = None
) -> AsyncIterator[Client]:
    policy = CallerPolicy(name="e2e", confirm=confirm)  # type: ignore[arg-type]
    async with connect_server(
        sandbox, mode, policy=policy, audit_log=audit, elicitation_callback=elicitation_callback
    ) as (client, _):
        yield client


def changes(sandbox: RunningSandbox) -> list[str]:
    """Every API request that could change something in Zoom (lookups for the question are GETs; token
    requests to /oauth/token are not API calls)."""
    return [
        f"{r['method']} {r['path']}"
        for r in sandbox.requests()
        if r["method"] != "GET" and not str(r["path"]).startswith("/oauth/")
    ]


def audit_lines(path: Path, mode: str) -> list[dict[str, Any]]:
    """The audit lines; in the modern era the first round of an elicitation (which asks the client to
    show the form) is a call of its own and is recorded as "confirmation_requested", checked and dropped."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    rounds = [line for line in lines if line["outcome"] == "confirmation_requested"]
    assert all(line["gate"] == "elicit" and line["status"] is None for line in rounds)
    if mode == "legacy":
        assert rounds == []
    return [line for line in lines if line["outcome"] != "confirmation_requested"]


async def person_typing_the_id(context: object, params: Any) -> ElicitResult:
    content: dict[str, Any] = {"confirm": True}
    field = params.requested_schema["properties"].get("confirm_id")
    if field is not None:
        match = re.search(r"type the ID (\S+) in confirm_id", params.message)
        assert match is not None, params.message
        content["confirm_id"] = match.group(1)
    return ElicitResult(action="accept", content=content)


@pytest.mark.parametrize("mode", ERAS)
@pytest.mark.parametrize(("tool", "arguments", "method"), CASES, ids=IDS)
async def test_decline_or_no_elicitation_sends_nothing(
    sandbox: RunningSandbox, tmp_path: Path, mode: str, tool: str, arguments: dict[str, str], method: str
) -> None:
    audit = tmp_path / "audit.jsonl"
    async with connect(sandbox, mode, audit, elicitation_callback=answering("decline")) as client:
        declined = await client.call_tool(tool, arguments)
    async with connect(sandbox, mode, audit) as client:  # default --confirm elicit, client without elicitation
        refused = await client.call_tool(tool, arguments)
        with_junk_token = await client.call_tool(tool, {**arguments, "confirmation_token": "zmc1.e30.e30"})
    async with connect(sandbox, mode, audit, confirm="token") as client:
        preview = await client.call_tool(tool, arguments)
        wrong = await client.call_tool(tool, {**arguments, "confirmation_token": "zmc1.e30.e30"})
    assert changes(sandbox) == []
    assert declined.is_error and refused.is_error and with_junk_token.is_error and preview.is_error and wrong.is_error
    assert refused.structured_content is not None and "confirmation_token" not in refused.structured_content
    assert refused.structured_content["status"] == "confirmation_unavailable"
    assert "--confirm token" in refused.content[0].text  # type: ignore[union-attr]
    token_from(preview)
    outcomes = [(line["gate"], line["outcome"], line["status"]) for line in audit_lines(audit, mode)]
    assert outcomes == [
        ("elicit", "declined", None),
        ("elicit", "no_elicitation", None),
        ("elicit", "no_elicitation", None),
        ("token", "preview", None),
        ("token", "token_bad_signature", None),
    ]
    assert all(line["caller"] == "local" and line["tool"] == tool for line in audit_lines(audit, mode))


@pytest.mark.parametrize("mode", ERAS)
@pytest.mark.parametrize(("tool", "arguments", "method"), CASES, ids=IDS)
async def test_accepting_sends_exactly_one_request(
    sandbox: RunningSandbox, tmp_path: Path, mode: str, tool: str, arguments: dict[str, str], method: str
) -> None:
    audit = tmp_path / "audit.jsonl"
    async with connect(sandbox, mode, audit, elicitation_callback=person_typing_the_id) as client:
        await client.call_tool(tool, arguments)
    sent = changes(sandbox)
    assert len(sent) == 1 and sent[0].startswith(method + " ")
    (line,) = audit_lines(audit, mode)
    assert (line["gate"], line["outcome"]) == ("elicit", "accepted") and line["status"] is not None


@pytest.mark.parametrize("mode", ERAS)
async def test_the_preview_token_sends_exactly_one_request_once(
    sandbox: RunningSandbox, tmp_path: Path, mode: str
) -> None:
    tool, arguments, _ = CASES[1]
    audit = tmp_path / "audit.jsonl"
    async with connect(sandbox, mode, audit, confirm="token") as client:
        token = token_from(await client.call_tool(tool, arguments))
        assert changes(sandbox) == []
        await client.call_tool(tool, {**arguments, "confirmation_token": token})
        replay = await client.call_tool(tool, {**arguments, "confirmation_token": token})
    assert replay.is_error
    assert len(changes(sandbox)) == 1
    lines = audit_lines(audit, mode)
    assert [line["outcome"] for line in lines][-1] == "token_replayed"
    assert all(line["arguments"].get("confirmation_token") in (None, "[REDACTED]") for line in lines)
