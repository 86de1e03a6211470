"""OAuth 2.1 resource-server mode: bearer JWTs against a JWKS (file or URL), issuer, audience, scope policies."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import httpx2
import pytest
import uvicorn
from mcp import Client
from mcp.client.sse import sse_client
from mcp_http_client import INIT_BODY, MCP_HEADERS, mcp_client
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from zoom_mcp.auth.caller import CallerAccessToken
from zoom_mcp.auth.jwt_verifier import JwtVerifier, ScopePolicies, load_scope_policies, token_scopes
from zoom_mcp.auth.policy_files import PolicyFileError
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.transports.settings import HttpSettings

from .conftest import AUDIENCE, ISSUER, SigningKey, new_signing_key, serving

pytestmark = pytest.mark.anyio

READ_TOOLS = {"meetings_list", "meeting_get", "whoami", "slow_echo"}


def _verifier(jwks_file: Path, scope_policies_file: Path) -> JwtVerifier:
    return JwtVerifier(
        issuer=ISSUER,
        audience=AUDIENCE,
        scope_policies=load_scope_policies(scope_policies_file),
        jwks_file=jwks_file,
    )


def _settings(jwks_file: Path, scope_policies_file: Path) -> HttpSettings:
    return HttpSettings(
        port=0, jwks_file=jwks_file, issuer=ISSUER, audience=AUDIENCE, scope_policies_file=scope_policies_file
    )


async def test_a_valid_token_becomes_a_caller_with_the_policy_of_its_scope(
    signing_key: SigningKey, jwks_file: Path, scope_policies_file: Path
) -> None:
    verifier = _verifier(jwks_file, scope_policies_file)
    reader = await verifier.verify_token(signing_key.token())
    admin = await verifier.verify_token(signing_key.token(sub="bob", scope="openid zoom-mcp:read zoom-mcp:admin"))
    assert isinstance(reader, CallerAccessToken) and isinstance(admin, CallerAccessToken)
    assert reader.client_id == reader.caller.id == "jwt:alice@example.com"  # namespaced by how it authenticated
    assert reader.caller.policy.name == "readers" and reader.caller.policy.read_only
    assert admin.caller.id == "jwt:bob" and admin.caller.policy.name == "zoom-mcp:admin"  # first listed scope wins
    assert admin.caller.policy.calls_per_minute == 100 and not admin.caller.policy.read_only
    assert reader.claims == {"iss": ISSUER} and reader.subject == "alice@example.com"


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": int(time.time()) - 3600},
        {"aud": "some-other-api"},
        {"iss": "https://evil.example.com"},
        {"sub": None},
        {"exp": None},
        {"scope": "openid profile"},
    ],
    ids=["expired", "wrong-audience", "wrong-issuer", "no-subject", "no-expiry", "no-mapped-scope"],
)
async def test_tokens_failing_any_check_are_refused(
    signing_key: SigningKey, jwks_file: Path, scope_policies_file: Path, claims: dict[str, object]
) -> None:
    verifier = _verifier(jwks_file, scope_policies_file)
    assert await verifier.verify_token(signing_key.token(**claims)) is None


async def test_tokens_signed_by_another_key_or_malformed_are_refused(
    signing_key: SigningKey, jwks_file: Path, scope_policies_file: Path
) -> None:
    verifier = _verifier(jwks_file, scope_policies_file)
    impostor = new_signing_key(signing_key.kid)  # same kid, different key
    assert await verifier.verify_token(impostor.token()) is None
    assert await verifier.verify_token(new_signing_key("unknown-kid").token()) is None
    assert await verifier.verify_token("not.a.jwt") is None
    unsigned = signing_key.token().rsplit(".", 1)[0] + "."
    assert await verifier.verify_token(unsigned) is None


async def test_default_policy_applies_to_tokens_without_a_mapped_scope(
    signing_key: SigningKey, jwks_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "scopes.json"
    path.write_text(json.dumps({"scopes": {"zoom-mcp:admin": {}}, "default": {"read_only": True}}))
    token = await _verifier(jwks_file, path).verify_token(signing_key.token(scope="openid"))
    assert isinstance(token, CallerAccessToken) and token.caller.policy.name == "default"


def test_scope_claims_and_scope_policy_files(tmp_path: Path) -> None:
    assert token_scopes({"scope": "a b"}) == ["a", "b"] and token_scopes({"scp": ["a"]}) == ["a"]
    assert token_scopes({}) == []
    policies = ScopePolicies(by_scope=(("x", CallerPolicy(name="x")),))
    assert policies.policy_for(["y"]) is None and policies.scopes == ["x"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("scopes: {}\n")
    with pytest.raises(PolicyFileError, match="`scopes` must be a non-empty mapping"):
        load_scope_policies(bad)
    bad.write_text("scopes: {a: missing-policy}\n")
    with pytest.raises(PolicyFileError, match="unknown policy 'missing-policy'"):
        load_scope_policies(bad)


async def test_refused_tokens_get_401_pointing_at_the_resource_metadata(
    signing_key: SigningKey, jwks_file: Path, scope_policies_file: Path
) -> None:
    async with serving(_settings(jwks_file, scope_policies_file)) as (running, demo, _):
        metadata_url = f"{running.base_url}/.well-known/oauth-protected-resource/mcp"
        async with httpx2.AsyncClient(base_url=running.base_url) as http:
            answers = [
                await http.post("/mcp", json=INIT_BODY, headers=MCP_HEADERS),
                await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "authorization": "Bearer x.y.z"}),
            ]
            for claims in ({"exp": int(time.time()) - 60}, {"aud": "other"}):
                bearer = {"authorization": f"Bearer {signing_key.token(**claims)}"}
                answers.append(await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, **bearer}))
                answers.append(await http.get("/sse", headers=bearer))
            metadata = await http.get("/.well-known/oauth-protected-resource/mcp")
            root_metadata = await http.get("/.well-known/oauth-protected-resource")
    for answer in answers:
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer ")
        assert f'resource_metadata="{metadata_url}"' in answer.headers["www-authenticate"]
    assert demo.sent == 0
    assert metadata.status_code == 200 and root_metadata.json() == metadata.json()
    document = metadata.json()
    assert document["resource"] == f"{running.base_url}/mcp"
    assert [server.rstrip("/") for server in document["authorization_servers"]] == [ISSUER]
    assert document["scopes_supported"] == ["zoom-mcp:admin", "zoom-mcp:read"]


async def test_jwt_callers_over_mcp_and_sse_see_only_their_policys_tools(
    signing_key: SigningKey, jwks_file: Path, scope_policies_file: Path
) -> None:
    reader = {"authorization": f"Bearer {signing_key.token()}"}
    admin = {"authorization": f"Bearer {signing_key.token(sub='bob', scope='zoom-mcp:admin')}"}
    async with serving(_settings(jwks_file, scope_policies_file)) as (running, demo, _):
        async with mcp_client(running.mcp_url, reader) as client:
            reader_tools = {tool.name for tool in (await client.list_tools()).tools}
            who = await client.call_tool("whoami", {})
            refused = await client.call_tool("meeting_delete", {"meetingId": "1"})
        async with mcp_client(running.mcp_url, admin, mode="legacy") as client:
            admin_tools = {tool.name for tool in (await client.list_tools()).tools}
        async with Client(sse_client(running.sse_url, headers=admin), mode="legacy") as client:
            sse_who = await client.call_tool("whoami", {})
    assert reader_tools == READ_TOOLS
    assert admin_tools == READ_TOOLS | {"meeting_delete"}
    assert who.structured_content == {"caller": "jwt:alice@example.com", "policy": "readers"}
    assert sse_who.structured_content == {"caller": "jwt:bob", "policy": "zoom-mcp:admin"}
    assert refused.is_error
    assert demo.sent == 2 and demo.deleted == []


@asynccontextmanager
async def serving_jwks(jwks: dict[str, object]) -> AsyncIterator[str]:
    """A real JWKS endpoint on loopback (an authorization server's `jwks_uri`)."""
    requests: list[str] = []

    async def endpoint(request: Request) -> JSONResponse:
        requests.append(request.url.path)
        return JSONResponse(jwks)

    app = Starlette(routes=[Route("/.well-known/jwks.json", endpoint)])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    async with anyio.create_task_group() as tg:
        tg.start_soon(server.serve)
        while not server.started:
            await anyio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}/.well-known/jwks.json"
        finally:
            server.should_exit = True


async def test_jwks_url_mode_fetches_the_keys_over_http(signing_key: SigningKey, scope_policies_file: Path) -> None:
    async with serving_jwks(signing_key.jwks) as jwks_url:
        verifier = JwtVerifier(
            issuer=ISSUER, audience=AUDIENCE, scope_policies=load_scope_policies(scope_policies_file), jwks_url=jwks_url
        )
        accepted = await verifier.verify_token(signing_key.token())
        refused = await verifier.verify_token(signing_key.token(aud="other"))
    assert isinstance(accepted, CallerAccessToken) and accepted.caller.id == "jwt:alice@example.com"
    assert refused is None
