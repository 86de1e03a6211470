"""The sandbox's OAuth side: issue Server-to-Server tokens, check bearer tokens, enforce scopes."""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
import time

from zoom_mcp.sandbox.config import SandboxConfig
from zoom_mcp.sandbox.errors import ZoomStyleError
from zoom_mcp.sandbox.spec import SpecOperation

# Zoom's token endpoint answers `{"reason", "error"}`. A wrong client secret gets the widely reported
# `{"reason": "Invalid client_id or client_secret", "error": "invalid_client"}`. For an unknown client ID and a
# wrong account ID the reference documents are silent; the wording below is inferred from Zoom's OAuth
# error-message table ("Invalid client.", OAuth errors 4702/4704) and from `invalid_request` answers to a
# bad account_id, and kept distinct so that `zoom-mcp doctor` can name the wrong setting.
UNKNOWN_CLIENT_REASON = "Invalid client."
BAD_SECRET_REASON = "Invalid client_id or client_secret"
BAD_ACCOUNT_REASON = "Invalid account_id"


class OAuthError(Exception):
    """A token-endpoint failure, answered as `{"reason", "error"}` like zoom.us/oauth/token."""

    def __init__(self, status: int, error: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.error = error
        self.reason = reason


class TokenStore:
    """Issued tokens with their expiry; static tokens from the configuration never expire."""

    def __init__(self, config: SandboxConfig, all_scopes: list[str]) -> None:
        self._config = config
        self._tokens: dict[str, float] = {}
        self._lock = threading.Lock()
        self.granted = sorted(config.granted_scopes) if config.granted_scopes is not None else sorted(set(all_scopes))

    def issue(self, authorization: str | None, grant_type: str | None, account_id: str | None) -> dict[str, object]:
        if grant_type != "account_credentials":
            raise OAuthError(
                400, "unsupported_grant_type", "Unsupported grant type; use grant_type=account_credentials."
            )
        client_id, client_secret = _basic_credentials(authorization)
        if client_id != self._config.client_id:
            raise OAuthError(401, "invalid_client", UNKNOWN_CLIENT_REASON)
        if client_secret != self._config.client_secret:
            raise OAuthError(401, "invalid_client", BAD_SECRET_REASON)
        if account_id != self._config.account_id:
            raise OAuthError(400, "invalid_request", BAD_ACCOUNT_REASON)
        token = "sbx_" + secrets.token_urlsafe(32)
        ttl = self._config.token_ttl_seconds
        with self._lock:
            self._tokens[token] = time.monotonic() + ttl
        return {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": max(1, round(ttl)),
            "scope": " ".join(self.granted),
            "api_url": "https://api.zoom.us",
        }

    def check(self, authorization: str | None) -> str:
        """Return the token of a valid `Authorization: Bearer` header or raise the 401 code 124 error."""
        if not authorization or not authorization.lower().startswith("bearer "):
            raise ZoomStyleError(401, 124, "Invalid access token.")
        token = authorization[7:].strip()
        if token in self._config.static_tokens:
            return token
        with self._lock:
            expiry = self._tokens.get(token)
        if expiry is None or time.monotonic() >= expiry:
            raise ZoomStyleError(401, 124, "Invalid access token.")
        return token

    def expire_all(self) -> None:
        """Make every issued token expired (static tokens stay valid)."""
        with self._lock:
            self._tokens = dict.fromkeys(self._tokens, 0.0)

    def check_scopes(self, operation: SpecOperation) -> None:
        if self._config.granted_scopes is None:
            return
        needed = [*operation.scopes, *operation.granular_scopes]
        if needed and not any(scope in self._config.granted_scopes for scope in needed):
            raise ZoomStyleError(403, 4711, f"Invalid access token, does not contain scopes:[{', '.join(needed)}].")


def _basic_credentials(authorization: str | None) -> tuple[str, str]:
    if not authorization or not authorization.lower().startswith("basic "):
        raise OAuthError(401, "invalid_client", "Invalid client_id or client_secret")
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise OAuthError(401, "invalid_client", "Invalid client_id or client_secret") from exc
    client_id, _, client_secret = decoded.partition(":")
    return client_id, client_secret
