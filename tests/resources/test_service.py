"""Resources through the SDK's real `Client` (both eras) against a low-level server and the sandbox Zoom."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp import Client
from mcp.client.session import IncomingMessage
from mcp.server import Server
from mcp.shared.exceptions import MCPError
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    CompleteRequestParams,
    CompleteResult,
    Completion,
    ProgressNotification,
    PromptReference,
    ResourceTemplateReference,
)

from tests.resources.harness import MODES, harness
from zoom_mcp.resources import ResourceHandlers, build_uri
from zoom_mcp.sandbox import ForcedStatus, SandboxConfig
from zoom_mcp.sandbox.seed import (
    NO_SUMMARY_MEETING_UUID,
    RECORDED_MEETING_ID,
    RECORDED_MEETING_UUID,
    RECORDING_TRANSCRIPT_FILE_ID,
    SCHEDULED_MEETING_ID,
    SLASH_MEETING_UUID,
)

pytestmark = pytest.mark.anyio
SUMMARY_TEMPLATE = "zoom://meetings/{meetingId}/summary"


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def read_text(client: Client, uri: str) -> tuple[str, str | None]:
    result = await client.read_resource(uri)
    assert len(result.contents) == 1 and result.contents[0].uri == uri
    content = result.contents[0]
    return getattr(content, "text", ""), content.mime_type


async def test_read_summary_transcript_and_recordings_of_the_recorded_meeting(mode: str) -> None:
    async with harness() as h, Client(h.server, mode=mode, cache=None) as client:
        assert client.protocol_version == ("2025-11-25" if mode == "legacy" else "2026-07-28")
        summary, summary_type = await read_text(client, build_uri("summary", RECORDED_MEETING_UUID))
        transcript, transcript_type = await read_text(client, build_uri("transcript", RECORDED_MEETING_ID))
        recordings, recordings_type = await read_text(client, build_uri("recordings", RECORDED_MEETING_UUID))
    assert (summary_type, transcript_type, recordings_type) == ("text/markdown", "text/plain", "application/json")
    assert summary.startswith("# Quarterly planning review\n")
    assert "- **Host:** owner@sandbox.example.com" in summary and "- **Time:** 2026-01-10 15:00" in summary
    assert "### Next steps\n- Alice sends the Q3 report by Friday." in summary
    lines = transcript.splitlines()
    assert lines[0] == "[00:00:01] Olivia Owner: Good morning everyone, let's start the quarterly planning review."
    assert lines[-1] == "[00:00:22] Alice Analyst: Will do."
    files = json.loads(recordings)["recording_files"]
    assert sorted(f["file_type"] for f in files) == ["CC", "MP4", "TRANSCRIPT"]
    assert "download_access_token" not in recordings and "sandbox-download-token" not in recordings
    assert "password" not in recordings and "recording_play_passcode" not in recordings
    paths = [r["path"] for r in h.sandbox.requests()]
    assert f"/rec/download/{RECORDING_TRANSCRIPT_FILE_ID}" in paths
    assert not any(
        p.startswith("/rec/download/") and p != f"/rec/download/{RECORDING_TRANSCRIPT_FILE_ID}" for p in paths
    )


async def test_uuid_with_a_slash_is_double_encoded_towards_zoom(mode: str) -> None:
    async with harness() as h, Client(h.server, mode=mode, cache=None) as client:
        uri = build_uri("summary", SLASH_MEETING_UUID)
        assert uri == "zoom://meetings/%2FajXp112QmuoKj4854875%3D%3D/summary"
        summary, _ = await read_text(client, uri)
    assert summary.startswith("# Design critique\n")
    assert "/v2/accounts/me/meetings/%252FajXp112QmuoKj4854875%253D%253D/meeting_summary" in [
        r["path"] for r in h.sandbox.requests()
    ]


async def test_list_resources_and_templates(mode: str) -> None:
    async with harness() as h, Client(h.server, mode=mode, cache=None) as client:
        listed = await client.list_resources()
        templates = await client.list_resource_templates()
    by_uri = {r.uri: r for r in listed.resources}
    recorded = by_uri[build_uri("summary", RECORDED_MEETING_UUID)]
    assert recorded.name == "Quarterly planning review"
    assert recorded.title == "Summary: Quarterly planning review (2026-01-10 15:00 UTC)"
    assert recorded.mime_type == "text/markdown" and "owner@sandbox.example.com" in (recorded.description or "")
    assert build_uri("summary", SLASH_MEETING_UUID) in by_uri
    assert listed.next_cursor is None
    assert sorted(t.uri_template for t in templates.resource_templates) == [
        "zoom://meetings/{meetingId}/recordings",
        SUMMARY_TEMPLATE,
        "zoom://meetings/{meetingId}/transcript",
    ]
    summaries_call = next(r for r in h.sandbox.requests() if r["path"].endswith("/meeting_summaries"))
    assert "from=" in summaries_call["query"] and "to=" in summaries_call["query"]


async def test_an_invalid_cursor_is_refused(mode: str) -> None:
    async with harness() as h, Client(h.server, mode=mode, cache=None) as client:
        with pytest.raises(MCPError) as caught:
            await client.list_resources(cursor="garbage!")
    assert caught.value.code == INVALID_PARAMS and "cursor" in caught.value.message
    assert h.sandbox.requests() == []


async def test_complete_meeting_id_from_recent_meetings(mode: str) -> None:
    ref = ResourceTemplateReference(uri=SUMMARY_TEMPLATE)
    async with harness() as h, Client(h.server, mode=mode, cache=None) as client:
        numeric = await client.complete(ref, {"name": "meetingId", "value": "857460650"})
        by_topic = await client.complete(ref, {"name": "meetingId", "value": "quarterly"})
        by_uuid = await client.complete(ref, {"name": "meetingId", "value": "/ajX"})
        everything = await client.complete(ref, {"name": "meetingId", "value": ""})
        other_argument = await client.complete(ref, {"name": "other", "value": ""})
        prompt = await client.complete(PromptReference(name="recap"), {"name": "meetingId", "value": ""})
    assert set(numeric.completion.values) == {"85746065004", "85746065005", "85746065006"}
    assert by_topic.completion.values == [RECORDED_MEETING_UUID, str(RECORDED_MEETING_ID)]
    assert by_uuid.completion.values == [SLASH_MEETING_UUID]
    assert set(everything.completion.values) == {RECORDED_MEETING_UUID, SLASH_MEETING_UUID, NO_SUMMARY_MEETING_UUID}
    assert everything.completion.total == 3 and not everything.completion.has_more
    assert other_argument.completion.values == [] and prompt.completion.values == []
    assert h.sandbox.requests()  # completion asked Zoom


async def read_error(client: Client, uri: str) -> MCPError:
    with pytest.raises(MCPError) as caught:
        await client.read_resource(uri)
    return caught.value


def reason_of(error: MCPError) -> Any:
    return error.data.get("reason") if isinstance(error.data, dict) else None


async def test_unknown_uri_and_unknown_meeting_are_invalid_params(mode: str) -> None:
    async with harness() as h, Client(h.server, mode=mode, cache=None) as client:
        unknown = await read_error(client, "zoom://meetings/1/minutes")
        missing = await read_error(client, "zoom://meetings/123/summary")
    assert (unknown.code, reason_of(unknown)) == (INVALID_PARAMS, "unknown_uri")
    assert unknown.data["uri"] == "zoom://meetings/1/minutes"
    assert (missing.code, reason_of(missing)) == (INVALID_PARAMS, "meeting_not_found")
    assert "Meeting 123 was not found" in missing.message and "complete meetingId" in missing.message
    assert [r["path"] for r in h.sandbox.requests() if "/v2/" in r["path"]] == [
        "/v2/accounts/me/meetings/meeting_summaries",
        "/v2/accounts/me/recordings",
        "/v2/accounts/me/meetings/123/meeting_summary",
    ]


async def test_nothing_to_read_errors_say_why_and_what_to_do(mode: str) -> None:
    async with harness() as h, Client(h.server, mode=mode, cache=None) as client:
        no_recording = await read_error(client, build_uri("transcript", SCHEDULED_MEETING_ID))
        no_transcript = await read_error(client, build_uri("transcript", NO_SUMMARY_MEETING_UUID))
        no_summary = await read_error(client, build_uri("summary", NO_SUMMARY_MEETING_UUID))
        recording = h.sandbox.state.recordings[RECORDED_MEETING_UUID]
        next(f for f in recording["recording_files"] if f["file_type"] == "TRANSCRIPT")["status"] = "processing"
        next(f for f in recording["recording_files"] if f["file_type"] == "CC")["file_type"] = "CHAT"
        transcript_processing = await read_error(client, build_uri("transcript", RECORDED_MEETING_UUID))
        retro = h.sandbox.state.recordings[NO_SUMMARY_MEETING_UUID]
        retro["recording_files"][0]["status"] = "processing"
        recording_processing = await read_error(client, build_uri("transcript", NO_SUMMARY_MEETING_UUID))
    assert {e.code for e in (no_recording, no_transcript, no_summary, transcript_processing)} == {INTERNAL_ERROR}
    assert reason_of(no_recording) == "no_recording" and "has no cloud recording" in no_recording.message
    assert "Record the meeting to the cloud" in no_recording.message
    assert reason_of(no_transcript) == "no_transcript" and "audio transcription was off" in no_transcript.message
    assert "Create audio transcript" in no_transcript.message
    assert reason_of(no_summary) == "summary_unavailable" and "AI Companion" in no_summary.message
    assert "subscribe to this URI" in no_summary.message
    assert reason_of(transcript_processing) == "transcript_processing"
    assert "still being processed" in transcript_processing.message
    assert reason_of(recording_processing) == "recording_processing"


async def test_summaries_turned_off_is_explained(mode: str) -> None:
    forced = ForcedStatus(
        path=r"/meeting_summary$", regex=True, status=400, code=3000, message="Meeting summary disabled."
    )
    async with harness() as h, Client(h.server, mode=mode, cache=None) as client:
        h.sandbox.set_faults(forced=[forced])
        error = await read_error(client, build_uri("summary", RECORDED_MEETING_UUID))
    assert reason_of(error) == "summaries_disabled"
    assert "Meeting Summary with AI Companion" in error.message and "Meeting summary disabled" in error.message


async def test_missing_scope_names_the_scopes(mode: str) -> None:
    config = SandboxConfig(account_type="master", granted_scopes=frozenset({"recording:master"}))
    async with harness(config) as h, Client(h.server, mode=mode, cache=None) as client:
        error = await read_error(client, build_uri("summary", RECORDED_MEETING_UUID))
        transcript, _ = await read_text(client, build_uri("transcript", RECORDED_MEETING_UUID))
        with pytest.raises(MCPError) as listing:
            await client.list_resources()
    assert reason_of(listing.value) == "missing_scope"
    assert "Cannot list recent meeting summaries" in listing.value.message
    assert "meeting_summary:master or meeting:read:list_summaries:master" in listing.value.message
    assert reason_of(error) == "missing_scope" and error.code == INTERNAL_ERROR
    assert "meeting_summary:master or meeting:read:summary:master" in error.message
    assert "Zoom App Marketplace" in error.message
    assert transcript.startswith("[00:00:01] Olivia Owner:")
    assert h.sandbox.requests()


async def test_transcript_download_reports_progress_to_a_client_that_asks() -> None:
    progress: list[tuple[float, float | None, str | None]] = []

    async def on_message(message: IncomingMessage) -> None:
        if isinstance(message, ProgressNotification) and message.params.progress_token == "read-1":
            progress.append((message.params.progress, message.params.total, message.params.message))

    async with (
        harness() as h,
        Client(h.server, mode="legacy", cache=None, message_handler=on_message) as client,
    ):
        uri = build_uri("transcript", RECORDED_MEETING_UUID)
        await client.session.read_resource(uri, meta={"progressToken": "read-1"})
    size = len(h.sandbox.state.file_content[RECORDING_TRANSCRIPT_FILE_ID][0])
    assert progress[0][:2] == (0, size) and progress[-1][:2] == (size, size)
    assert progress[-1][2] == "Downloading the transcript from Zoom"


async def test_completion_for_other_references_goes_to_the_fallback() -> None:
    async def prompt_completion(ctx: Any, params: CompleteRequestParams) -> CompleteResult:
        return CompleteResult(completion=Completion(values=[f"prompt:{params.argument.value}"], total=1))

    async with harness() as h:
        kwargs = ResourceHandlers(h.service, h.registry).server_kwargs(completion_fallback=prompt_completion)
        async with Client(Server("fallback-test", **kwargs), cache=None) as client:
            prompt = await client.complete(PromptReference(name="recap"), {"name": "meetingId", "value": "x"})
            foreign = await client.complete(ResourceTemplateReference(uri="other://{id}"), {"name": "id", "value": "y"})
            ours = await client.complete(
                ResourceTemplateReference(uri=SUMMARY_TEMPLATE), {"name": "meetingId", "value": "85746065004"}
            )
    assert prompt.completion.values == ["prompt:x"] and foreign.completion.values == ["prompt:y"]
    assert ours.completion.values == ["85746065004"]
