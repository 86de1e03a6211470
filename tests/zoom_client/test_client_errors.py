"""Zoom's error answers become typed errors with actionable messages; secrets never reach errors or logs."""

from __future__ import annotations

import json
import logging

import pytest

from zoom_mcp.zoom_client import BadRequest, MissingScope, NotFound, ZoomAPIError, ZoomClient

from .fake_zoom import FakeZoom, Reply, fast_settings


async def test_400_with_errors_list(fake_zoom: FakeZoom) -> None:
    body = {
        "code": 300,
        "message": "Validation Failed.",
        "errors": [{"field": "settings.host_video", "message": "Invalid field."}],
    }
    fake_zoom.enqueue("/users/me/meetings", Reply(400, body))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(BadRequest) as caught:
            await client.request("POST", "/users/me/meetings", json={"settings": {"host_video": "yes"}})
    error = caught.value
    assert (error.status, error.code, error.method, error.path) == (400, 300, "POST", "/users/me/meetings")
    assert error.errors == [{"field": "settings.host_video", "message": "Invalid field."}]
    assert "Field errors: settings.host_video: Invalid field." in str(error)


async def test_404_meeting_not_found(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/meetings/123", Reply(404, {"code": 3001, "message": "Meeting does not exist: 123."}))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(NotFound) as caught:
            await client.request("GET", "/meetings/123")
    text = str(caught.value)
    assert text.startswith("Zoom API error 404 (code 3001): Meeting does not exist: 123.")
    assert "Hint:" in text and "meeting ID" in text
    assert caught.value.to_dict()["type"] == "NotFound"


async def test_missing_scope_names_required_scopes(fake_zoom: FakeZoom) -> None:
    body = {"code": 4711, "message": "Invalid access token, does not contain scopes:[meeting:read:admin]."}
    fake_zoom.enqueue("/meetings/5", Reply(400, body))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(MissingScope) as caught:
            await client.request(
                "GET", "/meetings/5", required_scopes=("meeting:read:admin", "meeting:read:meeting:admin")
            )
    assert "meeting:read:admin, meeting:read:meeting:admin" in caught.value.hint
    assert "Zoom API error 400 (code 4711)" in str(caught.value)
    assert len(fake_zoom.api_requests()) == 1


async def test_secrets_never_reach_errors_or_logs(fake_zoom: FakeZoom, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        await client.request("GET", "/users/me")
        token = fake_zoom.issued[0]
        leaky = {
            "code": 300,
            "message": f"Bad token {token} for secret {fake_zoom.client_secret}",
            "errors": [{"field": "auth", "message": token}],
        }
        fake_zoom.enqueue("/users/me", Reply(400, leaky), Reply(503, text=f"down {token}"), Reply(503, text="x"))
        with pytest.raises(ZoomAPIError) as first:
            await client.request("GET", "/users/me")
        with pytest.raises(ZoomAPIError) as second:
            await client.request("POST", "/users/me", json={})
    for error in (first.value, second.value):
        rendered = str(error) + json.dumps(error.to_dict()) + repr(error)
        assert token not in rendered
        assert fake_zoom.client_secret not in rendered
    assert "[redacted]" in str(first.value)
    assert caplog.records, "the client should log its requests"
    assert any("GET /users/me -> 200" in r.getMessage() for r in caplog.records)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert token not in logged
    assert fake_zoom.client_secret not in logged
    assert "Bearer" not in logged and "Basic" not in logged
