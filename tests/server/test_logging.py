"""The logging capability: `logging/setLevel` per session (handshake era), the per-request opt-in (modern era),
and the `notifications/message` lines (logger `zoom-mcp`) for retries, token fetches, Zoom errors and
confirmation outcomes, never carrying a secret, a token or a confirmation token."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPDeprecationWarning, MCPError
from mcp_types import LoggingMessageNotificationParams

from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import ForcedStatus, RunningSandbox
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID
from zoom_mcp.server.app import build_server

from .harness import ERAS, connect

pytestmark = pytest.mark.anyio

MISSING_MEETING = "99999999999"


class Lines:
    """Collects the log lines one client receives."""

    def __init__(self) -> None:
        self.received: list[LoggingMessageNotificationParams] = []

    async def __call__(self, params: LoggingMessageNotificationParams) -> None:
        self.received.append(params)

    def levels(self) -> set[str]:
        return {line.level for line in self.received}

    def messages(self, level: str | None = None) -> list[str]:
        return [str(line.data["message"]) for line in self.received if level is None or line.level == level]

    def text(self) -> str:
        return json.dumps([line.model_dump(mode="json") for line in self.received])


def options(era: str, lines: Lines, level: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"logging_callback": lines}
    if era == "modern" and level is not None:
        found["log_level"] = level  # the modern era's per-request opt-in (_meta io.modelcontextprotocol/logLevel)
    return found


async def set_level(client: Client, level: str) -> None:
    with warnings.catch_warnings():  # the SDK marks logging deprecated for 2026-07-28; it is live in 2025-11-25
        warnings.simplefilter("ignore", MCPDeprecationWarning)
        await client.set_logging_level(level)  # type: ignore[arg-type]


@pytest.mark.parametrize("era", ERAS)
async def test_the_logging_capability_is_declared(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _runtime):
        assert client.server_capabilities.logging is not None


@pytest.mark.parametrize("era", ERAS)
async def test_retries_token_fetches_and_zoom_errors_reach_the_log_view(sandbox: RunningSandbox, era: str) -> None:
    path = f"/accounts/{sandbox.config.account_id}/meetings/{SCHEDULED_MEETING_ID}"
    sandbox.set_faults(forced=[ForcedStatus(path=path, status=429, retry_after=1, count=1)])
    lines = Lines()
    async with connect(sandbox, era, client_options=options(era, lines, "debug")) as (client, runtime):
        if era == "legacy":
            await set_level(client, "debug")
        got = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
        missing = await client.call_tool("meeting_get", {"meetingId": MISSING_MEETING})
        secrets = runtime.client.secrets()
    assert not got.is_error and missing.is_error
    assert {line.logger for line in lines.received} == {"zoom-mcp"}
    retry = next(line for line in lines.received if "retry 1 of" in str(line.data["message"]))
    assert retry.level == "warning"
    assert retry.data["method"] == "GET" and retry.data["path"] == path and retry.data["wait_seconds"] == 0.2
    assert any("Fetched the Zoom access token" in text for text in lines.messages("info"))
    error = next(line for line in lines.received if line.data.get("status") == 404 and "zoom_code" in line.data)
    assert error.level == "warning" and error.data["zoom_code"] == 3001 and MISSING_MEETING in error.data["message"]
    assert any(f"GET {path} -> 200" in text for text in lines.messages("debug"))
    assert secrets and not any(secret in lines.text() for secret in secrets)


async def test_set_level_is_remembered_per_session(sandbox: RunningSandbox) -> None:
    verbose, quiet, default = Lines(), Lines(), Lines()
    async with connect(sandbox, "legacy", client_options={"logging_callback": verbose}) as (first, runtime):
        server = build_server(runtime)  # a second and third session on the same runtime
        async with (
            Client(server, mode="legacy", logging_callback=quiet) as second,
            Client(server, mode="legacy", logging_callback=default) as third,
        ):
            await set_level(first, "debug")
            await set_level(second, "error")
            for client in (first, second, third):
                await client.call_tool("meeting_get", {"meetingId": MISSING_MEETING})
    assert {"debug", "warning"} <= verbose.levels()
    assert quiet.received == []  # a Zoom 404 is a warning: below this session's level
    assert "warning" in default.levels() and "debug" not in default.levels()  # default level: info


async def test_modern_era_requests_receive_log_lines_only_when_they_opt_in(sandbox: RunningSandbox) -> None:
    opted, silent = Lines(), Lines()
    async with connect(sandbox, "modern", client_options=options("modern", opted, "warning")) as (client, _):
        await client.call_tool("meeting_get", {"meetingId": MISSING_MEETING})
    async with connect(sandbox, "modern", client_options={"logging_callback": silent}) as (client, _):
        await client.call_tool("meeting_get", {"meetingId": MISSING_MEETING})
        with pytest.raises(MCPError):  # logging/setLevel is gone in 2026-07-28: the opt-in is per request
            await set_level(client, "debug")
    assert opted.levels() == {"warning"}  # at or above the requested level only
    assert silent.received == []


@pytest.mark.parametrize("era", ERAS)
async def test_confirmation_outcomes_are_logged_without_the_token(sandbox: RunningSandbox, era: str) -> None:
    lines = Lines()
    policy = CallerPolicy(name="token-mode", confirm="token")
    async with connect(sandbox, era, policy=policy, client_options=options(era, lines, "info")) as (client, _):
        preview = await client.call_tool("meeting_delete", {"meetingId": str(SCHEDULED_MEETING_ID)})
        token = preview.structured_content["confirmation_token"] if preview.structured_content else None
        assert isinstance(token, str) and token
        deleted = await client.call_tool(
            "meeting_delete", {"meetingId": str(SCHEDULED_MEETING_ID), "confirmation_token": token}
        )
    assert not deleted.is_error, deleted.content
    confirmations = [text for text in lines.messages() if text.startswith("Confirmation for meeting_delete")]
    assert confirmations == [
        "Confirmation for meeting_delete: preview (gate token); nothing was sent to Zoom.",
        "Confirmation for meeting_delete: token accepted (gate token); the call proceeds.",
    ]
    assert token not in lines.text()
