"""An API key named "alice" and a JWT whose subject is "alice" are two callers (`key:alice`, `jwt:alice`):
they share no rate window, no confirmation token and no session. The real server over the sandbox Zoom,
behind the hosted endpoint with both kinds of authentication configured."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from mcp import Client
from mcp_http_client import INIT_BODY, MCP_HEADERS, bearer, mcp_client

from zoom_mcp.auth.api_keys import hash_api_key
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings
from zoom_mcp.transports.http import RunningHttpServer, running_http_server
from zoom_mcp.transports.settings import HttpSettings

pytestmark = pytest.mark.anyio

ISSUER = "https://idp.example.com"
AUDIENCE = "zoom-mcp-kinds"
KEY = "zmcp_alice-key-for-tests"
POLICY = "{calls_per_minute: 2, confirm: token}"


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwt_for(private_key: rsa.RSAPrivateKey, subject: str) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": subject, "iat": now, "exp": now + 600, "scope": "zoom-mcp:use"}
    return jwt.encode(claims, private_key, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
def settings(tmp_path: Path, private_key: rsa.RSAPrivateKey) -> HttpSettings:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key()))
    public.update({"kid": "k1", "use": "sig", "alg": "RS256"})
    (tmp_path / "jwks.json").write_text(json.dumps({"keys": [public]}))
    (tmp_path / "keys.yaml").write_text(
        f"keys:\n  - name: alice\n    key_sha256: {hash_api_key(KEY)}\n    policy: {POLICY}\n"
    )
    (tmp_path / "scopes.yaml").write_text(f"scopes:\n  zoom-mcp:use: {POLICY}\n")
    return HttpSettings(
        port=0,
        api_keys_file=tmp_path / "keys.yaml",
        jwks_file=tmp_path / "jwks.json",
        issuer=ISSUER,
        audience=AUDIENCE,
        scope_policies_file=tmp_path / "scopes.yaml",
    )


@asynccontextmanager
async def endpoint(sandbox: RunningSandbox, settings: HttpSettings) -> AsyncIterator[RunningHttpServer]:
    options = RuntimeOptions(
        zoom=sandbox_zoom_settings(sandbox),
        policy=CallerPolicy(name="local"),
        default_account_id=sandbox.config.account_id,
    )
    async with (
        open_runtime(options) as runtime,
        running_http_server(
            build_server(runtime), settings, metrics=runtime.metrics, default_caller=runtime.default_caller
        ) as running,
    ):
        yield running


def client(running: RunningHttpServer, token: str) -> AbstractAsyncContextManager[Client]:
    return mcp_client(running.mcp_url, bearer(token), mode="legacy", cache=None)


def text(result: Any) -> str:
    return str(result.content[0].text)


async def test_rate_windows_are_per_kind(
    sandbox: RunningSandbox, settings: HttpSettings, private_key: rsa.RSAPrivateKey
) -> None:
    async with endpoint(sandbox, settings) as running:
        async with client(running, KEY) as by_key:
            for _ in range(2):
                assert not (await by_key.call_tool("meetings_list", {"userId": "me"})).is_error
            limited = await by_key.call_tool("meetings_list", {"userId": "me"})
        async with client(running, jwt_for(private_key, "alice")) as by_jwt:
            fresh = await by_jwt.call_tool("meetings_list", {"userId": "me"})
    assert limited.is_error and "caller 'key:alice'" in text(limited)
    assert not fresh.is_error


async def test_a_confirmation_token_is_bound_to_the_kind_of_caller(
    sandbox: RunningSandbox, settings: HttpSettings, private_key: rsa.RSAPrivateKey
) -> None:
    delete = {"meetingId": str(SCHEDULED_MEETING_ID)}
    async with endpoint(sandbox, settings) as running:
        async with client(running, KEY) as by_key:
            preview = await by_key.call_tool("meeting_delete", delete)
        token = (preview.structured_content or {})["confirmation_token"]
        async with client(running, jwt_for(private_key, "alice")) as by_jwt:
            stolen = await by_jwt.call_tool("meeting_delete", {**delete, "confirmation_token": token})
        async with client(running, KEY) as by_key:
            done = await by_key.call_tool("meeting_delete", {**delete, "confirmation_token": token})
    assert stolen.is_error and "issued to another caller" in text(stolen)
    assert not done.is_error
    assert [r["method"] for r in sandbox.requests() if r.get("operationId") == "meetingDelete"] == ["DELETE"]


async def test_a_session_belongs_to_the_kind_of_caller_that_opened_it(
    sandbox: RunningSandbox, settings: HttpSettings, private_key: rsa.RSAPrivateKey
) -> None:
    listing = {"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}}
    async with endpoint(sandbox, settings) as running, httpx2.AsyncClient(base_url=running.base_url) as http:
        opened = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "authorization": f"Bearer {KEY}"})
        session = {"mcp-session-id": opened.headers["mcp-session-id"], "mcp-protocol-version": "2025-11-25"}
        other_kind = await http.post(
            "/mcp",
            json=listing,
            headers={**MCP_HEADERS, **session, "authorization": f"Bearer {jwt_for(private_key, 'alice')}"},
        )
        owner = await http.post(
            "/mcp", json=listing, headers={**MCP_HEADERS, **session, "authorization": f"Bearer {KEY}"}
        )
    assert opened.status_code == 200
    assert other_kind.status_code == 404
    assert owner.status_code != 404
