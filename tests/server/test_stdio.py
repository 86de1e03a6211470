"""`zoom-mcp serve` as a subprocess over stdio, driven by the SDK's real Client in both eras:
on the embedded sandbox (no credentials), and on real-style credentials pointing at a sandbox."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from zoom_mcp.sandbox import ForcedStatus, RunningSandbox
from zoom_mcp.sandbox.seed import OWNER_ID, SCHEDULED_MEETING_ID
from zoom_mcp.server.sandbox_wiring import sandbox_variables

from .harness import ERAS

pytestmark = pytest.mark.anyio

ZOOM_VARIABLES = (
    "ZOOM_ACCOUNT_ID",
    "ZOOM_CLIENT_ID",
    "ZOOM_CLIENT_SECRET",
    "ZOOM_ACCESS_TOKEN",
    "ZOOM_API_BASE_URL",
    "ZOOM_OAUTH_URL",
)


def server_params(args: list[str], env: dict[str, str] | None = None) -> StdioServerParameters:
    base = {k: v for k, v in os.environ.items() if k not in ZOOM_VARIABLES}
    base.update(env or {})
    return StdioServerParameters(command=sys.executable, args=["-m", "zoom_mcp", "serve", *args], env=base)


def text_of(result: object) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)  # type: ignore[attr-defined]


def mode(era: str) -> str:
    return "legacy" if era == "legacy" else "auto"


@pytest.mark.parametrize("era", ERAS)
async def test_serve_without_credentials_runs_on_the_sandbox(era: str, tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    params = server_params(["--sandbox-request-log", str(log), "--tool-mode", "all"])
    async with Client(params, mode=mode(era)) as client:  # type: ignore[arg-type]
        tools = await client.list_tools()
        names = {tool.name for tool in tools.tools}
        assert {"meeting_create", "meeting_get", "meetings_list", "live_recording_start"} <= names
        assert len(names) >= 159
        created = await client.call_tool("meeting_create", {"userId": OWNER_ID, "topic": "Over stdio", "type": 2})
        assert not created.is_error, text_of(created)
        fetched = await client.call_tool("meeting_get", {"meetingId": str(created.structured_content["id"])})
        assert fetched.structured_content["topic"] == "Over stdio"
        bad = await client.call_tool("meeting_create", {"userId": OWNER_ID, "type": "soon"})
        assert bad.is_error and "type" in text_of(bad)
        missing = await client.call_tool("meeting_get", {"meetingId": "99999999999"})
        assert missing.is_error and "3001" in text_of(missing)
    assert '"method": "POST"' in log.read_text() or '"method":"POST"' in log.read_text()


async def test_serve_says_on_stderr_that_it_uses_the_sandbox(tmp_path: Path) -> None:
    errlog_path = tmp_path / "stderr.txt"
    with errlog_path.open("w") as errlog:
        from mcp.client.stdio import stdio_client

        async with Client(stdio_client(server_params([]), errlog=errlog), mode="legacy") as client:
            await client.list_tools()
    assert "sandbox" in errlog_path.read_text()


@pytest.mark.parametrize("era", ERAS)
async def test_serve_with_credentials_reports_zoom_errors_as_tool_errors(sandbox: RunningSandbox, era: str) -> None:
    config = sandbox.config
    path = f"/accounts/{config.account_id}/meetings/{SCHEDULED_MEETING_ID}"
    sandbox.set_faults(forced=[ForcedStatus(path=path, status=429, retry_after=0)])
    async with Client(server_params([], sandbox_variables(sandbox)), mode=mode(era)) as client:  # type: ignore[arg-type]
        limited = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
        assert limited.is_error and "429" in text_of(limited)
        sandbox.set_faults()
        ok = await client.call_tool("meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
        assert not ok.is_error, text_of(ok)
    assert config.client_secret not in text_of(limited)
    hits = [r for r in sandbox.requests() if r["path"] == "/v2" + path]
    assert len(hits) >= 2 and hits[0]["status"] == 429


@pytest.mark.parametrize("era", ERAS)
async def test_a_client_with_no_flags_finds_describes_and_calls_with_confirmation(era: str, tmp_path: Path) -> None:
    """The issue's "done when": default discover mode over stdio, a gated call confirmed by the person."""
    import json

    from mcp_types import ElicitResult

    from zoom_mcp.sandbox.seed import WEBINAR_ID

    log = tmp_path / "requests.jsonl"
    answers: list[str] = []

    async def person(context: object, params: object) -> ElicitResult:
        # the request must not have reached Zoom while the person is being asked
        assert not [r for r in sent(log) if r["method"] == "DELETE"]
        answers.append(str(getattr(params, "message", "")))
        return ElicitResult(action="accept", content={"confirm": True})

    def sent(path: Path) -> list[dict[str, object]]:
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []

    params = server_params(["--sandbox-request-log", str(log)])
    async with Client(params, mode=mode(era), elicitation_callback=person) as client:  # type: ignore[arg-type]
        tools = await client.list_tools()
        payload = {"tools": [t.model_dump(by_alias=True, exclude_none=True, mode="json") for t in tools.tools]}
        assert len(json.dumps(payload, separators=(",", ":")).encode()) <= 32_000
        found = await client.call_tool(
            "zoom_search_tools", {"query": "remove the registrant jane@example.com from webinar 123"}
        )
        names = [hit["name"] for hit in found.structured_content["tools"]]
        assert "webinar_registrant_delete" in names[:3], names
        described = await client.call_tool("zoom_describe_tools", {"names": ["webinar_registrant_delete"]})
        assert described.structured_content["tools"][0]["inputSchema"]["required"] == ["webinarId", "registrantId"]
        registrants = await client.call_tool(
            "zoom_call_read_tool", {"name": "webinar_registrants_list", "arguments": {"webinarId": str(WEBINAR_ID)}}
        )
        registrant = registrants.structured_content["registrants"][0]["id"]
        deleted = await client.call_tool(
            "zoom_call_tool",
            {
                "name": "webinar_registrant_delete",
                "arguments": {"webinarId": str(WEBINAR_ID), "registrantId": registrant},
            },
        )
        assert not deleted.is_error, text_of(deleted)
    assert len(answers) == 1
    deletes = [r for r in sent(log) if r["method"] == "DELETE"]
    assert len(deletes) == 1 and str(deletes[0]["path"]).endswith(f"/webinars/{WEBINAR_ID}/registrants/{registrant}")


async def test_all_mode_lists_every_tool_and_warns_about_clients_with_a_cap(tmp_path: Path) -> None:
    from mcp.client.stdio import stdio_client

    errlog_path = tmp_path / "stderr.txt"
    with errlog_path.open("w") as errlog:
        params = server_params(["--tool-mode", "all"])
        async with Client(stdio_client(params, errlog=errlog), mode="legacy") as client:
            tools = await client.list_tools()
    assert len(tools.tools) >= 159 + 11
    stderr = errlog_path.read_text()
    assert "128" in stderr and "--tool-mode discover" in stderr


async def test_toolsets_mode_over_stdio_declares_tools_list_changed() -> None:
    """Toolsets mode declares `tools.listChanged: true` in the handshake; the resources capability stays, with
    `subscribe` (updates are sent) and `listChanged: false` (the server never sends resources/list_changed)."""
    async with Client(server_params(["--tool-mode", "toolsets"]), mode="legacy") as client:  # type: ignore[arg-type]
        capabilities = client.server_capabilities
    assert capabilities.tools is not None and capabilities.tools.list_changed is True
    assert capabilities.resources is not None and capabilities.resources.subscribe is True
    assert capabilities.resources.list_changed is False


async def test_selection_flags_name_curated_tools_too() -> None:
    """The curated in-meeting tools are served beside the catalogue, so --tools / --exclude-tools accept them."""
    only = server_params(["--tool-mode", "all", "--tools", "live_recording_start,meeting_get"])
    async with Client(only, mode="legacy") as client:  # type: ignore[arg-type]
        names = {tool.name for tool in (await client.list_tools()).tools}
    assert names == {"live_recording_start", "meeting_get"}
    without = server_params(["--tool-mode", "all", "--exclude-tools", "ai_companion_disable"])
    async with Client(without, mode="legacy") as client:  # type: ignore[arg-type]
        names = {tool.name for tool in (await client.list_tools()).tools}
    assert "ai_companion_disable" not in names and "ai_companion_stop" in names
