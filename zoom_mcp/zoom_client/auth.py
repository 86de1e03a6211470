"""Access tokens for Zoom: a static token, or Server-to-Server OAuth with caching and renewal.

`ServerToServerOAuth` POSTs `oauth_url?grant_type=account_credentials&account_id=...` with Basic auth,
caches the token, renews it before expiry (60 s or 10% of its lifetime, whichever is smaller), lets
only one renewal run at a time however many calls wait for it, and drops a token Zoom rejected
(`invalidate`) so the next call fetches a fresh one. `token_provider_for(settings, http_client)`
picks the provider the settings describe.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import anyio
import httpx2

from zoom_mcp import request_scope
from zoom_mcp.zoom_client.errors import AuthFailed, ZoomConfigError, ZoomTransportError, error_from_response, redact
from zoom_mcp.zoom_client.settings import ZoomSettings

logger = logging.getLogger("zoom_mcp.zoom_client")

RENEW_MARGIN_SECONDS = 60.0
RENEW_MARGIN_FRACTION = 0.10


@runtime_checkable
class TokenProvider(Protocol):
    """Gives the bearer token for the next request, and learns when Zoom rejected one."""

    async def get_token(self) -> str:
        """The token to send now (fetching or renewing it first when needed)."""
        ...

    def invalidate(self, token: str) -> bool:
        """Zoom answered 401 to `token`. Return True when a different token can be had (so a retry is useful)."""
        ...

    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in logs or errors (tokens, client secret)."""
        ...


class StaticToken:
    """A fixed access token (ZOOM_ACCESS_TOKEN). It cannot be renewed, so a 401 is final."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ZoomConfigError("The static access token is empty. Set ZOOM_ACCESS_TOKEN to a Zoom access token.")
        self._token = token

    async def get_token(self) -> str:
        return self._token

    def invalidate(self, token: str) -> bool:
        return False

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def __repr__(self) -> str:
        return "StaticToken(<set>)"


@dataclass(frozen=True)
class _CachedToken:
    value: str
    renew_at: float
    expires_at: float
    scopes: tuple[str, ...]


class ServerToServerOAuth:
    """Server-to-Server OAuth (account credentials grant) with a cached, renewed token."""

    def __init__(
        self,
        oauth_url: str,
        account_id: str,
        client_id: str,
        client_secret: str,
        http_client: httpx2.AsyncClient,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        missing = [
            n
            for n, v in (("account_id", account_id), ("client_id", client_id), ("client_secret", client_secret))
            if not v
        ]
        if missing:
            raise ZoomConfigError(
                f"Server-to-Server OAuth needs {', '.join(missing)}. Set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and "
                "ZOOM_CLIENT_SECRET from the app's credentials page in the Zoom App Marketplace."
            )
        self._oauth_url = oauth_url
        self._account_id = account_id
        self._client_id = client_id
        self._client_secret = client_secret
        self._http = http_client
        self._clock = clock
        self._lock = anyio.Lock()
        self._cached: _CachedToken | None = None
        self._issued: list[str] = []
        self.fetch_count = 0

    @property
    def granted_scopes(self) -> tuple[str, ...]:
        """Scopes Zoom reported for the current token (empty before the first fetch)."""
        return self._cached.scopes if self._cached else ()

    async def get_token(self) -> str:
        cached = self._cached
        if cached is not None and self._clock() < cached.renew_at:
            return cached.value
        async with self._lock:
            cached = self._cached
            if cached is not None and self._clock() < cached.renew_at:
                return cached.value
            renewing = self.fetch_count > 0
            self._cached = await self._fetch()
            await request_scope.log(
                "info",
                f"{'Renewed' if renewing else 'Fetched'} the Zoom access token (Server-to-Server OAuth)",
                renewed=renewing,
            )
            return self._cached.value

    def invalidate(self, token: str) -> bool:
        if self._cached is not None and self._cached.value == token:
            self._cached = None
        return True

    def secrets(self) -> tuple[str, ...]:
        return (self._client_secret, *self._issued)

    async def _fetch(self) -> _CachedToken:
        started = self._clock()
        params = {"grant_type": "account_credentials", "account_id": self._account_id}
        try:
            response = await self._http.post(
                self._oauth_url, params=params, auth=httpx2.BasicAuth(self._client_id, self._client_secret)
            )
        except httpx2.TransportError as exc:
            raise ZoomTransportError(
                f"Could not reach the Zoom OAuth endpoint {self._oauth_url} ({type(exc).__name__}: "
                f"{redact(str(exc), self.secrets())}). Check ZOOM_OAUTH_URL and the network, then retry.",
                method="POST",
                path=self._oauth_url,
            ) from None
        self.fetch_count += 1
        logger.info(
            "POST %s (token request) -> %s in %.0f ms",
            self._oauth_url,
            response.status_code,
            (self._clock() - started) * 1000,
        )
        if response.status_code != 200:
            error = error_from_response(
                status=response.status_code,
                headers=dict(response.headers),
                text=response.text,
                method="POST",
                path=self._oauth_url,
                secrets=self.secrets(),
            )
            if 400 <= response.status_code < 500 and response.status_code != 429:
                raise AuthFailed(
                    error.status,
                    error.code,
                    f"Token request failed: {error.message}",
                    errors=error.errors,
                    method="POST",
                    path=self._oauth_url,
                    hint="Check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET against the Server-to-Server "
                    "OAuth app's credentials page, and that the app is activated.",
                ) from None
            raise error from None
        return self._parse(response, started)

    def _parse(self, response: httpx2.Response, started: float) -> _CachedToken:
        try:
            body = response.json()
            token = str(body["access_token"])
            lifetime = float(body.get("expires_in", 3600))
        except (ValueError, KeyError, TypeError):
            raise AuthFailed(
                response.status_code,
                None,
                "The OAuth endpoint answered without an access_token.",
                method="POST",
                path=self._oauth_url,
                hint="Check that ZOOM_OAUTH_URL points at Zoom's token endpoint (https://zoom.us/oauth/token).",
            ) from None
        self._issued = [*self._issued[-4:], token]
        margin = min(RENEW_MARGIN_SECONDS, lifetime * RENEW_MARGIN_FRACTION)
        scopes = tuple(str(body.get("scope") or "").split())
        return _CachedToken(token, started + lifetime - margin, started + lifetime, scopes)

    def __repr__(self) -> str:
        return f"ServerToServerOAuth(oauth_url={self._oauth_url!r}, account_id={self._account_id!r}, client_id=<set>)"


def token_provider_for(settings: ZoomSettings, http_client: httpx2.AsyncClient) -> TokenProvider:
    """Server-to-Server OAuth when its three values are set, else the static token; ZoomConfigError otherwise."""
    if settings.has_oauth_credentials:
        assert settings.account_id and settings.client_id and settings.client_secret
        return ServerToServerOAuth(
            settings.oauth_url, settings.account_id, settings.client_id, settings.client_secret, http_client
        )
    if settings.access_token:
        return StaticToken(settings.access_token)
    partial = [v for v in ("account_id", "client_id", "client_secret") if getattr(settings, v)]
    if partial:
        raise ZoomConfigError(
            f"Incomplete Server-to-Server OAuth credentials: {', '.join(settings.missing_oauth_variables)} not set. "
            "Set all of ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET, or ZOOM_ACCESS_TOKEN."
        )
    raise ZoomConfigError(
        "No Zoom credentials configured. Set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET "
        "(Server-to-Server OAuth) or ZOOM_ACCESS_TOKEN, or run `zoom-mcp serve --sandbox`."
    )
