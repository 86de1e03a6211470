"""Every door follows the caller's policy: the attack run against the hosted endpoint, replayed.

The real server over the sandbox Zoom, behind the hosted endpoint with API keys; the SDK's real Client in
both eras. A key limited to `meetings_list` reads no transcript, summary or recording list through
resources, completions or prompts, and nothing reaches Zoom for it; calls per minute count resources too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp_http_client import INIT_BODY, MCP_HEADERS, bearer, mcp_client
from mcp_types import PromptReference, ResourceTemplateReference

from zoom_mcp.auth.api_keys import hash_api_key
from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.sandbox.seed import RECORDED_MEETING_ID, RECORDED_MEETING_UUID
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings
from zoom_mcp.transports.http import RunningHttpServer, running_http_server
from zoom_mcp.transports.settings import HttpSettings

pytestmark = pytest.mark.anyio

ERAS = ["legacy", "auto"]
VARIANTS = ["master", "regular"]
KEYS = {
    "everything": "zmcp_everything-key-for-tests",
    "meetings-only": "zmcp_meetings-only-key-for-tests",
    "recordings": "zmcp_recordings-key-for-tests",
    "limited": "zmcp_limited-key-for-tests",
}
POLICIES = {
    "everything": "{}",
    "meetings-only": "{tools: [meetings_list]}",
    "recordings": "{toolsets: [cloud_recording]}",
    "limited": "{calls_per_minute: 3}",
}
URIS = {
    "summary": f"zoom://meetings/{RECORDED_MEETING_UUID}/summary",
    "transcript": f"zoom://meetings/{RECORDED_MEETING_ID}/transcript",
    "recordings": f"zoom://meetings/{RECORDED_MEETING_ID}/recordings",
}


@pytest.fixture(scope="module", params=VARIANTS)
def served(request: pytest.FixtureRequest) -> Iterator[RunningSandbox]:
    """A sandbox of each account type; the server speaks the matching catalogue (`variant_of`)."""
    with running_sandbox(SandboxConfig(account_type=request.param)) as running:
        yield running


@pytest.fixture
def sandbox(served: RunningSandbox) -> RunningSandbox:
    served.reset()
    served.clear_requests()
    return served


def variant_of(sandbox: RunningSandbox) -> str:
    return str(sandbox.config.account_type)


def tools_reached(sandbox: RunningSandbox) -> list[str]:
    """The tools whose Zoom operation the sandbox received (by operationId, in the served catalogue)."""
    by_operation = {t.operation_id: t.name for t in load_catalog(variant=variant_of(sandbox)).tools}
    api = [r for r in sandbox.requests() if str(r["path"]).startswith("/v2/")]  # not token or file downloads
    return [by_operation.get(str(r.get("operationId")), str(r.get("operationId"))) for r in api]


@pytest.fixture
def keys_file(tmp_path: Path) -> Path:
    lines = ["keys:"]
    for name, key in KEYS.items():
        lines += [f"  - name: {name}", f"    key_sha256: {hash_api_key(key)}", f"    policy: {POLICIES[name]}"]
    path = tmp_path / "keys.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@asynccontextmanager
async def endpoint(sandbox: RunningSandbox, keys_file: Path, **settings: Any) -> AsyncIterator[RunningHttpServer]:
    options = RuntimeOptions(
        catalog=load_catalog(variant=variant_of(sandbox)),
        zoom=sandbox_zoom_settings(sandbox),
        policy=CallerPolicy(name="local"),
        default_account_id=sandbox.config.account_id,
        download_hosts=(sandbox.root_url.split("://", 1)[1],),
    )
    async with (
        open_runtime(options) as runtime,
        running_http_server(
            build_server(runtime),
            HttpSettings(port=0, api_keys_file=keys_file, **settings),
            metrics=runtime.metrics,
            default_caller=runtime.default_caller,
            confirmations=runtime.links,
        ) as running,
    ):
        yield running


def as_caller(running: RunningHttpServer, name: str, era: str) -> AbstractAsyncContextManager[Client]:
    return mcp_client(running.mcp_url, bearer(KEYS[name]), mode="legacy" if era == "legacy" else "auto", cache=None)


@pytest.mark.parametrize("era", ERAS)
async def test_a_key_limited_to_meetings_list_reads_nothing_else(
    sandbox: RunningSandbox, keys_file: Path, era: str
) -> None:
    async with endpoint(sandbox, keys_file) as running, as_caller(running, "meetings-only", era) as client:
        for uri in URIS.values():
            with pytest.raises(MCPError) as refused:
                await client.read_resource(uri)
            assert "not available to this caller" in refused.value.error.message
            assert (refused.value.error.data or {}).get("reason") == "not_allowed"
        templates = (await client.list_resource_templates()).resource_templates
        listed = (await client.list_resources()).resources
        prompts = {p.name for p in (await client.list_prompts()).prompts}
        with pytest.raises(MCPError, match="not available to this caller"):
            await client.get_prompt("recap_meeting", {"meetingId": str(RECORDED_MEETING_ID)})
        completed = await client.complete(
            ResourceTemplateReference(uri="zoom://meetings/{meetingId}/transcript"), {"name": "meetingId", "value": ""}
        )
        prompt_completion = await client.complete(
            PromptReference(name="recap_meeting"), {"name": "meetingId", "value": "8"}
        )
        allowed = await client.call_tool("meetings_list", {"userId": "me"})
    assert templates == [] and listed == []
    assert "recap_meeting" not in prompts and "recording_cleanup" not in prompts
    assert completed.completion.values == [] and prompt_completion.completion.values == []
    assert not allowed.is_error
    assert tools_reached(sandbox) == ["meetings_list"]  # only the allowed tool reached Zoom


@pytest.mark.parametrize("era", ERAS)
async def test_each_resource_needs_exactly_the_tools_it_draws_on(
    sandbox: RunningSandbox, keys_file: Path, era: str
) -> None:
    async with endpoint(sandbox, keys_file) as running:
        async with as_caller(running, "recordings", era) as client:
            transcript = await client.read_resource(URIS["transcript"])
            recordings = await client.read_resource(URIS["recordings"])
            with pytest.raises(MCPError, match="meeting_summary_get"):
                await client.read_resource(URIS["summary"])
            templates = {t.name for t in (await client.list_resource_templates()).resource_templates}
            completion = await client.complete(
                ResourceTemplateReference(uri="zoom://meetings/{meetingId}/recordings"),
                {"name": "meetingId", "value": ""},
            )
        recording_only = tools_reached(sandbox)
        sandbox.clear_requests()
        async with as_caller(running, "everything", era) as client:
            summary = await client.read_resource(URIS["summary"])
            prompt = await client.get_prompt("recap_meeting", {"meetingId": str(RECORDED_MEETING_ID)})
    assert "Speaker" in transcript.contents[0].text or transcript.contents[0].text  # type: ignore[union-attr]
    assert recordings.contents and summary.contents and prompt.messages
    assert templates == {"meeting_transcript", "meeting_recordings"}
    assert completion.completion.values  # from the recordings list, which this key may call
    assert set(recording_only) <= {
        "recording_get",
        "account_recordings_list",
        "recordings_list",
        "meeting_transcript_get",
    }
    assert "recording_get" in recording_only and "meeting_summary_get" not in recording_only


async def test_resources_count_toward_the_callers_calls_per_minute(sandbox: RunningSandbox, keys_file: Path) -> None:
    async with endpoint(sandbox, keys_file) as running, as_caller(running, "limited", "legacy") as client:
        for _ in range(3):
            await client.read_resource(URIS["recordings"])
        reached = len(sandbox.requests())
        with pytest.raises(MCPError) as limited:
            await client.read_resource(URIS["transcript"])
        with pytest.raises(MCPError):
            await client.get_prompt("recap_meeting", {"meetingId": str(RECORDED_MEETING_ID)})
        tool = await client.call_tool("meetings_list", {"userId": "me"})
    assert "Rate limit reached (HTTP 429)" in limited.value.error.message
    assert (limited.value.error.data or {})["zoom-mcp/http-status"] == 429
    assert tool.is_error and "Rate limit reached" in tool.content[0].text  # type: ignore[union-attr]
    assert len(sandbox.requests()) == reached  # nothing more reached Zoom once over the limit


async def test_sessions_are_capped_per_caller(sandbox: RunningSandbox, keys_file: Path) -> None:

    async def open_session(http: httpx2.AsyncClient, name: str) -> httpx2.Response:
        return await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "authorization": f"Bearer {KEYS[name]}"})

    async with (
        endpoint(sandbox, keys_file, max_sessions_per_caller=2, max_sessions=10) as running,
        httpx2.AsyncClient(base_url=running.base_url) as http,
    ):
        first, second = await open_session(http, "limited"), await open_session(http, "limited")
        third = await open_session(http, "limited")
        other = await open_session(http, "everything")  # another caller is not starved
        closed = await http.delete(
            "/mcp",
            headers={"authorization": f"Bearer {KEYS['limited']}", "mcp-session-id": first.headers["mcp-session-id"]},
        )
        after_close = await open_session(http, "limited")  # a closed session frees its slot
    assert (first.status_code, second.status_code, other.status_code) == (200, 200, 200)
    assert third.status_code == 503 and "Too many open sessions for caller 'key:limited'" in third.text
    assert closed.status_code in (200, 204) and after_close.status_code == 200
