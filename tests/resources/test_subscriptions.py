"""Subscriptions: a client watching a summary or transcript URI is told when it becomes available.

Handshake era: `resources/subscribe` then `notifications/resources/updated`; modern era:
`subscriptions/listen` with the URI in its filter. The sandbox's state is changed directly to make
the content appear (as Zoom would after processing).
"""

from __future__ import annotations

import copy
import warnings

import anyio
import pytest
from mcp import Client
from mcp.client.session import IncomingMessage
from mcp.server.subscriptions import ResourceUpdated
from mcp.shared.exceptions import MCPDeprecationWarning, MCPError
from mcp_types import INVALID_PARAMS, ResourceUpdatedNotification

from tests.resources.harness import Harness, harness
from zoom_mcp.resources import build_uri
from zoom_mcp.sandbox.seed import NO_SUMMARY_MEETING_UUID, RECORDED_MEETING_UUID, TRANSCRIPT_VTT

pytestmark = pytest.mark.anyio
SUMMARY_URI = build_uri("summary", NO_SUMMARY_MEETING_UUID)
TRANSCRIPT_URI = build_uri("transcript", NO_SUMMARY_MEETING_UUID)


def make_summary_appear(h: Harness) -> None:
    summary = copy.deepcopy(h.sandbox.state.summaries[RECORDED_MEETING_UUID])
    summary.update(meeting_uuid=NO_SUMMARY_MEETING_UUID, meeting_topic="Sprint retro", summary_title="Sprint retro")
    h.sandbox.state.summaries[NO_SUMMARY_MEETING_UUID] = summary


def make_transcript_appear(h: Harness) -> None:
    recording = h.sandbox.state.recordings[NO_SUMMARY_MEETING_UUID]
    item = copy.deepcopy(recording["recording_files"][0])
    item.update(id="retro-transcript", file_type="TRANSCRIPT", file_extension="VTT", recording_type="audio_transcript")
    item["download_url"] = item["download_url"].rsplit("/", 1)[0] + "/retro-transcript"
    h.sandbox.state.file_content["retro-transcript"] = (TRANSCRIPT_VTT.encode(), "text/vtt")
    recording["recording_files"].append(item)


async def wait_for(received: list[str], count: int) -> None:
    with anyio.fail_after(5):
        while len(received) < count:
            await anyio.sleep(0.02)


async def test_handshake_era_subscribe_is_notified_when_summary_and_transcript_appear() -> None:
    received: list[str] = []

    async def on_message(message: IncomingMessage) -> None:
        if isinstance(message, ResourceUpdatedNotification):
            received.append(message.params.uri)

    async with harness() as h, Client(h.server, mode="legacy", cache=None, message_handler=on_message) as client:
        assert client.server_capabilities.resources is not None and client.server_capabilities.resources.subscribe
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MCPDeprecationWarning)
            await client.subscribe_resource(SUMMARY_URI)
            await client.subscribe_resource(TRANSCRIPT_URI)
            await client.subscribe_resource(build_uri("summary", RECORDED_MEETING_UUID))  # already there: silent
        assert h.registry.watched_uris() == sorted(
            [SUMMARY_URI, TRANSCRIPT_URI, build_uri("summary", RECORDED_MEETING_UUID)]
        )
        await anyio.sleep(0.3)
        assert received == []
        make_summary_appear(h)
        await wait_for(received, 1)
        assert received == [SUMMARY_URI]
        make_transcript_appear(h)
        await wait_for(received, 2)
        assert received == [SUMMARY_URI, TRANSCRIPT_URI]
        transcript = await client.read_resource(TRANSCRIPT_URI)
        assert getattr(transcript.contents[0], "text", "").startswith("[00:00:01] Olivia Owner:")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MCPDeprecationWarning)
            await client.unsubscribe_resource(SUMMARY_URI)
            with pytest.raises(MCPError) as caught:
                await client.subscribe_resource("zoom://meetings/1/minutes")
        assert caught.value.code == INVALID_PARAMS
        assert SUMMARY_URI not in h.registry.watched_uris()
        await anyio.sleep(0.2)
        assert received == [SUMMARY_URI, TRANSCRIPT_URI]  # no repeats while nothing changes


async def test_modern_era_listen_is_notified_when_the_summary_appears() -> None:
    async with harness() as h, Client(h.server, cache=None) as client:
        assert client.protocol_version == "2026-07-28"
        async with client.listen(resource_subscriptions=[SUMMARY_URI]) as subscription:
            assert subscription.honored.resource_subscriptions == [SUMMARY_URI]
            assert h.registry.watched_uris() == [SUMMARY_URI]
            make_summary_appear(h)
            with anyio.fail_after(5):
                event = await subscription.__anext__()
        assert event == ResourceUpdated(uri=SUMMARY_URI)
        summary = await client.read_resource(SUMMARY_URI)
        assert getattr(summary.contents[0], "text", "").startswith("# Sprint retro\n")
        with anyio.fail_after(5):
            while h.registry.watched_uris():
                await anyio.sleep(0.02)


async def test_poll_failures_keep_state_and_do_not_notify() -> None:
    async with harness(poll_interval=3600) as h, Client(h.server, mode="legacy", cache=None) as client:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MCPDeprecationWarning)
            await client.subscribe_resource(SUMMARY_URI)
        h.sandbox.set_faults(error_rate=1.0)
        make_summary_appear(h)
        assert await h.registry.poll_once() == []
        h.sandbox.set_faults()
        assert await h.registry.poll_once() == [SUMMARY_URI]
        assert await h.registry.poll_once() == []
