"""The real zoom-mcp server (build_server on the sandbox Zoom) behind the HTTP endpoint with API keys.

The issue's "done when": unauthenticated clients get nothing, a read-only key lists only read tools, a
full key deletes a meeting only after confirmation, and /mcp and /sse both work with the SDK's client.
What reached Zoom is read from the sandbox's request log.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.client.sse import sse_client
from mcp.shared.exceptions import MCPError
from mcp_http_client import bearer, mcp_client
from mcp_types import ElicitRequestParams, ElicitResult, InputRequiredResult, InputResponses

from zoom_mcp.auth.api_keys import hash_api_key
from zoom_mcp.metrics import Metrics
from zoom_mcp.sandbox import SandboxConfig, running_sandbox_async
from zoom_mcp.sandbox.runner import RunningSandbox
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings
from zoom_mcp.transports.http import RunningHttpServer, running_http_server
from zoom_mcp.transports.settings import HttpSettings

pytestmark = pytest.mark.anyio

FULL_KEY = "zmcp_full-key-e2e"
READER_KEY = "zmcp_reader-key-e2e"
MEETING_ID = "85746065001"


@asynccontextmanager
async def zoom_mcp_over_http(
    tmp_path: Path, sandbox: RunningSandbox | None = None
) -> AsyncIterator[tuple[RunningHttpServer, RunningSandbox, Metrics]]:
    """zoom-mcp behind the HTTP endpoint (keys: ops = full, reader = read-only) on a sandbox Zoom (new or given)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    keys = tmp_path / "keys.yaml"
    keys.write_text(
        "keys:\n"
        f"  - {{name: ops, key_sha256: {hash_api_key(FULL_KEY)}, policy: {{confirm: elicit}}}}\n"
        f"  - {{name: reader, key_sha256: {hash_api_key(READER_KEY)}, policy: {{read_only: true}}}}\n"
    )
    config = SandboxConfig(account_type="master")
    metrics = Metrics()
    async with AsyncExitStack() as stack:
        if sandbox is None:
            sandbox = await stack.enter_async_context(running_sandbox_async(config))
        zoom = sandbox_zoom_settings(sandbox)
        async with open_runtime(RuntimeOptions(zoom=zoom, metrics=metrics)) as runtime:
            server = build_server(runtime)
            settings = HttpSettings(port=0, api_keys_file=keys)
            async with running_http_server(
                server, settings, metrics=metrics, default_caller=runtime.default_caller
            ) as running:
                yield running, sandbox, metrics


def _answer(accept: bool) -> Any:
    async def callback(context: Any, params: ElicitRequestParams) -> ElicitResult:
        if not accept:
            return ElicitResult(action="decline")
        schema: dict[str, Any] = getattr(params, "requested_schema", {}) or {}
        content: dict[str, Any] = {"confirm": True}
        if "confirm_id" in schema.get("properties", {}):
            content["confirm_id"] = MEETING_ID
        return ElicitResult(action="accept", content=content)

    return callback


def _zoom_deletes(sandbox: RunningSandbox) -> list[dict[str, Any]]:
    return [entry for entry in sandbox.requests() if entry["method"] == "DELETE"]


async def test_unauthenticated_clients_get_nothing_and_zoom_sees_nothing(tmp_path: Path) -> None:
    async with zoom_mcp_over_http(tmp_path) as (running, sandbox, _):
        before = len(sandbox.requests())
        async with httpx2.AsyncClient(base_url=running.base_url) as http:
            body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
            headers = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
            listed = await http.post("/mcp", json=body, headers=headers)
            sse = await http.get("/sse")
        assert listed.status_code == 401 and sse.status_code == 401
        assert "tools" not in listed.text
        assert len(sandbox.requests()) == before


async def test_a_read_only_key_lists_only_read_tools_over_mcp_and_sse(tmp_path: Path) -> None:
    async with zoom_mcp_over_http(tmp_path) as (running, _sandbox, _):
        async with mcp_client(running.mcp_url, bearer(READER_KEY), mode="legacy") as client:
            tools = (await client.list_tools()).tools
            listed = await client.call_tool("meetings_list", {"userId": "me"})
        headers = {"x-api-key": READER_KEY}
        async with Client(sse_client(running.sse_url, headers=headers), mode="legacy") as client:
            sse_tools = (await client.list_tools()).tools
    assert tools and all(tool.annotations and tool.annotations.read_only_hint for tool in tools)
    assert "meeting_delete" not in {tool.name for tool in tools}
    assert {tool.name for tool in sse_tools} == {tool.name for tool in tools}
    assert not listed.is_error


async def test_streamable_http_and_sse_declare_the_same_resource_capabilities(tmp_path: Path) -> None:
    """Both HTTP transports declare what the server does with resources: `subscribe` (updates are sent) and
    `listChanged: false` (no resources/list_changed is ever sent), as stdio does."""
    async with zoom_mcp_over_http(tmp_path) as (running, _sandbox, _):
        async with mcp_client(running.mcp_url, bearer(READER_KEY), mode="legacy") as client:
            streamable = client.server_capabilities.resources
        async with Client(sse_client(running.sse_url, headers={"x-api-key": READER_KEY}), mode="legacy") as client:
            sse = client.server_capabilities.resources
    assert streamable is not None and sse is not None
    assert streamable.subscribe is True and sse.subscribe is True
    assert streamable.list_changed is False and sse.list_changed is False


async def test_a_full_key_deletes_a_meeting_only_after_confirmation(tmp_path: Path) -> None:
    async with zoom_mcp_over_http(tmp_path) as (running, sandbox, metrics):
        async with mcp_client(
            running.mcp_url, bearer(FULL_KEY), mode="legacy", elicitation_callback=_answer(False)
        ) as c:
            declined = await c.call_tool("meeting_delete", {"meetingId": MEETING_ID})
        assert declined.is_error and _zoom_deletes(sandbox) == []
        async with mcp_client(running.mcp_url, bearer(FULL_KEY), elicitation_callback=_answer(True)) as client:
            deleted = await client.call_tool("meeting_delete", {"meetingId": MEETING_ID})
        deletes = _zoom_deletes(sandbox)
    assert not deleted.is_error, deleted.content
    assert len(deletes) == 1 and MEETING_ID in deletes[0]["path"]
    assert metrics.confirmation_count("asked") >= 1  # the modern-era round trip; see the report on handshake asks
    assert metrics.confirmation_count("given") == 1
    assert metrics.confirmation_count("declined") == 1


async def test_a_confirmation_asked_by_one_replica_is_accepted_by_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stateless replicas behind a load balancer: the sealed request_state must open on any replica that has
    # the same ZOOM_MCP_CONFIRM_KEYS, and the caller binding must hold across them.
    monkeypatch.setenv("ZOOM_MCP_CONFIRM_KEYS", "k" * 40)
    async with (
        zoom_mcp_over_http(tmp_path / "a") as (replica_a, sandbox, _),
        zoom_mcp_over_http(tmp_path / "b", sandbox=sandbox) as (replica_b, _same, _metrics),
        mcp_client(replica_a.mcp_url, bearer(FULL_KEY), mode="2026-07-28", elicitation_callback=_answer(True)) as on_a,
        mcp_client(replica_b.mcp_url, bearer(FULL_KEY), mode="2026-07-28", elicitation_callback=_answer(True)) as on_b,
        mcp_client(
            replica_b.mcp_url, bearer(READER_KEY), mode="2026-07-28", elicitation_callback=_answer(True)
        ) as other,
    ):
        asked = await on_a.session.call_tool("meeting_delete", {"meetingId": MEETING_ID}, allow_input_required=True)
        assert isinstance(asked, InputRequiredResult) and asked.request_state
        content: dict[str, Any] = {"confirm": True, "confirm_id": MEETING_ID}
        answer: InputResponses = {"confirm": ElicitResult(action="accept", content=content)}
        with pytest.raises(MCPError, match="requestState"):  # sealed for the ops key, not the reader key
            await other.session.call_tool(
                "meeting_delete", {"meetingId": MEETING_ID}, input_responses=answer, request_state=asked.request_state
            )
        assert _zoom_deletes(sandbox) == []
        done = await on_b.session.call_tool(
            "meeting_delete", {"meetingId": MEETING_ID}, input_responses=answer, request_state=asked.request_state
        )
    assert not done.is_error, done.content
    assert len(_zoom_deletes(sandbox)) == 1
