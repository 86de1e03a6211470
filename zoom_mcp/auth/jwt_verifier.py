"""OAuth 2.1 resource-server mode: bearer JWTs checked against a JWKS, an issuer and an audience.

The signing key comes from a JWKS URL (fetched and cached by PyJWT's `PyJWKClient`, off the event loop)
or a local JWKS file. A token is accepted only when its signature verifies, `iss` is the configured
issuer, `aud` contains the configured audience, it has `exp` (in the future) and `sub`, and one of its
scopes maps to a policy in the scope-policies file:

    policies:                     # optional named policies (see policy_files.py for the fields)
      readers: {read_only: true}
    scopes:                       # checked in this order: put the most privileged scope first
      zoom-mcp:admin: {confirm: elicit, calls_per_minute: 60}
      zoom-mcp:read: readers
    default: null                 # policy for tokens with none of these scopes (null/absent: refuse them)

The caller id is `jwt:<sub>` (the token's subject, namespaced so it never meets an API key's name); scopes
come from `scope` (space-separated) or `scp` (a list).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import anyio.to_thread
import jwt
from pydantic import Field

from zoom_mcp.auth.caller import JWT_KIND, CallerAccessToken, caller_id
from zoom_mcp.auth.policy_files import (
    POLICY_REF_RULE,
    NamedPolicies,
    PolicyFileError,
    PolicyRef,
    Text,
    named_policies,
    parse_file,
    read_policy_file,
    resolve_policy,
)
from zoom_mcp.config_files import StrictModel
from zoom_mcp.policy import Caller, CallerPolicy

logger = logging.getLogger(__name__)

DEFAULT_ALGORITHMS: Final = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA")
DEFAULT_LEEWAY_SECONDS: Final = 10.0


@dataclass(frozen=True)
class ScopePolicies:
    """Token scope -> policy, in priority order, and the policy for tokens with none of the scopes."""

    by_scope: tuple[tuple[str, CallerPolicy], ...]
    default: CallerPolicy | None = None

    @property
    def scopes(self) -> list[str]:
        return [scope for scope, _ in self.by_scope]

    def policy_for(self, scopes: Sequence[str]) -> CallerPolicy | None:
        held = set(scopes)
        for scope, policy in self.by_scope:
            if scope in held:
                return policy
        return self.default


class ScopePoliciesFile(StrictModel):
    """The scope-policies file, as written."""

    policies: NamedPolicies = Field(default_factory=dict, description="must map policy names to policy fields")
    scopes: dict[Text, PolicyRef] = Field(
        min_length=1, description="must be a non-empty mapping of token scope -> policy (a name or policy fields)"
    )
    default: PolicyRef | None = Field(
        default=None, description=f"{POLICY_REF_RULE}, or null to refuse tokens without a mapped scope"
    )


def load_scope_policies(path: Path) -> ScopePolicies:
    """Read a scope-policies file; raise `PolicyFileError` saying what is wrong and where."""
    data = read_policy_file(path)
    if not isinstance(data, dict):
        raise PolicyFileError(f"{path}: expected a mapping with `scopes:` (scope -> policy).")
    parsed = parse_file(path, ScopePoliciesFile, data)
    policies = named_policies(parsed.policies)
    by_scope = tuple(
        (scope, resolve_policy(value, scope, policies, f"{path}: scopes.{scope}"))
        for scope, value in parsed.scopes.items()
    )
    default = (
        None if parsed.default is None else resolve_policy(parsed.default, "default", policies, f"{path}: default")
    )
    return ScopePolicies(by_scope=by_scope, default=default)


def token_scopes(claims: Mapping[str, Any]) -> list[str]:
    """Scopes of a JWT: `scope` (space-separated string, RFC 9068) or `scp` (list or string)."""
    for claim in ("scope", "scp"):
        value = claims.get(claim)
        if isinstance(value, str):
            return value.split()
        if isinstance(value, list):
            return [str(item) for item in value]
    return []


class JwtVerifier:
    """`TokenVerifier` for bearer JWTs issued by one authorization server for this resource."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        scope_policies: ScopePolicies,
        jwks_url: str | None = None,
        jwks_file: Path | None = None,
        algorithms: Sequence[str] = DEFAULT_ALGORITHMS,
        leeway_seconds: float = DEFAULT_LEEWAY_SECONDS,
    ) -> None:
        if (jwks_url is None) == (jwks_file is None):
            raise ValueError("JwtVerifier needs exactly one of jwks_url and jwks_file")
        self.issuer = issuer
        self.audience = audience
        self.scope_policies = scope_policies
        self._algorithms = list(algorithms)
        self._leeway = leeway_seconds
        self._client = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300) if jwks_url else None
        self._key_set = _read_jwks_file(jwks_file) if jwks_file is not None else None

    def _signing_key(self, token: str) -> jwt.PyJWK:
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token)
        assert self._key_set is not None
        kid = jwt.get_unverified_header(token).get("kid")
        if kid is None:
            if len(self._key_set.keys) != 1:
                raise jwt.InvalidTokenError("token has no `kid` and the JWKS holds several keys")
            return self._key_set.keys[0]
        try:
            return self._key_set[str(kid)]
        except KeyError as exc:
            raise jwt.InvalidTokenError("no key in the JWKS matches the token's `kid`") from exc

    def _decode(self, token: str) -> dict[str, Any]:
        key = self._signing_key(token)
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key.key,
            algorithms=self._algorithms,
            audience=self.audience,
            issuer=self.issuer,
            leeway=self._leeway,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
        return claims

    async def verify_token(self, token: str) -> CallerAccessToken | None:
        try:
            if self._client is not None:
                claims = await anyio.to_thread.run_sync(self._decode, token)
            else:
                claims = self._decode(token)
        except (jwt.PyJWTError, ValueError) as exc:
            logger.info("Refused a bearer JWT: %s", exc)
            return None
        subject = str(claims["sub"])
        scopes = token_scopes(claims)
        policy = self.scope_policies.policy_for(scopes)
        if policy is None:
            logger.info("Refused the JWT of %r: none of its scopes %s maps to a policy", subject, scopes)
            return None
        return CallerAccessToken(
            token=f"jwt:{claims.get('jti', '')}",  # the bearer token itself is not kept
            client_id=caller_id(JWT_KIND, subject),
            scopes=scopes,
            expires_at=int(claims["exp"]),
            subject=subject,
            claims={"iss": claims["iss"]},
            caller=Caller(id=caller_id(JWT_KIND, subject), policy=policy),
        )


def _read_jwks_file(path: Path) -> jwt.PyJWKSet:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return jwt.PyJWKSet.from_dict(data)
    except (OSError, ValueError, jwt.PyJWTError) as exc:
        raise PolicyFileError(f'Cannot use {path} as a JWKS ({{"keys": [...]}}): {exc}') from exc
