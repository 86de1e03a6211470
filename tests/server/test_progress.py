"""Progress for requests that carry a `progressToken`: waits by seconds left, downloads by bytes (with the total),
multi-page reads by page; values only ever increase within one request."""

from __future__ import annotations

from typing import Any

import anyio
import pytest
from mcp import Client
from mcp_types import ReadResourceRequest, ReadResourceRequestParams, ReadResourceResult

from zoom_mcp.resources import build_uri
from zoom_mcp.sandbox import ForcedStatus, RunningSandbox
from zoom_mcp.sandbox.seed import (
    RECORDED_MEETING_ID,
    RECORDED_MEETING_UUID,
    RECORDING_TRANSCRIPT_FILE_ID,
    SCHEDULED_MEETING_ID,
)
from zoom_mcp.zoom_client import Rate

from .harness import ERAS, connect

pytestmark = pytest.mark.anyio

Update = tuple[float, float | None, str | None]


class Progress:
    """Progress notifications of one request, as the client's callback receives them."""

    def __init__(self) -> None:
        self.updates: list[Update] = []

    async def __call__(self, progress: float, total: float | None, message: str | None) -> None:
        self.updates.append((progress, total, message))

    def assert_increasing(self) -> None:
        values = [update[0] for update in self.updates]
        assert values == sorted(values) and len(set(values)) == len(values), values


async def read_with_progress(client: Client, uri: str, progress: Progress) -> ReadResourceResult:
    request = ReadResourceRequest(params=ReadResourceRequestParams(uri=uri))
    return await client.session.send_request(request, ReadResourceResult, progress_callback=progress)


@pytest.mark.parametrize("era", ERAS)
async def test_a_retry_after_wait_reports_the_seconds_left(sandbox: RunningSandbox, era: str) -> None:
    path = f"/accounts/{sandbox.config.account_id}/meetings/{SCHEDULED_MEETING_ID}"
    sandbox.set_faults(forced=[ForcedStatus(path=path, status=429, retry_after=2, count=1)])
    progress = Progress()
    async with connect(sandbox, era, retry_wait_cap=2.0) as (client, _runtime):
        result = await client.call_tool(
            "meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)}, progress_callback=progress
        )
    assert not result.is_error
    progress.assert_increasing()
    first, last = progress.updates[0], progress.updates[-1]
    assert first[1] == 2.0 and first[0] < 1.0 and last[:2] == (2.0, 2.0)  # seconds waited of seconds to wait
    assert (first[2] or "").endswith("Zoom's rate limit (Retry-After): 2 s left")
    assert (last[2] or "").endswith(": done")


@pytest.mark.parametrize("era", ERAS)
async def test_a_client_side_rate_limit_wait_reports_progress(sandbox: RunningSandbox, era: str) -> None:
    # One request per 2 s: of two calls started together, one takes the token and the other waits ~2 s.
    slow = {label: Rate(1, 2.0) for label in ("LIGHT", "MEDIUM", "HEAVY", "RESOURCE-INTENSIVE")}
    reports = [Progress(), Progress()]
    results: list[Any] = []
    async with connect(sandbox, era, rate_limits=slow) as (client, _runtime):

        async def call(progress: Progress) -> None:
            arguments = {"meetingId": str(SCHEDULED_MEETING_ID)}
            results.append(await client.call_tool("meeting_get", arguments, progress_callback=progress))

        async with anyio.create_task_group() as group:
            for progress in reports:
                group.start_soon(call, progress)
    assert len(results) == 2 and not any(result.is_error for result in results)
    (waited,) = [progress for progress in reports if progress.updates]
    waited.assert_increasing()
    assert all("waiting for Zoom's LIGHT rate limit" in (update[2] or "") for update in waited.updates)
    assert waited.updates[-1][0] == waited.updates[-1][1]  # the wait ran to its end


@pytest.mark.parametrize("era", ERAS)
async def test_a_transcript_download_reports_bytes_with_the_total(sandbox: RunningSandbox, era: str) -> None:
    progress = Progress()
    async with connect(sandbox, era) as (client, _runtime):
        await read_with_progress(client, build_uri("transcript", RECORDED_MEETING_UUID), progress)
    updates = progress.updates
    size = len(sandbox.state.file_content[RECORDING_TRANSCRIPT_FILE_ID][0])
    assert updates[0][:2] == (0, size) and updates[-1][:2] == (size, size)
    assert {update[2] for update in updates} == {"Downloading the transcript from Zoom"}


@pytest.mark.parametrize("era", ERAS)
async def test_a_read_that_walks_several_pages_reports_each_page(sandbox: RunningSandbox, era: str) -> None:
    progress = Progress()
    async with connect(sandbox, era) as (client, _runtime):
        # a numeric meeting ID: the server finds the newest instance in the summaries and recordings lists
        await read_with_progress(client, build_uri("summary", str(RECORDED_MEETING_ID)), progress)
    updates = progress.updates
    values = [update[0] for update in updates]
    assert values == [1, 2]
    assert [update[2] for update in updates] == [
        "Read a page of the account's meeting summaries",
        "Read a page of the account's cloud recordings",
    ]
