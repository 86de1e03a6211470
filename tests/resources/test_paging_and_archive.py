"""Paging, the archive fallback and download-token fallback, against a small fake Zoom on loopback.

The sandbox serves one page and no archive, so these paths use a purpose-made Starlette app that
behaves like Zoom for the few endpoints involved (real HTTP, real `ZoomClient`).
"""

from __future__ import annotations

import json

import pytest
from mcp import Client
from mcp.server import Server
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.resources.loopback import Served, serve
from zoom_mcp.resources import ResourceHandlers, ResourceService, ResourceSettings, build_uri
from zoom_mcp.zoom_client import ZoomClient, ZoomSettings

pytestmark = pytest.mark.anyio
OAUTH_TOKEN = "oauth-token-123456"
DOWNLOAD_TOKEN = "download-token-abcdef"
ARCHIVED_UUID = "ArCh1veDUU1DAAAAAAAAAw=="
PROTECTED_UUID = "Pr0tectedUU1DAAAAAAAAw=="


def summaries_page(number: int, token: str) -> dict[str, object]:
    return {
        "next_page_token": token,
        "summaries": [
            {
                "meeting_uuid": f"page{number}UUIDAAAAAAAAAAAAAA==",
                "meeting_id": 90000000000 + number,
                "meeting_topic": f"Meeting on page {number}",
                "meeting_start_time": "2026-11-20T10:00:00Z",
            }
        ],
    }


def fake_zoom() -> tuple[Starlette, list[dict[str, str]]]:
    calls: list[dict[str, str]] = []

    async def summaries(request: Request) -> Response:
        query = dict(request.query_params)
        calls.append(query)
        if query.get("next_page_token") == "page-2-token":
            return JSONResponse(summaries_page(2, ""))
        return JSONResponse(summaries_page(1, "page-2-token"))

    async def recordings(request: Request) -> Response:
        meeting = request.path_params["meeting"]
        if meeting == PROTECTED_UUID:
            root = f"{request.url.scheme}://{request.url.netloc}"
            files = [
                {
                    "id": "t1",
                    "file_type": "TRANSCRIPT",
                    "file_extension": "VTT",
                    "status": "completed",
                    "download_url": f"{root}/rec/download/t1?access_token={DOWNLOAD_TOKEN}",
                }
            ]
            answer: dict[str, object] = {"uuid": PROTECTED_UUID, "recording_files": files, "password": "pw-9876"}
            if request.query_params.get("include_fields") == "download_access_token":
                answer["download_access_token"] = DOWNLOAD_TOKEN
            return JSONResponse(answer)
        return JSONResponse({"code": 3301, "message": "There is no recording for this meeting."}, status_code=404)

    async def archive_files(request: Request) -> Response:
        root = f"{request.url.scheme}://{request.url.netloc}"
        files = [
            {"id": "c", "file_type": "CHAT", "status": "completed", "download_url": f"{root}/rec/archive/chat"},
            {"id": "a", "file_type": "TRANSCRIPT", "status": "completed", "download_url": f"{root}/rec/archive/a"},
        ]
        return JSONResponse({"meetings": [{"uuid": ARCHIVED_UUID, "id": 91111111111, "archive_files": files}]})

    async def archive_download(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {OAUTH_TOKEN}":
            return PlainTextResponse("no", status_code=401)
        body = {"timeline": [{"ts": "00:00:03.000", "text": "From the archive", "users": [{"username": "Ann"}]}]}
        return JSONResponse(body)

    async def protected_download(request: Request) -> Response:
        if request.headers.get("authorization") != f"Bearer {DOWNLOAD_TOKEN}":
            return PlainTextResponse("passcode protected", status_code=403)
        return Response("WEBVTT\n\n00:00:09.000 --> 00:00:10.000\nBo: protected words\n", media_type="text/vtt")

    routes = [
        Route("/v2/accounts/me/meetings/meeting_summaries", summaries),
        Route("/v2/accounts/me/meetings/{meeting}/recordings", recordings),
        Route("/v2/accounts/me/archive_files", archive_files),
        Route("/rec/archive/a", archive_download),
        Route("/rec/download/t1", protected_download),
    ]
    return Starlette(routes=routes), calls


def make_server(site: Served, client: ZoomClient) -> Server:
    service = ResourceService(client, ResourceSettings(account_id="me", page_size=1))
    return Server("paging-test", **ResourceHandlers(service).server_kwargs())


def zoom_settings(site: Served) -> ZoomSettings:
    return ZoomSettings(api_base_url=f"{site.root}/v2", access_token=OAUTH_TOKEN, max_retries=0)


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_resources_list_pages_with_an_opaque_cursor_keeping_the_date_range(mode: str) -> None:
    app, calls = fake_zoom()
    async with (
        serve(app) as site,
        ZoomClient(zoom_settings(site)) as zoom,
        Client(make_server(site, zoom), mode=mode, cache=None) as client,
    ):
        first = await client.list_resources()
        assert first.next_cursor and "page-2-token" not in first.next_cursor
        second = await client.list_resources(cursor=first.next_cursor)
    assert [r.name for r in first.resources] == ["Meeting on page 1"]
    assert [r.name for r in second.resources] == ["Meeting on page 2"] and second.next_cursor is None
    assert calls[1]["next_page_token"] == "page-2-token"
    assert (calls[1]["from"], calls[1]["to"], calls[1]["page_size"]) == (calls[0]["from"], calls[0]["to"], "1")


async def test_archive_json_transcript_when_there_is_no_cloud_recording() -> None:
    app, _ = fake_zoom()
    async with (
        serve(app) as site,
        ZoomClient(zoom_settings(site)) as zoom,
        Client(make_server(site, zoom), mode="legacy", cache=None) as client,
    ):
        result = await client.read_resource(build_uri("transcript", ARCHIVED_UUID))
    assert getattr(result.contents[0], "text", "") == "[00:00:03] Ann: From the archive\n"
    assert ("/rec/archive/a", f"Bearer {OAUTH_TOKEN}") in site.seen
    assert not any(path == "/rec/archive/chat" for path, _ in site.seen)


async def test_download_token_is_used_when_zoom_refuses_the_oauth_token_and_never_shown() -> None:
    app, _ = fake_zoom()
    async with (
        serve(app) as site,
        ZoomClient(zoom_settings(site)) as zoom,
        Client(make_server(site, zoom), cache=None) as client,
    ):
        transcript = await client.read_resource(build_uri("transcript", PROTECTED_UUID))
        recordings = await client.read_resource(build_uri("recordings", PROTECTED_UUID))
    assert getattr(transcript.contents[0], "text", "") == "[00:00:09] Bo: protected words\n"
    downloads = [auth for path, auth in site.seen if path == "/rec/download/t1"]
    assert downloads == [f"Bearer {OAUTH_TOKEN}", f"Bearer {DOWNLOAD_TOKEN}"]
    shown = getattr(recordings.contents[0], "text", "")
    assert DOWNLOAD_TOKEN not in shown and "pw-9876" not in shown and OAUTH_TOKEN not in shown
    assert json.loads(shown)["recording_files"][0]["download_url"].endswith("/rec/download/t1")
