"""A cancelled tool call stops waiting at once, sends nothing more to Zoom, and is audited as `cancelled`
(with `write_sent` saying whether a write had already gone out). Over stdio (`zoom-mcp serve` as a
subprocess) and HTTP (the real endpoint on a free port), in both protocol eras; the client cancels the
way the SDK does it (`notifications/cancelled` on JSON-RPC, closing the response stream on modern HTTP).

Calls are held in a wait the test can see: Zoom's Retry-After (a forced 429 with a 30 s Retry-After),
announced by the server's log line; the test cancels as soon as that line arrives.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp_types import ElicitRequestParams, ElicitResult, LoggingMessageNotificationParams

from zoom_mcp.metrics import Metrics
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import ForcedStatus, RunningSandbox
from zoom_mcp.sandbox.seed import OWNER_ID, SCHEDULED_MEETING_ID
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_environment, sandbox_zoom_settings
from zoom_mcp.transports.http import running_http_server
from zoom_mcp.transports.settings import HttpSettings

from .harness import ERAS

pytestmark = pytest.mark.anyio

TRANSPORTS = ["stdio", "http"]
LONG_RETRY_AFTER = 30  # seconds: far longer than any test waits; the call must be cancelled inside it


class Watch:
    """Log lines the client receives; `retrying` is set when the server announces a retry wait."""

    def __init__(self) -> None:
        self.lines: list[LoggingMessageNotificationParams] = []
        self.retrying = anyio.Event()

    async def __call__(self, params: LoggingMessageNotificationParams) -> None:
        self.lines.append(params)
        if "retry 1 of" in str(params.data.get("message", "")):
            self.retrying.set()


def client_options(era: str, watch: Watch) -> dict[str, Any]:
    options: dict[str, Any] = {"logging_callback": watch, "mode": "legacy" if era == "legacy" else "auto"}
    if era != "legacy":
        options["log_level"] = "info"
    return options


@asynccontextmanager
async def connected(
    transport: str,
    era: str,
    sandbox: RunningSandbox,
    audit: Path,
    watch: Watch,
    *,
    confirm: str = "elicit",
    **more: Any,
) -> AsyncIterator[Client]:
    options = {**client_options(era, watch), **more}
    if transport == "stdio":
        # Client-side pacing off, as `sandbox_zoom_settings` has it for the HTTP half: a paced child would hold
        # the test's next call on the same rate-limit label for the whole Retry-After of the forced 429.
        env = {**sandbox_environment(sandbox), "ZOOM_RATE_PLAN": "off"}
        args = ["-m", "zoom_mcp", "serve", "--audit-log", str(audit), "--confirm", confirm]
        async with Client(StdioServerParameters(command=sys.executable, args=args, env=env), **options) as client:
            yield client
        return
    runtime_options = RuntimeOptions(
        zoom=sandbox_zoom_settings(sandbox),
        policy=CallerPolicy(name="local", confirm=confirm),  # type: ignore[arg-type]
        default_account_id=sandbox.config.account_id,
        audit_log_path=str(audit),
    )
    metrics = Metrics()
    async with open_runtime(runtime_options) as runtime:
        server = build_server(runtime)
        settings = HttpSettings(port=0)
        async with (
            running_http_server(server, settings, metrics=metrics, default_caller=runtime.default_caller) as running,
            Client(streamable_http_client(running.mcp_url), **options) as client,
        ):
            yield client


async def cancel_when(ready: anyio.Event, call: Any) -> None:
    """Run `call()` and cancel it (the SDK client's own cancellation) once `ready` is set."""
    outcome: list[Any] = []
    async with anyio.create_task_group() as group:

        async def run() -> None:
            with anyio.CancelScope() as scope:
                holder.append(scope)
                outcome.append(await call())

        holder: list[anyio.CancelScope] = []
        group.start_soon(run)
        with anyio.fail_after(60):
            await ready.wait()
        holder[0].cancel()
    assert outcome == [], f"the call finished instead of being cancelled: {outcome}"


async def audited(audit: Path, tool: str) -> dict[str, Any]:
    """The audit record of `tool` (the audit trail is written by a background thread: wait for it)."""
    with anyio.fail_after(30):
        while True:
            if audit.exists():
                for line in audit.read_text().splitlines():
                    record = json.loads(line)
                    if record["tool"] == tool:
                        return dict(record)
            await anyio.sleep(0.05)


def sent(sandbox: RunningSandbox, method: str, path_end: str) -> list[dict[str, Any]]:
    return [r for r in sandbox.requests() if r["method"] == method and r["path"].endswith(path_end)]


@pytest.mark.parametrize("era", ERAS)
@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_cancel_during_retry_after_of_a_write_that_was_sent(
    sandbox: RunningSandbox, transport: str, era: str, tmp_path: Path
) -> None:
    create_path = f"/accounts/{sandbox.config.account_id}/users/{OWNER_ID}/meetings"
    sandbox.set_faults(forced=[ForcedStatus(path=create_path, method="POST", status=429, retry_after=LONG_RETRY_AFTER)])
    audit, watch = tmp_path / "audit.jsonl", Watch()
    async with connected(transport, era, sandbox, audit, watch) as client:
        arguments = {"userId": OWNER_ID, "topic": "Never twice", "type": 2}
        await cancel_when(watch.retrying, lambda: client.call_tool("meeting_create", arguments))
        sandbox.set_faults()
        alive = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
        assert not alive.is_error  # the server goes on serving this session
        record = await audited(audit, "meeting_create")
        assert len(sent(sandbox, "POST", f"/users/{OWNER_ID}/meetings")) == 1  # nothing further went to Zoom
    assert record["outcome"] == "cancelled" and record["write_sent"] is True
    assert record["arguments"]["topic"] == "Never twice"


@pytest.mark.parametrize("era", ERAS)
@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_cancel_before_the_write_was_sent(
    sandbox: RunningSandbox, transport: str, era: str, tmp_path: Path
) -> None:
    # The gate reads the meeting to describe it (GET); Zoom answers 429 and the call waits before any DELETE.
    meeting_path = f"/accounts/{sandbox.config.account_id}/meetings/{SCHEDULED_MEETING_ID}"
    sandbox.set_faults(forced=[ForcedStatus(path=meeting_path, method="GET", status=429, retry_after=LONG_RETRY_AFTER)])
    audit, watch = tmp_path / "audit.jsonl", Watch()
    async with connected(transport, era, sandbox, audit, watch, confirm="token") as client:
        arguments = {"meetingId": str(SCHEDULED_MEETING_ID)}
        await cancel_when(watch.retrying, lambda: client.call_tool("meeting_delete", arguments))
        record = await audited(audit, "meeting_delete")
        sandbox.set_faults()
        alive = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
        assert not alive.is_error
    assert record["outcome"] == "cancelled" and record["write_sent"] is False
    assert sent(sandbox, "DELETE", f"/meetings/{SCHEDULED_MEETING_ID}") == []
    assert len(sent(sandbox, "GET", f"/meetings/{SCHEDULED_MEETING_ID}")) == 2  # the one 429, then meeting_get


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_cancel_while_a_person_is_asked_to_confirm(
    sandbox: RunningSandbox, transport: str, tmp_path: Path
) -> None:
    # Handshake era: the server waits for the elicitation answer within the call; the person never answers.
    asked = anyio.Event()

    async def never_answers(context: Any, params: ElicitRequestParams) -> ElicitResult:
        asked.set()
        await anyio.sleep_forever()
        raise AssertionError("unreachable")

    audit, watch = tmp_path / "audit.jsonl", Watch()
    async with connected(transport, "legacy", sandbox, audit, watch, elicitation_callback=never_answers) as client:
        arguments = {"meetingId": str(SCHEDULED_MEETING_ID)}
        await cancel_when(asked, lambda: client.call_tool("meeting_delete", arguments))
        record = await audited(audit, "meeting_delete")
        alive = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
        assert not alive.is_error
    assert record["outcome"] == "cancelled" and record["write_sent"] is False and record["gate"] == "pending"
    assert sent(sandbox, "DELETE", f"/meetings/{SCHEDULED_MEETING_ID}") == []
