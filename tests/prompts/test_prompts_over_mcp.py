"""Prompts served by a low-level Server with our handlers, driven by the SDK's real Client in both eras."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import pytest
from mcp import Client
from mcp.server import Server
from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS, PromptReference, ResourceLink, ResourceTemplateReference, TextContent

from zoom_mcp.prompts import PromptService, completion_handler, get_prompt_handler, list_prompts_handler

SAMPLE_ARGUMENTS: dict[str, dict[str, str]] = {
    "recap_meeting": {"meetingId": "85746065432", "audience": "executives"},
    "schedule_meeting": {
        "topic": "Quarterly planning",
        "start_time": "2026-12-01T15:00:00",
        "host": "host@example.com",
        "invitees": "a@example.com, b@example.com",
    },
    "run_live_meeting": {"meetingId": "85746065432", "record": "no", "ai_companion": "summary"},
    "post_webinar_report": {"webinarId": "91234567890", "format": "brief"},
    "recording_cleanup": {"older_than_days": "90", "action": "delete"},
    "account_usage_review": {"from": "2026-10-01", "to": "2026-10-31", "focus": "licenses"},
}

KNOWN_MEETINGS = ["85746065432", "85746065999", "91234567890"]


async def complete_meeting_id(prefix: str) -> Sequence[str]:
    return [meeting for meeting in KNOWN_MEETINGS if meeting.startswith(prefix)]


def build_server() -> Server:
    service = PromptService.from_directory(tool_names={"meetingCreate": "meeting_create"})
    return Server(
        "prompts-test",
        on_list_prompts=list_prompts_handler(service),
        on_get_prompt=get_prompt_handler(service),
        on_completion=completion_handler(service, complete_meeting_id),
    )


@pytest.fixture(params=["legacy", "auto"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[Client]:
    async with Client(build_server(), mode=request.param) as connected:
        yield connected


async def test_every_prompt_is_listed_with_title_and_arguments(client: Client) -> None:
    listed = await client.list_prompts()
    by_name = {prompt.name: prompt for prompt in listed.prompts}
    assert set(by_name) == set(SAMPLE_ARGUMENTS)
    recap = by_name["recap_meeting"]
    assert recap.title == "Recap a meeting"
    assert recap.arguments is not None
    assert [(argument.name, argument.required) for argument in recap.arguments] == [
        ("meetingId", True),
        ("audience", False),
    ]
    assert "One of: team, executives, customer." in (recap.arguments[1].description or "")


@pytest.mark.parametrize("name", sorted(SAMPLE_ARGUMENTS))
async def test_every_prompt_renders_with_its_arguments(client: Client, name: str) -> None:
    arguments = SAMPLE_ARGUMENTS[name]
    result = await client.get_prompt(name, arguments)
    first = result.messages[0].content
    assert isinstance(first, TextContent)
    for value in arguments.values():
        assert value in first.text
    assert "{{" not in first.text and "}}" not in first.text


async def test_recap_embeds_summary_and_transcript_resource_links(client: Client) -> None:
    result = await client.get_prompt("recap_meeting", {"meetingId": "85746065432"})
    text = result.messages[0].content
    assert isinstance(text, TextContent)
    assert "for the team audience" in text.text  # the default of the optional argument
    links = [message.content for message in result.messages[1:]]
    assert all(isinstance(link, ResourceLink) for link in links)
    assert [link.uri for link in links if isinstance(link, ResourceLink)] == [
        "zoom://meetings/85746065432/summary",
        "zoom://meetings/85746065432/transcript",
    ]


async def test_uuid_meeting_ids_are_percent_encoded_in_resource_links(client: Client) -> None:
    result = await client.get_prompt("recap_meeting", {"meetingId": "/ajXp112QmuoKj4854875=="})
    link = result.messages[1].content
    assert isinstance(link, ResourceLink)
    assert link.uri == "zoom://meetings/%2FajXp112QmuoKj4854875%3D%3D/summary"


async def test_tool_references_render_as_served_tool_names(client: Client) -> None:
    result = await client.get_prompt("schedule_meeting", SAMPLE_ARGUMENTS["schedule_meeting"])
    text = result.messages[0].content
    assert isinstance(text, TextContent)
    assert "`meeting_create`" in text.text
    assert "`meetingInvitation`" in text.text  # not in the map given: rendered as written


async def test_missing_required_argument_is_an_invalid_params_error(client: Client) -> None:
    with pytest.raises(MCPError) as caught:
        await client.get_prompt("recap_meeting", {"audience": "team"})
    assert caught.value.code == INVALID_PARAMS
    assert "needs the required argument(s) ['meetingId']" in caught.value.message


async def test_unknown_prompt_error_lists_the_available_names(client: Client) -> None:
    with pytest.raises(MCPError) as caught:
        await client.get_prompt("recap", {})
    assert caught.value.code == INVALID_PARAMS
    assert "unknown prompt 'recap'" in caught.value.message
    assert "recap_meeting" in caught.value.message and "account_usage_review" in caught.value.message


async def test_values_outside_the_declared_set_are_refused(client: Client) -> None:
    with pytest.raises(MCPError) as caught:
        await client.get_prompt("recording_cleanup", {"older_than_days": "90", "action": "shred"})
    assert caught.value.code == INVALID_PARAMS
    assert "must be one of ['trash', 'delete']" in caught.value.message


async def test_undeclared_arguments_are_refused(client: Client) -> None:
    with pytest.raises(MCPError) as caught:
        await client.get_prompt("recap_meeting", {"meetingId": "1", "meeting_id": "1"})
    assert "does not take argument(s) ['meeting_id']" in caught.value.message


async def test_static_values_complete_by_prefix(client: Client) -> None:
    result = await client.complete(PromptReference(name="recording_cleanup"), {"name": "action", "value": "d"})
    assert result.completion.values == ["delete"]
    everything = await client.complete(PromptReference(name="run_live_meeting"), {"name": "ai_companion", "value": ""})
    assert everything.completion.values == ["all", "summary", "questions", "none"]


async def test_meeting_ids_complete_through_the_integrator_callable(client: Client) -> None:
    result = await client.complete(PromptReference(name="recap_meeting"), {"name": "meetingId", "value": "857"})
    assert result.completion.values == ["85746065432", "85746065999"]
    assert result.completion.total == 2


async def test_free_text_arguments_and_resource_templates_complete_to_nothing(client: Client) -> None:
    free = await client.complete(PromptReference(name="schedule_meeting"), {"name": "topic", "value": "Q"})
    assert free.completion.values == []
    template = ResourceTemplateReference(uri="zoom://meetings/{meetingId}/summary")
    assert (await client.complete(template, {"name": "meetingId", "value": "8"})).completion.values == []


async def test_completing_an_unknown_argument_is_an_error(client: Client) -> None:
    with pytest.raises(MCPError) as caught:
        await client.complete(PromptReference(name="recap_meeting"), {"name": "topic", "value": ""})
    assert caught.value.code == INVALID_PARAMS
    assert "has no argument 'topic'" in caught.value.message
