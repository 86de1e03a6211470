"""Confirmation tokens: single-use, HMAC-SHA256-sealed proof that one exact request was previewed first.

In `--confirm token` the preview and its token go back to the model, so a token proves a deliberate second
call with the same arguments, not that a person saw it (unless the client asks its person before each call).
The same sealing carries the modern era's `request_state` for the other modes.

A token is bound to the tool name, a digest of the exact arguments (canonical JSON, sorted keys,
without `confirmation_token`), a digest of the caller id and a purpose ("token" for the preview
flow, "state" for the modern-era `request_state`), and expires after `ttl_seconds` (5 minutes).

Format: `zmc1.<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`. Keys come from
`ZOOM_MCP_CONFIRM_KEYS` (comma-separated; the first key signs, every key verifies, so keys can be
rotated); when unset, a random key per process is used and tokens do not survive a restart.

Replay protection: a redeemed token's id is claimed in the state store (`redeemed:<id>`, a single-use
claim kept until the token expires): `MemoryStore` for one process, `RedisStore` (`--state-url`) for
replicas and workers, so a token works once across all of them. `redeem` is async and fails closed: when
the store cannot be reached the token is refused (`unavailable`) and nothing is sent. With a shared store,
a token issued before the store's memory began (a Redis restarted without its data may have forgotten
that it was used) is refused too (`state_lost`). A process without a shared store cannot know what an
earlier process redeemed: with the same `ZOOM_MCP_CONFIRM_KEYS`, a token issued before a restart still works
after it (once).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from zoom_mcp.state import MemoryStore, StateStore, StateUnavailable

CONFIRM_KEYS_ENV = "ZOOM_MCP_CONFIRM_KEYS"
TOKEN_ARGUMENT = "confirmation_token"
TOKEN_PREFIX = "zmc1"
DEFAULT_TTL_SECONDS = 300.0
_CLOCK_ROUNDING = 0.001  # claims carry times rounded to the millisecond
_HMAC_LABEL = b"zoom-mcp/confirmation-token/v1"
_STATE_LABEL = b"zoom-mcp/request-state/v1"

logger = logging.getLogger("zoom_mcp.gates")


class TokenFailure(Enum):
    """Why a presented token was not accepted."""

    MISSING = "missing"
    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad_signature"
    EXPIRED = "expired"
    REPLAYED = "replayed"
    OTHER_TOOL = "other_tool"
    OTHER_ARGUMENTS = "other_arguments"
    OTHER_CALLER = "other_caller"
    UNAVAILABLE = "unavailable"
    STATE_LOST = "state_lost"


@dataclass(frozen=True)
class IssuedToken:
    token: str
    token_id: str
    expires_at: float


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of `redeem`: `ok`, or the `failure` and (when readable) the tool it was issued for."""

    failure: TokenFailure | None
    issued_for_tool: str | None = None
    extra: Mapping[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


def canonical_arguments(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments a token binds: everything as given, minus `confirmation_token`."""
    return {k: v for k, v in arguments.items() if k != TOKEN_ARGUMENT}


def arguments_digest(arguments: Mapping[str, Any]) -> str:
    canonical = json.dumps(canonical_arguments(arguments), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return _b64u(hashlib.sha256(canonical.encode()).digest()[:18])


def caller_digest(caller_id: str) -> str:
    """A short digest of a caller id (what tokens and pending confirmations store instead of the id)."""
    return _b64u(hashlib.sha256(b"zoom-mcp/caller:" + caller_id.encode("utf-8", "surrogatepass")).digest()[:12])


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _b64u_decode(text: str) -> bytes:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64u(raw) != text:
        raise ValueError("non-canonical base64url")
    return raw


def keys_from_environment(environ: Mapping[str, str] | None = None) -> list[bytes]:
    """The configured secrets from `ZOOM_MCP_CONFIRM_KEYS`, or one random per-process key when unset."""
    env = os.environ if environ is None else environ
    configured = [part.strip() for part in env.get(CONFIRM_KEYS_ENV, "").split(",") if part.strip()]
    for index, key in enumerate(configured):
        if len(key) < 32:
            logger.warning(
                "%s key #%d is only %d characters; use at least 32 random characters "
                '(python -c "import secrets; print(secrets.token_hex(32))")',
                CONFIRM_KEYS_ENV,
                index + 1,
                len(key),
            )
    if not configured:
        return [os.urandom(32)]
    return [key.encode() for key in configured]


def request_state_keys(secrets_: Sequence[bytes]) -> list[bytes]:
    """Separate 32-byte keys for the SDK's request-state sealing, derived from the confirmation secrets."""
    return [hmac.new(secret, _STATE_LABEL, hashlib.sha256).digest() for secret in secrets_]


class ConfirmationTokens:
    """Issues and redeems confirmation tokens; `clock` and `ttl_seconds` are injectable for tests."""

    def __init__(
        self,
        keys: Sequence[bytes] | None = None,
        *,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.time,
        store: StateStore | None = None,
    ) -> None:
        secrets_list = list(keys) if keys else [os.urandom(32)]
        self.secrets: tuple[bytes, ...] = tuple(secrets_list)
        self._keys = [hmac.new(secret, _HMAC_LABEL, hashlib.sha256).digest() for secret in secrets_list]
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self.store: StateStore = store if store is not None else MemoryStore()

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> ConfirmationTokens:
        return cls(keys_from_environment(environ), **kwargs)

    def now(self) -> float:
        return self._clock()

    def issue(
        self,
        *,
        tool: str,
        arguments: Mapping[str, Any],
        caller_id: str,
        purpose: str = "token",
        extra: Mapping[str, Any] | None = None,
    ) -> IssuedToken:
        token_id = secrets.token_urlsafe(12)
        expires_at = self._clock() + self.ttl_seconds
        claims: dict[str, Any] = {
            "id": token_id,
            "iat": round(expires_at - self.ttl_seconds, 3),
            "p": purpose,
            "t": tool,
            "a": arguments_digest(arguments),
            "c": caller_digest(caller_id),
            "exp": round(expires_at, 3),
        }
        if extra:
            claims["x"] = dict(extra)
        body = _b64u(json.dumps(claims, sort_keys=True, separators=(",", ":")).encode())
        signed = f"{TOKEN_PREFIX}.{body}"
        mac = hmac.new(self._keys[0], signed.encode(), hashlib.sha256).digest()
        return IssuedToken(token=f"{signed}.{_b64u(mac)}", token_id=token_id, expires_at=expires_at)

    def _verified_claims(self, token: str) -> dict[str, Any] | TokenFailure:
        parts = token.strip().split(".")
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
            return TokenFailure.MALFORMED
        try:
            mac = _b64u_decode(parts[2])
            payload = _b64u_decode(parts[1])
        except ValueError:
            return TokenFailure.MALFORMED
        signed = f"{parts[0]}.{parts[1]}".encode()
        if not any(hmac.compare_digest(hmac.new(k, signed, hashlib.sha256).digest(), mac) for k in self._keys):
            return TokenFailure.BAD_SIGNATURE
        try:
            claims = json.loads(payload)
        except ValueError:
            return TokenFailure.MALFORMED
        if not isinstance(claims, dict) or not all(k in claims for k in ("id", "p", "t", "a", "c", "exp")):
            return TokenFailure.MALFORMED
        return claims

    async def redeem(
        self,
        token: str | None,
        *,
        tool: str,
        arguments: Mapping[str, Any],
        caller_id: str,
        purpose: str = "token",
    ) -> TokenCheck:
        """Check a token against this exact call and, when it is good, mark it used (single use, in the store)."""
        if token is None or not str(token).strip():
            return TokenCheck(TokenFailure.MISSING)
        claims = self._verified_claims(str(token))
        if isinstance(claims, TokenFailure):
            return TokenCheck(claims)
        issued_for = str(claims["t"])
        if claims["p"] != purpose:
            return TokenCheck(TokenFailure.MALFORMED, issued_for)
        if issued_for != tool:
            return TokenCheck(TokenFailure.OTHER_TOOL, issued_for)
        if not hmac.compare_digest(str(claims["c"]), caller_digest(caller_id)):
            return TokenCheck(TokenFailure.OTHER_CALLER, issued_for)
        if not hmac.compare_digest(str(claims["a"]), arguments_digest(arguments)):
            return TokenCheck(TokenFailure.OTHER_ARGUMENTS, issued_for)
        expires_at = claims["exp"]
        if not isinstance(expires_at, int | float) or not self._clock() < expires_at:
            return TokenCheck(TokenFailure.EXPIRED, issued_for)
        issued_at = claims.get("iat")
        if not isinstance(issued_at, int | float):
            issued_at = float(expires_at) - self.ttl_seconds
        try:
            claim = await self.store.claim(f"redeemed:{claims['id']}", max(1.0, float(expires_at) - self._clock() + 1))
        except StateUnavailable as exc:
            logger.warning("confirmation token for %s refused: %s", issued_for, exc)
            return TokenCheck(TokenFailure.UNAVAILABLE, issued_for)
        if not claim.won:
            return TokenCheck(TokenFailure.REPLAYED, issued_for)
        if self.store.shared and issued_at < claim.since - _CLOCK_ROUNDING:
            return TokenCheck(TokenFailure.STATE_LOST, issued_for)
        extra = claims.get("x")
        return TokenCheck(None, issued_for, extra if isinstance(extra, dict) else None)
