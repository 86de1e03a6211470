"""Credentials are explicit: the sandbox only with --sandbox or no ZOOM_* credential at all; a partial set
stops `serve` naming what is missing; `--api` / ZOOM_API_VARIANT choose the variant."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest
from mcp import Client, StdioServerParameters

from zoom_mcp.api_variant import choice_from_scopes, credential_problem, requested_api
from zoom_mcp.live_controls import curated_tool_names
from zoom_mcp.server.launch import LaunchError, zoom_target

pytestmark = pytest.mark.anyio


def clean_env(**variables: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")} | variables


def serve(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "zoom_mcp", "serve", *args]
    return subprocess.run(
        command, env=clean_env(**variables), capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60
    )


@pytest.mark.parametrize(
    ("variables", "missing"),
    [
        ({"ZOOM_CLIENT_ID": "cid"}, "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_SECRET are missing"),
        ({"ZOOM_CLIENT_ID": "cid", "ZOOM_ACCOUNT_ID": "acc"}, "ZOOM_CLIENT_SECRET is missing"),
        ({"ZOOM_ACCOUNT_ID": "acc"}, "ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET are missing"),
    ],
)
def test_a_partial_set_stops_serve_naming_what_is_missing(variables: dict[str, str], missing: str) -> None:
    done = serve(**variables)
    assert done.returncode == 2
    assert missing in done.stderr and "incomplete Zoom credentials" in done.stderr
    assert "sandbox Zoom at" not in done.stderr  # nothing was served


def test_what_decides_the_target() -> None:
    args = argparse.Namespace(sandbox=False, api=None)
    assert zoom_target(args, {}) == (True, None, "auto")
    assert zoom_target(args, {"ZOOM_API_BASE_URL": "http://127.0.0.1:1/v2"})[0] is True  # not a credential
    use_sandbox, settings, _ = zoom_target(args, {"ZOOM_ACCESS_TOKEN": "t"})
    assert use_sandbox is False and settings is not None and settings.access_token == "t"
    forced = argparse.Namespace(sandbox=True, api="master")
    assert zoom_target(forced, {"ZOOM_CLIENT_ID": "only-this"}) == (True, None, "master")
    with pytest.raises(LaunchError, match="ZOOM_CLIENT_SECRET is missing"):
        zoom_target(args, {"ZOOM_CLIENT_ID": "c", "ZOOM_ACCOUNT_ID": "a"})
    with pytest.raises(LaunchError, match="ZOOM_API_VARIANT"):
        zoom_target(args, {"ZOOM_API_VARIANT": "sub"})
    assert credential_problem({"ZOOM_ACCESS_TOKEN": "t", "ZOOM_ACCOUNT_ID": "a"}) is None


def test_variant_request_and_scope_rule() -> None:
    assert requested_api(argparse.Namespace(api=None), {"ZOOM_API_VARIANT": "Master"}) == "master"
    assert requested_api(argparse.Namespace(api="regular"), {"ZOOM_API_VARIANT": "master"}) == "regular"
    assert choice_from_scopes(["meeting:read:admin", "meeting:read:list_meetings:master"]).variant == "master"
    assert choice_from_scopes(["meeting:read:admin", "meeting:write:meeting:admin"]).variant == "regular"
    assert choice_from_scopes([]).variant == "regular"


async def test_embedded_sandbox_follows_api_and_says_why(tmp_path: object) -> None:
    from mcp.client.stdio import stdio_client

    curated = set(curated_tool_names())
    for api, count, path_start in (("master", 159, "/accounts/"), ("regular", 168, "/users/")):
        params = StdioServerParameters(
            command=sys.executable,
            args=["-m", "zoom_mcp", "serve", "--api", api, "--log-level", "INFO", "--tool-mode", "all"],
            env=clean_env(),
        )
        errlog = tmp_path / f"{api}.txt"  # type: ignore[operator]
        with errlog.open("w") as handle:
            async with Client(stdio_client(params, errlog=handle), mode="auto") as client:
                tools = [t for t in (await client.list_tools()).tools if t.name not in curated]
                assert len(tools) == count
                create = next(t for t in tools if t.name == "meeting_create")
                assert create.meta["zoom-mcp/operation"]["path"].startswith(path_start)  # type: ignore[index]
                made = await client.call_tool("meeting_create", {"userId": "me", "topic": f"{api} account"})
                assert not made.is_error
        text = errlog.read_text()
        assert f"API variant: {api} (--api {api}" in text and f"({api} account)" in text


async def test_sandbox_flag_wins_over_credentials() -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "zoom_mcp", "serve", "--sandbox"],
        env=clean_env(ZOOM_ACCOUNT_ID="real", ZOOM_CLIENT_ID="real", ZOOM_CLIENT_SECRET="real"),
    )
    async with Client(params, mode="auto") as client:
        listed = await client.call_tool("meetings_list", {"userId": "me"})
        assert not listed.is_error
