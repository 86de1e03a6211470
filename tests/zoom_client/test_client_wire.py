"""What ZoomClient puts on the wire: paths exactly as built (never decoded or normalised), query, bodies, uploads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zoom_mcp.zoom_client import UploadFile, ZoomClient, ZoomConfigError, build_path

from .fake_zoom import FakeZoom, Reply, fast_settings

TEMPLATE = "/accounts/{accountId}/meetings/{meetingId}"


@pytest.mark.parametrize(
    ("meeting_id", "wire_segment"),
    [
        ("../../users/me", "..%2F..%2Fusers%2Fme"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a/b", "a%2Fb"),
        ("x?admin=1", "x%3Fadmin%3D1"),
        ("x#frag", "x%23frag"),
        ("%2F..%2F", "%252F..%252F"),
        ("/ajXp112QmuoKj4854875A==", "%252FajXp112QmuoKj4854875A%253D%253D"),
        ("ab//cd", "ab%252F%252Fcd"),
    ],
)
async def test_path_values_arrive_unchanged(fake_zoom: FakeZoom, meeting_id: str, wire_segment: str) -> None:
    path = build_path(TEMPLATE, {"accountId": "me", "meetingId": meeting_id})
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        response = await client.request("GET", path)
    assert fake_zoom.raw_paths() == [f"/v2/accounts/me/meetings/{wire_segment}"]
    assert response.json["raw_path"] == f"/v2/accounts/me/meetings/{wire_segment}"
    assert fake_zoom.api_requests()[0].query == {}


async def test_query_drops_none_and_renders_booleans(fake_zoom: FakeZoom) -> None:
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        await client.request(
            "GET", "/users", query={"page_size": 30, "next_page_token": None, "include": True, "q": "a&b=c"}
        )
    assert fake_zoom.api_requests()[0].query == {"page_size": ["30"], "include": ["true"], "q": ["a&b=c"]}


async def test_json_body_and_response(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/users/me/meetings", Reply(201, {"id": 85746065432, "topic": "Standup"}))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        response = await client.request("POST", "/users/me/meetings", json={"topic": "Standup", "type": 2})
    recorded = fake_zoom.api_requests()[0]
    assert recorded.method == "POST"
    assert json.loads(recorded.body) == {"topic": "Standup", "type": 2}
    assert recorded.headers["content-type"] == "application/json"
    assert response.status == 201 and response.json == {"id": 85746065432, "topic": "Standup"}


async def test_no_content_answer(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/meetings/1", Reply(204))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        response = await client.request("DELETE", "/meetings/1")
    assert (response.status, response.json, response.text) == (204, None, "")


async def test_multipart_upload_sends_the_in_memory_file(fake_zoom: FakeZoom) -> None:
    logo = UploadFile("logo.png", b"\x89PNG fake image bytes", "image/png")
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        await client.request("POST", "/webinars/1/branding/wallpaper", files={"file": logo}, data={"kind": "x"})
    recorded = fake_zoom.api_requests()[0]
    assert recorded.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="logo.png"' in recorded.body
    assert b"Content-Type: image/png" in recorded.body
    assert b"\x89PNG fake image bytes" in recorded.body
    assert b'name="kind"' in recorded.body
    assert "fake image" not in repr(logo)  # the bytes never show in logs or errors


async def test_the_client_never_reads_a_local_path(fake_zoom: FakeZoom, tmp_path: Path) -> None:
    secret = tmp_path / "secret.key"
    secret.write_text("PRIVATE KEY")
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(ZoomConfigError, match="never reads local files"):
            await client.request("POST", "/webinars/1/branding/wallpaper", files={"file": str(secret)})  # type: ignore[dict-item]
    assert fake_zoom.api_requests() == []


@pytest.mark.parametrize("bad", ["users", "//evil.example/x", "/users?x=1", "/users#x", "/a/../b", "/a/./b", "/a/.."])
async def test_unsafe_raw_paths_are_refused(fake_zoom: FakeZoom, bad: str) -> None:
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(ZoomConfigError, match=r"build_path|start with"):
            await client.request("GET", bad)
    assert fake_zoom.requests == []


async def test_user_agent_and_accept_headers(fake_zoom: FakeZoom) -> None:
    async with ZoomClient(fast_settings(fake_zoom, user_agent="zoom-mcp/test")) as client:
        await client.request("GET", "/users/me")
    headers = fake_zoom.api_requests()[0].headers
    assert headers["user-agent"] == "zoom-mcp/test"
    assert headers["accept"] == "application/json"
