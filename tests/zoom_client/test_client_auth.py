"""Server-to-Server OAuth through ZoomClient: caching, renewal, one renewal at a time, 401 handling."""

from __future__ import annotations

import base64

import anyio
import httpx2
import pytest

from zoom_mcp.zoom_client import AuthFailed, ServerToServerOAuth, ZoomClient, ZoomConfigError

from .fake_zoom import FakeZoom, fast_settings


def bearer(fake: FakeZoom, index: int) -> str:
    return fake.api_requests()[index].headers["authorization"].removeprefix("Bearer ")


async def test_token_is_fetched_once_with_basic_auth_and_cached(fake_zoom: FakeZoom) -> None:
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        for _ in range(3):
            await client.request("GET", "/users/me")
    assert len(fake_zoom.token_requests) == 1
    token_request = fake_zoom.token_requests[0]
    assert token_request.method == "POST"
    assert token_request.query == {"grant_type": ["account_credentials"], "account_id": [fake_zoom.account_id]}
    expected = base64.b64encode(f"{fake_zoom.client_id}:{fake_zoom.client_secret}".encode()).decode()
    assert token_request.headers["authorization"] == f"Basic {expected}"
    assert {bearer(fake_zoom, i) for i in range(3)} == {fake_zoom.issued[0]}


async def test_token_is_renewed_before_expiry(fake_zoom: FakeZoom) -> None:
    now = [1000.0]
    settings = fast_settings(fake_zoom)
    async with httpx2.AsyncClient() as http:
        provider = ServerToServerOAuth(
            settings.oauth_url,
            fake_zoom.account_id,
            fake_zoom.client_id,
            fake_zoom.client_secret,
            http,
            clock=lambda: now[0],
        )
        async with ZoomClient(settings, token_provider=provider) as client:
            await client.request("GET", "/users/me")
            now[0] += 3600 - 61  # still more than the 60 s margin left
            await client.request("GET", "/users/me")
            assert len(fake_zoom.token_requests) == 1
            now[0] += 2  # inside the renewal margin
            await client.request("GET", "/users/me")
    assert len(fake_zoom.token_requests) == 2
    assert provider.granted_scopes == ("meeting:read:admin",)
    assert bearer(fake_zoom, 1) == fake_zoom.issued[0]
    assert bearer(fake_zoom, 2) == fake_zoom.issued[1]


async def test_short_lived_token_renewed_in_real_time(fake_zoom: FakeZoom) -> None:
    fake_zoom.token_ttl = 1  # renewal margin is 10% of the lifetime: 0.1 s
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        await client.request("GET", "/users/me")
        await anyio.sleep(0.95)
        await client.request("GET", "/users/me")
    assert len(fake_zoom.token_requests) == 2
    assert [r.headers["authorization"] for r in fake_zoom.api_requests()] == [
        f"Bearer {token}" for token in fake_zoom.issued
    ]


async def test_one_renewal_under_twenty_concurrent_calls(fake_zoom: FakeZoom) -> None:
    fake_zoom.token_delay = 0.2
    statuses: list[int] = []
    async with ZoomClient(fast_settings(fake_zoom)) as client:

        async def call(i: int) -> None:
            statuses.append((await client.request("GET", f"/meetings/{i}")).status)

        async with anyio.create_task_group() as group:
            for i in range(20):
                group.start_soon(call, i)
    assert statuses == [200] * 20
    assert len(fake_zoom.token_requests) == 1
    assert len(fake_zoom.api_requests()) == 20


async def test_rejected_token_is_renewed_and_the_call_retried_once(fake_zoom: FakeZoom) -> None:
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        await client.request("GET", "/users/me")
        fake_zoom.expire_tokens()
        response = await client.request("POST", "/users/me/meetings", json={"topic": "t"})
    assert response.status == 200
    assert len(fake_zoom.token_requests) == 2
    assert [r.method for r in fake_zoom.api_requests()] == ["GET", "POST", "POST"]
    assert bearer(fake_zoom, 2) == fake_zoom.issued[1]


async def test_second_401_is_final(fake_zoom: FakeZoom) -> None:
    settings = fast_settings(fake_zoom)
    async with ZoomClient(settings) as client:
        provider = client.token_provider
        assert isinstance(provider, ServerToServerOAuth)
        await client.request("GET", "/users/me")
        fake_zoom.token_ttl = 0  # every new token is already expired on Zoom's side
        fake_zoom.expire_tokens()
        with pytest.raises(AuthFailed) as caught:
            await client.request("GET", "/users/me")
    assert caught.value.status == 401 and caught.value.code == 124
    assert "Zoom API error 401 (code 124): Invalid access token." in str(caught.value)
    assert len(fake_zoom.api_requests()) == 3  # first call, then one attempt plus exactly one retry


async def test_static_token_401_is_not_retried(fake_zoom: FakeZoom) -> None:
    settings = fast_settings(
        fake_zoom, account_id=None, client_id=None, client_secret=None, access_token="static-tok-1"
    )
    async with ZoomClient(settings) as client:
        with pytest.raises(AuthFailed):
            await client.request("GET", "/users/me")
        fake_zoom.static_tokens.add("static-tok-1")
        assert (await client.request("GET", "/users/me")).status == 200
    assert fake_zoom.token_requests == []
    assert len(fake_zoom.api_requests()) == 2


async def test_wrong_client_secret_is_auth_failed_without_the_secret(fake_zoom: FakeZoom) -> None:
    settings = fast_settings(fake_zoom, client_secret="wrong-secret-value")
    async with ZoomClient(settings) as client:
        with pytest.raises(AuthFailed) as caught:
            await client.request("GET", "/users/me")
    text = str(caught.value)
    assert "Token request failed: Invalid client_id or client_secret" in text
    assert "ZOOM_CLIENT_SECRET" in text
    assert "wrong-secret-value" not in text
    assert fake_zoom.api_requests() == []


async def test_no_credentials_is_a_config_error(fake_zoom: FakeZoom) -> None:
    settings = fast_settings(fake_zoom, account_id=None, client_id=None, client_secret=None)
    async with ZoomClient(settings) as client:
        with pytest.raises(ZoomConfigError, match="No Zoom credentials"):
            await client.request("GET", "/users/me")
    assert fake_zoom.requests == []


async def test_expired_token_renewed_once_for_twenty_concurrent_calls(fake_zoom: FakeZoom) -> None:
    async with ZoomClient(fast_settings(fake_zoom)) as client:
        await client.request("GET", "/users/me")
        fake_zoom.expire_tokens()
        fake_zoom.token_delay = 0.1
        async with anyio.create_task_group() as group:
            for i in range(20):
                group.start_soon(client.request, "GET", f"/meetings/{i}")
    assert len(fake_zoom.token_requests) == 2
    final = [r for r in fake_zoom.api_requests()[1:] if r.headers["authorization"] == f"Bearer {fake_zoom.issued[1]}"]
    assert sorted(r.raw_path for r in final) == sorted(f"/v2/meetings/{i}" for i in range(20))
