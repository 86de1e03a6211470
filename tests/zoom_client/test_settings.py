"""ZoomSettings: environment reading, credential detection, and a repr without secrets."""

from __future__ import annotations

import httpx2
import pytest

from zoom_mcp.zoom_client import (
    DEFAULT_API_BASE_URL,
    ServerToServerOAuth,
    StaticToken,
    ZoomConfigError,
    ZoomSettings,
    token_provider_for,
)

ENV = {
    "ZOOM_ACCOUNT_ID": "acct-1",
    "ZOOM_CLIENT_ID": "client-1",
    "ZOOM_CLIENT_SECRET": "very-secret-value",
    "ZOOM_ACCESS_TOKEN": "",
    "ZOOM_API_BASE_URL": "http://127.0.0.1:9/v2",
    "ZOOM_OAUTH_URL": "http://127.0.0.1:9/oauth/token",
}


def test_from_env_reads_all_variables() -> None:
    settings = ZoomSettings.from_env(ENV)
    assert settings.account_id == "acct-1"
    assert settings.client_secret == "very-secret-value"
    assert settings.access_token is None
    assert settings.api_base_url == "http://127.0.0.1:9/v2"
    assert settings.oauth_url == "http://127.0.0.1:9/oauth/token"
    assert settings.has_credentials and settings.has_oauth_credentials


def test_defaults_without_environment() -> None:
    settings = ZoomSettings.from_env({})
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert not settings.has_credentials
    assert settings.missing_oauth_variables == ["ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"]


def test_static_token_counts_as_credentials() -> None:
    assert ZoomSettings.from_env({"ZOOM_ACCESS_TOKEN": "tok-abcdef"}).has_credentials


def test_repr_never_shows_secrets() -> None:
    settings = ZoomSettings.from_env({**ENV, "ZOOM_ACCESS_TOKEN": "static-token-value"})
    for text in (repr(settings), str(settings), f"{settings}"):
        assert "very-secret-value" not in text
        assert "static-token-value" not in text
        assert "client_secret=<set>" in text


async def test_provider_choice() -> None:
    async with httpx2.AsyncClient() as http:
        assert isinstance(token_provider_for(ZoomSettings.from_env(ENV), http), ServerToServerOAuth)
        assert isinstance(token_provider_for(ZoomSettings(access_token="tok-abcdef"), http), StaticToken)
        with pytest.raises(ZoomConfigError, match="ZOOM_CLIENT_SECRET not set"):
            token_provider_for(ZoomSettings(account_id="a", client_id="b"), http)
        with pytest.raises(ZoomConfigError, match="No Zoom credentials"):
            token_provider_for(ZoomSettings(), http)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"api_base_url": "api.zoom.us/v2"}, "ZOOM_API_BASE_URL must be an http"),
        ({"oauth_url": "ftp://zoom.us/oauth/token"}, "ZOOM_OAUTH_URL must be an http"),
        ({"max_retries": -1}, "max_retries >= 0"),
        ({"timeout": 0}, "positive timeouts"),
    ],
)
def test_invalid_settings_are_explained(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ZoomConfigError, match=message):
        ZoomSettings(**overrides)  # type: ignore[arg-type]


def test_bad_base_url_from_environment() -> None:
    with pytest.raises(ZoomConfigError, match="ZOOM_API_BASE_URL"):
        ZoomSettings.from_env({"ZOOM_API_BASE_URL": "localhost:8080"})


def test_rate_plan_sets_the_client_side_pacing() -> None:
    from zoom_mcp.zoom_client.rate_limit import BUSINESS_PLAN_RATES, PRO_PLAN_RATES

    assert dict(ZoomSettings.from_env({}).rate_limits) == dict(PRO_PLAN_RATES)
    assert dict(ZoomSettings.from_env({"ZOOM_RATE_PLAN": "Business"}).rate_limits) == dict(BUSINESS_PLAN_RATES)
    assert dict(ZoomSettings.from_env({"ZOOM_RATE_PLAN": "off"}).rate_limits) == {}
    with pytest.raises(ZoomConfigError, match="ZOOM_RATE_PLAN"):
        ZoomSettings.from_env({"ZOOM_RATE_PLAN": "platinum"})
