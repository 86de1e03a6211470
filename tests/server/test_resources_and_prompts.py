"""Resources, prompts and completion through the assembled server (the real runtime) in both eras."""

from __future__ import annotations

import json

import pytest
from mcp import MCPError
from mcp_types import PromptReference, ResourceTemplateReference

from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import NO_SUMMARY_MEETING_ID, RECORDED_MEETING_ID, RECORDED_MEETING_UUID

from .harness import ERAS, connect

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("era", ERAS)
async def test_summary_transcript_and_recordings_of_a_seeded_meeting(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _):
        summary = await client.read_resource(f"zoom://meetings/{RECORDED_MEETING_UUID}/summary")
        text = summary.contents[0].text  # type: ignore[union-attr]
        assert text.startswith("# ") and "Next steps" in text
        transcript = await client.read_resource(f"zoom://meetings/{RECORDED_MEETING_ID}/transcript")
        lines = transcript.contents[0].text.splitlines()  # type: ignore[union-attr]
        assert lines and all(line.startswith("[") and "] " in line for line in lines)
        recordings = await client.read_resource(f"zoom://meetings/{RECORDED_MEETING_ID}/recordings")
        body = recordings.contents[0].text  # type: ignore[union-attr]
        files = json.loads(body)
        assert files and "access_token" not in body and "download_access_token" not in body
    downloads = [r for r in sandbox.requests() if r["path"].startswith("/rec/")]
    assert downloads and all(r["status"] == 200 for r in downloads)


@pytest.mark.parametrize("era", ERAS)
async def test_missing_summary_error_says_why(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _):
        with pytest.raises(MCPError) as raised:
            await client.read_resource(f"zoom://meetings/{NO_SUMMARY_MEETING_ID}/summary")
    assert "summary" in str(raised.value).lower()


@pytest.mark.parametrize("era", ERAS)
async def test_resources_are_listed_with_templates_and_meeting_ids_complete(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _):
        templates = await client.list_resource_templates()
        uris = {t.uri_template for t in templates.resource_templates}
        assert {
            "zoom://meetings/{meetingId}/summary",
            "zoom://meetings/{meetingId}/transcript",
            "zoom://meetings/{meetingId}/recordings",
        } <= uris
        listed = await client.list_resources()
        assert any(r.uri.endswith("/summary") for r in listed.resources)
        completion = await client.complete(
            ResourceTemplateReference(type="ref/resource", uri="zoom://meetings/{meetingId}/summary"),
            {"name": "meetingId", "value": ""},
        )
        assert completion.completion.values


@pytest.mark.parametrize("era", ERAS)
async def test_prompts_render_with_arguments_and_complete(sandbox: RunningSandbox, era: str) -> None:
    async with connect(sandbox, era) as (client, _):
        prompts = await client.list_prompts()
        names = {p.name for p in prompts.prompts}
        assert {
            "recap_meeting",
            "schedule_meeting",
            "run_live_meeting",
            "post_webinar_report",
            "recording_cleanup",
            "account_usage_review",
        } <= names
        recap = await client.get_prompt("recap_meeting", {"meetingId": str(RECORDED_MEETING_ID)})
        rendered = json.dumps([m.model_dump(mode="json") for m in recap.messages])
        assert str(RECORDED_MEETING_ID) in rendered and "zoom://meetings/" in rendered
        completion = await client.complete(
            PromptReference(type="ref/prompt", name="recap_meeting"), {"name": "meetingId", "value": ""}
        )
        assert completion.completion.values
