"""`zoom-mcp doctor` against the sandbox: both account types, wrong secret / client / account, missing scopes,
a partial set of credentials, an unreachable OAuth URL, a master request on an ordinary account."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from zoom_mcp.cli import main
from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.server.sandbox_wiring import sandbox_variables


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in list(os.environ):
        if name.startswith("ZOOM_"):
            monkeypatch.delenv(name)
    yield monkeypatch


def doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["doctor", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def point_at(monkeypatch: pytest.MonkeyPatch, sandbox: RunningSandbox, **changes: str) -> None:
    for name, value in {**sandbox_variables(sandbox), **changes}.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("account_type", ["regular", "master"])
def test_both_account_types_are_healthy_and_named(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], account_type: str
) -> None:
    with running_sandbox(SandboxConfig(account_type=account_type)) as sandbox:
        point_at(clean_env, sandbox)
        code, report = doctor(capsys)
    assert code == 0 and report["ok"] is True and report["problems"] == []
    assert report["target"] == "zoom" and report["auth"] == "server_to_server"
    assert report["token"]["ok"] is True and report["api"]["ok"] is True
    assert report["variant"]["name"] == account_type
    assert ":master" in report["variant"]["reason"]
    assert report["scopes"]["tools_failing"] == 0
    assert report["rate_plan"]["name"] == "pro" and report["rate_plan"]["limits"]["LIGHT"] == "30/s"
    assert sandbox.config.client_secret not in json.dumps(report)


def test_no_credentials_means_the_sandbox(clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = doctor(capsys)
    assert code == 0 and report["target"] == "sandbox" and report["variant"]["name"] == "regular"
    code, report = doctor(capsys, "--api", "master")
    assert code == 0 and report["target"] == "sandbox" and report["variant"]["name"] == "master"


@pytest.mark.parametrize(
    ("change", "problem", "setting", "reason"),
    [
        (
            {"ZOOM_CLIENT_SECRET": "wrong-secret"},
            "bad_secret",
            "ZOOM_CLIENT_SECRET",
            "Invalid client_id or client_secret",
        ),
        ({"ZOOM_CLIENT_ID": "someone-else"}, "unknown_client", "ZOOM_CLIENT_ID", "Invalid client."),
        ({"ZOOM_ACCOUNT_ID": "other-account"}, "wrong_account_id", "ZOOM_ACCOUNT_ID", "Invalid account_id"),
    ],
)
def test_the_wrong_setting_is_named_with_zooms_answer(
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    change: dict[str, str],
    problem: str,
    setting: str,
    reason: str,
) -> None:
    with running_sandbox(SandboxConfig()) as sandbox:
        point_at(clean_env, sandbox, **change)
        code, report = doctor(capsys)
        assert code == 1 and report["ok"] is False
        assert report["token"]["problem"] == problem and report["token"]["setting"] == setting
        assert report["token"]["zoom_answer"]["body"]["reason"] == reason
        assert main(["doctor"]) == 1
        text = capsys.readouterr().out
    assert setting in text and reason in text and "PROBLEM" in text
    assert "wrong-secret" not in text and "sandbox-client-secret" not in text


def test_missing_scopes_name_the_failing_tools_and_the_scopes_to_add(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    granted = frozenset(
        {"meeting:read:meeting:admin", "meeting:write:meeting:admin", "meeting:read:list_meetings:admin"}
    )
    with running_sandbox(SandboxConfig(granted_scopes=granted)) as sandbox:
        point_at(clean_env, sandbox)
        code, report = doctor(capsys)
        assert main(["doctor"]) == 0
        text = capsys.readouterr().out
    assert code == 0 and report["variant"]["name"] == "regular"
    toolsets = {entry["toolset"]: entry for entry in report["scopes"]["toolsets"]}
    meetings = toolsets["meetings"]
    assert "meeting_get" not in meetings["failing"] and "meeting_create" not in meetings["failing"]
    assert "past_meeting_participants_list" in meetings["failing"]
    assert "meeting:read:list_past_participants:admin" in meetings["add_scopes"]
    assert toolsets["cloud_recording"]["usable"] == 0
    assert "cloud_recording:read:list_recording_files:admin" in toolsets["cloud_recording"]["add_scopes"]
    assert "will fail: " in text and "add to the Zoom app: " in text


def test_no_usable_tool_means_the_server_cannot_work(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandbox(SandboxConfig(granted_scopes=frozenset({"user:read:admin"}))) as sandbox:
        point_at(clean_env, sandbox)
        code, report = doctor(capsys)
    assert code == 1 and "cover none of the tools" in " ".join(report["problems"])


def test_partial_credentials_and_unreachable_oauth(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("ZOOM_CLIENT_ID", "cid")
    code, report = doctor(capsys)
    assert code == 1 and "ZOOM_ACCOUNT_ID, ZOOM_CLIENT_SECRET are missing" in report["problems"][0]
    with running_sandbox(SandboxConfig()) as sandbox:
        point_at(clean_env, sandbox, ZOOM_OAUTH_URL="http://127.0.0.1:9/oauth/token")
        code, report = doctor(capsys)
    assert code == 1 and report["token"]["problem"] == "oauth_unreachable"
    assert report["token"]["setting"] == "ZOOM_OAUTH_URL"


def test_master_requested_on_an_ordinary_account(
    clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_sandbox(SandboxConfig(account_type="regular")) as sandbox:
        point_at(clean_env, sandbox)
        code, report = doctor(capsys, "--api", "master")
    assert code == 1 and report["api"]["ok"] is False
    assert "not a master account" in report["api"]["message"] and "--api regular" in report["api"]["message"]


def test_serve_with_auto_stops_when_no_token_can_be_had() -> None:
    with running_sandbox(SandboxConfig()) as sandbox:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")} | sandbox_variables(sandbox)
        env["ZOOM_CLIENT_SECRET"] = "not-this-one"
        done = subprocess.run(
            [sys.executable, "-m", "zoom_mcp", "serve"],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
    assert done.returncode == 2
    assert "could not decide the API variant" in done.stderr and "zoom-mcp doctor" in done.stderr
    assert "Invalid client_id or client_secret" in done.stderr and "not-this-one" not in done.stderr
