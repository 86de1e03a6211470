"""Shared pieces for the authentication tests: an RSA signing key with its JWKS, tokens, and a served demo server."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from zoom_mcp.metrics import Metrics
from zoom_mcp.transports.demo_server import DemoServer
from zoom_mcp.transports.http import RunningHttpServer, running_http_server
from zoom_mcp.transports.settings import HttpSettings

ISSUER = "https://idp.example.com"
AUDIENCE = "zoom-mcp-test"


@dataclass
class SigningKey:
    """An RSA key pair, its public JWKS (`jwks`), and a helper to sign tokens with it."""

    private_key: rsa.RSAPrivateKey
    kid: str

    @property
    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key()))
        public.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [public]}

    def token(self, **overrides: Any) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "alice@example.com",
            "iat": now,
            "exp": now + 600,
            "scope": "zoom-mcp:read",
        }
        claims.update(overrides)
        claims = {key: value for key, value in claims.items() if value is not None}
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": self.kid})


def new_signing_key(kid: str) -> SigningKey:
    return SigningKey(private_key=rsa.generate_private_key(public_exponent=65537, key_size=2048), kid=kid)


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return new_signing_key("test-key-1")


@pytest.fixture
def jwks_file(tmp_path: Path, signing_key: SigningKey) -> Path:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(signing_key.jwks))
    return path


SCOPE_POLICIES_YAML = """
policies:
  readers: {read_only: true}
scopes:
  zoom-mcp:admin: {confirm: elicit, calls_per_minute: 100}
  zoom-mcp:read: readers
"""


@pytest.fixture
def scope_policies_file(tmp_path: Path) -> Path:
    path = tmp_path / "scopes.yaml"
    path.write_text(SCOPE_POLICIES_YAML)
    return path


@asynccontextmanager
async def serving(settings: HttpSettings) -> AsyncIterator[tuple[RunningHttpServer, DemoServer, Metrics]]:
    """The demo server on loopback (a free port) with `settings`."""
    metrics = Metrics()
    demo = DemoServer(metrics)
    async with running_http_server(demo.server, settings, metrics=metrics) as running:
        yield running, demo, metrics
