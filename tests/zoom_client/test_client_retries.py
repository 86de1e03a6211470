"""Retries: 429 with Retry-After (seconds or HTTP date) for every method, daily limits never; 5xx and connection
errors only for methods safe to repeat (never POST or PATCH)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest

from zoom_mcp.zoom_client import RateLimited, ServerError, ZoomClient, ZoomSettings, ZoomTransportError

from .fake_zoom import FakeZoom, Reply, closed_port, fast_settings

TOO_MANY = {"code": 429, "message": "You have exceeded the rate limit."}


def methods(fake: FakeZoom) -> list[str]:
    return [r.method for r in fake.api_requests()]


async def test_429_with_retry_after_seconds_is_retried(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/meetings/1", Reply(429, TOO_MANY, {"Retry-After": "1"}), Reply(200, {"id": 1}))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        response = await client.request("GET", "/meetings/1")
    assert response.json == {"id": 1}
    assert methods(fake_zoom) == ["GET", "GET"]


async def test_429_with_http_date_is_retried(fake_zoom: FakeZoom) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    fake_zoom.enqueue(
        "/meetings/1", Reply(429, TOO_MANY, {"Retry-After": when}), Reply(429, TOO_MANY, {"Retry-After": when}), Reply()
    )
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        response = await client.request("PUT", "/meetings/1", json={"topic": "x"})
    assert response.status == 200
    assert methods(fake_zoom) == ["PUT", "PUT", "PUT"]


async def test_429_retries_are_bounded(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/meetings/1", *[Reply(429, TOO_MANY, {"Retry-After": "0"}) for _ in range(10)])
    async with ZoomClient(fast_settings(fake_zoom, max_retries=2)) as client:
        with pytest.raises(RateLimited) as caught:
            await client.request("GET", "/meetings/1")
    assert len(fake_zoom.api_requests()) == 3
    assert "Zoom API error 429 (code 429)" in str(caught.value)


async def test_retry_after_longer_than_allowed_is_not_waited_for(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/meetings/1", Reply(429, TOO_MANY, {"Retry-After": "3600"}), Reply())
    async with ZoomClient(fast_settings(fake_zoom, max_retry_after=60)) as client:
        with pytest.raises(RateLimited) as caught:
            await client.request("GET", "/meetings/1")
    assert caught.value.retry_after == 3600
    assert "Wait 3600 s" in str(caught.value)
    assert len(fake_zoom.api_requests()) == 1


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_429_on_a_write_is_retried_because_zoom_processed_nothing(fake_zoom: FakeZoom, method: str) -> None:
    fake_zoom.enqueue("/users/me/meetings", Reply(429, TOO_MANY, {"Retry-After": "0"}), Reply(201, {"id": 2}))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        response = await client.request(method, "/users/me/meetings", json={"topic": "x"})
    assert response.status == 201 and response.json == {"id": 2}
    assert methods(fake_zoom) == [method, method]


async def test_a_daily_limit_429_on_a_write_is_not_retried(fake_zoom: FakeZoom) -> None:
    headers = {"Retry-After": "0", "X-RateLimit-Type": "Daily-limit"}
    fake_zoom.enqueue("/users/me/meetings", Reply(429, TOO_MANY, headers), Reply(201, {"id": 2}))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(RateLimited):
            await client.request("POST", "/users/me/meetings", json={"topic": "x"})
    assert methods(fake_zoom) == ["POST"]


async def test_daily_limit_is_not_retried_and_reports_reset(fake_zoom: FakeZoom) -> None:
    reset = (datetime.now(UTC) + timedelta(hours=5)).replace(microsecond=0)
    headers = {"Retry-After": format_datetime(reset, usegmt=True), "X-RateLimit-Type": "Daily-limit"}
    fake_zoom.enqueue("/meetings/1", Reply(429, TOO_MANY, headers), Reply())
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(RateLimited) as caught:
            await client.request("GET", "/meetings/1")
    assert caught.value.is_daily_limit
    assert caught.value.reset_at is not None and abs((caught.value.reset_at - reset).total_seconds()) < 2
    assert f"resets at {reset:%Y-%m-%dT%H:%M}" in str(caught.value)
    assert len(fake_zoom.api_requests()) == 1


async def test_5xx_retried_for_get(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/meetings/1", Reply(503, text="unavailable"), Reply(500, {"code": 500}), Reply(200, {"id": 1}))
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        response = await client.request("GET", "/meetings/1")
    assert response.json == {"id": 1}
    assert len(fake_zoom.api_requests()) == 3


async def test_5xx_retries_exhausted(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/meetings/1", *[Reply(502, text="bad gateway") for _ in range(5)])
    async with ZoomClient(fast_settings(fake_zoom, max_retries=2)) as client:
        with pytest.raises(ServerError, match="Zoom API error 502: bad gateway"):
            await client.request("DELETE", "/meetings/1")
    assert len(fake_zoom.api_requests()) == 3


@pytest.mark.parametrize("method", ["POST", "PATCH"])
async def test_5xx_not_retried_for_non_idempotent(fake_zoom: FakeZoom, method: str) -> None:
    fake_zoom.enqueue("/meetings/1", Reply(500, {"code": 500, "message": "boom"}), Reply())
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(ServerError):
            await client.request(method, "/meetings/1", json={})
    assert methods(fake_zoom) == [method]


async def test_4xx_other_than_401_and_429_is_not_retried(fake_zoom: FakeZoom) -> None:
    fake_zoom.enqueue("/meetings/1", Reply(404, {"code": 3001, "message": "Meeting does not exist: 1."}), Reply())
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        with pytest.raises(Exception, match="code 3001"):
            await client.request("GET", "/meetings/1")
    assert len(fake_zoom.api_requests()) == 1


async def test_connection_refused_is_a_transport_error_after_retries() -> None:
    port = closed_port()
    settings = fast_settings_without_server(port, access_token="tok-static-1")
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    async with ZoomClient(settings, sleep=sleep) as client:
        with pytest.raises(ZoomTransportError) as caught:
            await client.request("GET", "/users/me")
        with pytest.raises(ZoomTransportError) as post_caught:
            await client.request("POST", "/users/me/meetings", json={})
    assert caught.value.attempts == 4
    assert len(slept) == 3  # three backoff waits for GET, none for POST
    assert slept[0] < slept[2]  # exponential backoff
    assert f"127.0.0.1:{port}" in str(caught.value)
    assert "could not connect" in str(caught.value)
    assert "tok-static-1" not in str(caught.value)
    assert post_caught.value.attempts == 1


async def test_oauth_endpoint_unreachable_is_a_transport_error() -> None:
    port = closed_port()
    settings = fast_settings_without_server(
        port, account_id="a", client_id="b", client_secret="c-secret", max_retries=0
    )
    async with ZoomClient(settings) as client:
        with pytest.raises(ZoomTransportError, match="OAuth endpoint") as caught:
            await client.request("GET", "/users/me")
    assert "c-secret" not in str(caught.value)


def fast_settings_without_server(port: int, **overrides: Any) -> ZoomSettings:
    """Settings aimed at a loopback port where nothing listens."""
    values: dict[str, Any] = {
        "api_base_url": f"http://127.0.0.1:{port}/v2",
        "oauth_url": f"http://127.0.0.1:{port}/oauth/token",
        "max_retries": 3,
        "retry_wait_cap": 0.05,
        "backoff_base": 0.01,
        "connect_timeout": 2.0,
        **overrides,
    }
    return ZoomSettings(**values)
