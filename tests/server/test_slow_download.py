"""A slow transcript download reports progress by bytes (with the total) and stops when the client cancels.

The recording's transcript `download_url` points at a loopback file host (allowed for downloads) that sends
the first chunk and then stalls; the client cancels once progress shows the first bytes, and the file host
sees the connection go away.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp_types import ReadResourceRequest, ReadResourceRequestParams, ReadResourceResult
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tests.resources.loopback import serve
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.resources import build_uri
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import RECORDED_MEETING_UUID, RECORDING_TRANSCRIPT_FILE_ID
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime

from .harness import ERAS, zoom_settings

pytestmark = pytest.mark.anyio

FIRST_CHUNK = b"WEBVTT\n\n" + b"x" * 992
TOTAL = 100_000


class Stalling:
    """A file host that sends `FIRST_CHUNK` of a `TOTAL`-byte file, then waits until the client goes away."""

    def __init__(self) -> None:
        self.gone = anyio.Event()

    def app(self) -> Starlette:
        async def body() -> AsyncIterator[bytes]:
            try:
                yield FIRST_CHUNK
                await anyio.sleep_forever()
                yield b""
            finally:
                self.gone.set()

        async def file(request: Request) -> Response:
            return StreamingResponse(body(), media_type="text/vtt", headers={"content-length": str(TOTAL)})

        return Starlette(routes=[Route("/rec/slow", file)])


@pytest.mark.parametrize("era", ERAS)
async def test_a_slow_download_reports_progress_and_stops_when_cancelled(sandbox: RunningSandbox, era: str) -> None:
    stalling = Stalling()
    progress: list[tuple[float, float | None]] = []
    first_bytes = anyio.Event()

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, total))
        if done > 0:
            first_bytes.set()

    async with serve(stalling.app()) as host:
        recording = sandbox.state.recordings[RECORDED_MEETING_UUID]
        for item in recording["recording_files"]:
            if item["id"] == RECORDING_TRANSCRIPT_FILE_ID:
                item["download_url"] = f"{host.root}/rec/slow"
        options = RuntimeOptions(
            zoom=zoom_settings(sandbox),
            policy=CallerPolicy(name="test"),
            default_account_id=sandbox.config.account_id,
            download_hosts=(host.host_port,),
        )
        async with open_runtime(options) as runtime:
            client = Client(build_server(runtime), mode="legacy" if era == "legacy" else "auto")
            async with client:
                request = ReadResourceRequest(
                    params=ReadResourceRequestParams(uri=build_uri("transcript", RECORDED_MEETING_UUID))
                )
                finished: list[Any] = []
                async with anyio.create_task_group() as group:

                    async def read() -> None:
                        finished.append(
                            await client.session.send_request(
                                request, ReadResourceResult, progress_callback=on_progress
                            )
                        )

                    group.start_soon(read)
                    with anyio.fail_after(30):
                        await first_bytes.wait()
                    group.cancel_scope.cancel()
                with anyio.fail_after(30):
                    await stalling.gone.wait()  # the download stopped: the file host saw the client go
                listed = await client.list_resource_templates()  # and the session goes on
        assert finished == [] and listed.resource_templates
    assert progress[0] == (0, TOTAL) and (len(FIRST_CHUNK), TOTAL) in progress
