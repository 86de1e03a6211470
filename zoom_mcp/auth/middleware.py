"""Starlette authentication for the HTTP endpoint, built on the SDK's auth pieces.

- `CompositeVerifier` tries API keys first (a hash lookup), then bearer JWTs (only for JWT-shaped tokens);
- `CredentialsBackend` (the SDK's `BearerAuthBackend`, plus the `X-API-Key` header) turns the presented
  credential into the SDK's `AuthenticatedUser` so that session ownership checks of the SDK transports apply;
- `RequireCaller` wraps the SDK's `RequireAuthMiddleware` (401 + `WWW-Authenticate: Bearer ...,
  resource_metadata="..."`) and counts refusals in the metrics;
- `build_verifier(config)` reads the keys / JWKS / scope-policy files named in an `AuthConfig` (once per process:
  `zoom-mcp serve` builds it while checking its flags and hands it to the HTTP app).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Final

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser, BearerAuthBackend, RequireAuthMiddleware
from mcp.server.auth.provider import AccessToken, TokenVerifier
from pydantic import AnyHttpUrl
from starlette.authentication import AuthCredentials, BaseUser
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from zoom_mcp.auth.api_keys import ApiKeyVerifier, load_api_keys
from zoom_mcp.auth.config import AuthConfig
from zoom_mcp.auth.jwt_verifier import JwtVerifier, load_scope_policies
from zoom_mcp.metrics import Metrics

logger = logging.getLogger(__name__)

API_KEY_HEADER: Final = "x-api-key"
_REFUSED_MARK: Final = "zoom_mcp.credentials_refused"


def _looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2


class CompositeVerifier:
    """A `TokenVerifier` that asks the API-key verifier, then the JWT verifier, whichever are configured."""

    def __init__(self, api_keys: ApiKeyVerifier | None, jwt_verifier: JwtVerifier | None) -> None:
        self.api_keys = api_keys
        self.jwt_verifier = jwt_verifier

    async def verify_token(self, token: str) -> AccessToken | None:
        if self.api_keys is not None:
            found = await self.api_keys.verify_token(token)
            if found is not None:
                return found
        if self.jwt_verifier is not None and _looks_like_jwt(token):
            return await self.jwt_verifier.verify_token(token)
        return None


def build_verifier(config: AuthConfig) -> CompositeVerifier | None:
    """The verifier for `config`'s authentication files, or None when no authentication is configured.

    Raises `AuthConfigError` for incomplete settings and `PolicyFileError` for a bad keys / scope-policies / JWKS file.
    """
    config.check()
    api_keys = ApiKeyVerifier(load_api_keys(config.api_keys_file)) if config.api_keys_file else None
    jwt_verifier = None
    if config.jwt_enabled:
        assert config.issuer and config.audience and config.scope_policies_file  # config.check()
        jwt_verifier = JwtVerifier(
            issuer=config.issuer,
            audience=config.audience,
            scope_policies=load_scope_policies(config.scope_policies_file),
            jwks_url=config.jwks_url,
            jwks_file=config.jwks_file,
        )
    if api_keys is None and jwt_verifier is None:
        return None
    return CompositeVerifier(api_keys, jwt_verifier)


class CredentialsBackend(BearerAuthBackend):
    """`Authorization: Bearer <token>` (API key or JWT), or `X-API-Key: <key>`."""

    def __init__(self, token_verifier: TokenVerifier) -> None:
        super().__init__(token_verifier)

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        authorization = conn.headers.get("authorization")
        api_key = conn.headers.get(API_KEY_HEADER)
        if authorization:
            result: tuple[AuthCredentials, BaseUser] | None = await super().authenticate(conn)
        elif api_key:
            token = await self.token_verifier.verify_token(api_key)
            result = None if token is None else (AuthCredentials(token.scopes), AuthenticatedUser(token))
        else:
            return None
        if result is None:
            conn.scope[_REFUSED_MARK] = True
        return result


class RequireCaller:
    """The SDK's `RequireAuthMiddleware` (401 with `WWW-Authenticate`), counting refusals in `metrics`."""

    def __init__(
        self, app: ASGIApp, metrics: Metrics, resource_metadata_url: AnyHttpUrl | None, scopes: Sequence[str] = ()
    ) -> None:
        self._inner = RequireAuthMiddleware(app, list(scopes), resource_metadata_url)
        self._metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not isinstance(scope.get("user"), AuthenticatedUser):
            reason = "invalid" if scope.get(_REFUSED_MARK) else "missing"
            self._metrics.record_auth_failure(reason)
            logger.info("Refused %s %s: %s credentials", scope.get("method"), scope.get("path"), reason)
        await self._inner(scope, receive, send)
