"""API keys: the keys file, the verifier, and the endpoint's behaviour with keys (401s, policies, rate limits)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx2
import pytest
from mcp import Client
from mcp.client.sse import sse_client
from mcp.shared.exceptions import MCPError
from mcp_http_client import INIT_BODY, MCP_HEADERS, mcp_client

from zoom_mcp.auth.api_keys import ApiKeyVerifier, hash_api_key, load_api_keys, main
from zoom_mcp.auth.caller import CallerAccessToken
from zoom_mcp.auth.policy_files import PolicyFileError
from zoom_mcp.transports.settings import HttpSettings

from .conftest import serving

pytestmark = pytest.mark.anyio

FULL_KEY = "zmcp_full-key-for-tests"
READER_KEY = "zmcp_reader-key-for-tests"
LIMITED_KEY = "zmcp_limited-key-for-tests"


def _keys_yaml() -> str:
    return f"""
policies:
  readers: {{read_only: true}}
keys:
  - name: ops-assistant
    key_sha256: {hash_api_key(FULL_KEY)}
    policy: {{confirm: elicit}}
  - name: reader-assistant
    key_sha256: {hash_api_key(READER_KEY)}
    policy: readers
  - name: limited-assistant
    key_sha256: {hash_api_key(LIMITED_KEY)}
    policy: {{calls_per_minute: 2}}
"""


@pytest.fixture
def keys_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys.yaml"
    path.write_text(_keys_yaml())
    return path


def test_hash_is_the_plain_sha256_hex_of_the_key() -> None:
    assert hash_api_key("s3cret") == hashlib.sha256(b"s3cret").hexdigest()


def test_keys_file_loads_in_yaml_and_json(keys_file: Path, tmp_path: Path) -> None:
    keys = load_api_keys(keys_file)
    assert [key.name for key in keys] == ["ops-assistant", "reader-assistant", "limited-assistant"]
    assert keys[1].policy.read_only and keys[1].policy.name == "readers"
    assert keys[2].policy.calls_per_minute == 2 and keys[2].policy.name == "limited-assistant"
    as_json = tmp_path / "keys.json"
    as_json.write_text(json.dumps([{"name": "a", "key_sha256": hash_api_key("k"), "policy": {"toolsets": ["users"]}}]))
    (only,) = load_api_keys(as_json)
    assert only.policy.toolsets == frozenset({"users"})
    assert "k" not in repr(only).split("key_sha256=")[0] and hash_api_key("k") not in repr(only)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "a", "key_sha256": "plain-text-key"}, "64-character hex"),
        ({"key_sha256": hash_api_key("k")}, "`name` is required"),
        ({"name": "a", "key_sha256": hash_api_key("k"), "policy": "nope"}, "unknown policy 'nope'"),
        ({"name": "a", "key_sha256": hash_api_key("k"), "key": "k"}, "unknown field"),
        ({"name": "a", "key_sha256": hash_api_key("k"), "policy": {"confirm": "maybe"}}, "`confirm` must be"),
        ({"name": "a", "key_sha256": hash_api_key("k"), "policy": {"calls_per_minute": 0}}, "calls_per_minute"),
        ({"name": "a", "key_sha256": hash_api_key("k"), "policy": {"readonly": True}}, "unknown policy field"),
    ],
)
def test_malformed_keys_files_are_refused_with_the_entry_named(
    tmp_path: Path, entry: dict[str, Any], message: str
) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": [entry]}))
    with pytest.raises(PolicyFileError, match=message):
        load_api_keys(path)


def test_duplicate_names_and_missing_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    entry = {"name": "a", "key_sha256": hash_api_key("k")}
    path.write_text(json.dumps({"keys": [entry, {**entry, "key_sha256": hash_api_key("j")}]}))
    with pytest.raises(PolicyFileError, match="unique"):
        load_api_keys(path)
    with pytest.raises(PolicyFileError, match="Cannot read"):
        load_api_keys(tmp_path / "missing.yaml")


async def test_verifier_resolves_only_the_right_key(keys_file: Path) -> None:
    verifier = ApiKeyVerifier(load_api_keys(keys_file))
    token = await verifier.verify_token(READER_KEY)
    assert isinstance(token, CallerAccessToken)
    assert token.client_id == "key:reader-assistant" and token.caller.policy.read_only
    assert READER_KEY not in token.model_dump_json()
    assert await verifier.verify_token("zmcp_wrong") is None
    assert await verifier.verify_token("") is None


def test_key_generator_prints_a_key_and_its_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-assistant"]) == 0
    out = capsys.readouterr().out
    key = out.split("): ")[1].split()[0]
    assert f'key_sha256: "{hash_api_key(key)}"' in out and "name: new-assistant" in out


async def test_missing_or_wrong_keys_get_401_and_nothing_reaches_zoom(keys_file: Path) -> None:
    async with serving(HttpSettings(port=0, api_keys_file=keys_file)) as (running, demo, metrics):
        async with httpx2.AsyncClient(base_url=running.base_url) as http:
            missing = await http.post("/mcp", json=INIT_BODY, headers=MCP_HEADERS)
            wrong = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "authorization": "Bearer nope"})
            wrong_header = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "x-api-key": "nope"})
            sse = await http.get("/sse")
            messages = await http.post("/messages/?session_id=0", json=INIT_BODY)
            health = await http.get("/healthz")
        with pytest.raises(BaseExceptionGroup) as refused:
            async with mcp_client(running.mcp_url, {"authorization": "Bearer wrong"}, mode="legacy") as client:
                await client.call_tool("meetings_list", {})
        assert refused.group_contains(MCPError)
    for response in (missing, wrong, wrong_header, sse, messages):
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer ")
    assert health.status_code == 200
    assert demo.sent == 0
    text = metrics.render()
    assert 'zoom_mcp_auth_failures_total{reason="missing"} 3' in text
    assert 'zoom_mcp_auth_failures_total{reason="invalid"}' in text


@pytest.mark.parametrize("header", ["authorization", "x-api-key"])
async def test_a_full_key_reaches_every_transport_as_its_caller(keys_file: Path, header: str) -> None:
    value = f"Bearer {FULL_KEY}" if header == "authorization" else FULL_KEY
    async with serving(HttpSettings(port=0, api_keys_file=keys_file)) as (running, demo, _):
        for mode in ("legacy", "auto"):
            async with mcp_client(running.mcp_url, {header: value}, mode=mode) as client:
                names = {tool.name for tool in (await client.list_tools()).tools}
                who = await client.call_tool("whoami", {})
                assert who.structured_content == {"caller": "key:ops-assistant", "policy": "ops-assistant"}
        async with Client(sse_client(running.sse_url, headers={header: value}), mode="legacy") as client:
            sse_who = await client.call_tool("whoami", {})
    assert "meeting_delete" in names
    assert sse_who.structured_content == {"caller": "key:ops-assistant", "policy": "ops-assistant"}
    assert demo.sent == 3


async def test_a_read_only_key_lists_only_read_tools_and_cannot_delete(keys_file: Path) -> None:
    headers = {"authorization": f"Bearer {READER_KEY}"}
    async with serving(HttpSettings(port=0, api_keys_file=keys_file)) as (running, demo, _):
        async with mcp_client(running.mcp_url, headers, mode="legacy") as client:
            tools = (await client.list_tools()).tools
            refused = await client.call_tool("meeting_delete", {"meetingId": "1"})
        async with Client(sse_client(running.sse_url, headers=headers), mode="legacy") as client:
            sse_tools = (await client.list_tools()).tools
    assert {tool.name for tool in tools} == {"meetings_list", "meeting_get", "whoami", "slow_echo"}
    assert all(tool.annotations is not None and tool.annotations.read_only_hint for tool in tools)
    assert {tool.name for tool in sse_tools} == {tool.name for tool in tools}
    assert refused.is_error and "not available" in refused.content[0].text  # type: ignore[union-attr]
    assert demo.sent == 0 and demo.deleted == []


async def test_calls_beyond_a_callers_limit_get_a_429_tool_error(keys_file: Path) -> None:
    async with serving(HttpSettings(port=0, api_keys_file=keys_file)) as (running, demo, metrics):
        async with mcp_client(running.mcp_url, {"x-api-key": LIMITED_KEY}) as client:
            first = await client.call_tool("meetings_list", {})
            second = await client.call_tool("meetings_list", {})
            third = await client.call_tool("meetings_list", {})
        async with mcp_client(running.mcp_url, {"x-api-key": FULL_KEY}) as client:
            other = await client.call_tool("meetings_list", {})
    assert not first.is_error and not second.is_error and not other.is_error
    assert third.is_error
    assert "429" in third.content[0].text and "limited-assistant" in third.content[0].text  # type: ignore[union-attr]
    assert third.meta is not None and third.meta["zoom-mcp/http-status"] == 429
    assert 1 <= third.meta["zoom-mcp/retry-after-seconds"] <= 60
    assert demo.sent == 3
    assert metrics.rate_limited_count("caller") == 1
    assert metrics.call_count("meetings_list", "rate_limited") == 1


async def test_a_session_cannot_be_used_with_another_key(keys_file: Path) -> None:
    async with (
        serving(HttpSettings(port=0, api_keys_file=keys_file)) as (running, demo, _),
        httpx2.AsyncClient(base_url=running.base_url) as http,
    ):
        opened = await http.post("/mcp", json=INIT_BODY, headers={**MCP_HEADERS, "x-api-key": FULL_KEY})
        session = opened.headers["mcp-session-id"]
        call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "whoami", "arguments": {}}}
        hijack = await http.post(
            "/mcp",
            json=call,
            headers={
                **MCP_HEADERS,
                "x-api-key": READER_KEY,
                "mcp-session-id": session,
                "mcp-protocol-version": "2025-11-25",
            },
        )
    assert opened.status_code == 200
    assert hijack.status_code == 404
    assert demo.sent == 0


def test_messages_name_the_file_the_entry_the_key_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(
        "policies:\n  readers: {read_only: yes-please, toolset: [meetings]}\n"
        "keys:\n  - {name: ops, key_sha256: the-secret-key-itself, policy: {confirm: maybe}}\n"
    )
    with pytest.raises(PolicyFileError) as raised:
        load_api_keys(path)
    message = str(raised.value)
    assert f"{path}: policies.readers: `read_only` must be true or false; got 'yes-please'" in message
    assert f"{path}: policies.readers: unknown policy field `toolset`; allowed: calls_per_minute, confirm," in message
    assert f"{path}: keys[0] (ops): `key_sha256` must be the 64-character hex SHA-256" in message
    assert f"{path}: keys[0] (ops).policy: `confirm` must be one of elicit, url, token, never; got 'maybe'" in message
    assert "the-secret-key-itself" not in message  # a key pasted where its hash belongs is never repeated


def test_a_policy_of_the_wrong_shape_says_what_a_policy_is(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps([{"name": "a", "key_sha256": hash_api_key("k"), "policy": 5}]))
    with pytest.raises(PolicyFileError, match=r"keys\[0\] \(a\): `policy` must be a policy name or a mapping"):
        load_api_keys(path)
    path.write_text(json.dumps({"keys": []}))
    with pytest.raises(PolicyFileError, match="`keys` must be a non-empty list"):
        load_api_keys(path)


def test_key_generator_refuses_options_as_names(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as help_asked:
        main(["--help"])
    assert help_asked.value.code == 0 and "usage:" in capsys.readouterr().out  # help, not a key named --help
    with pytest.raises(SystemExit) as refused:
        main(["bad name!"])
    assert refused.value.code == 2 and "not a usable name" in capsys.readouterr().err
