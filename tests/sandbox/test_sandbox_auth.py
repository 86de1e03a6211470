"""OAuth token endpoint, bearer checks (Zoom code 124), token expiry and scope enforcement."""

from __future__ import annotations

import time

import httpx2

from zoom_mcp.sandbox import RunningSandbox, SandboxConfig, running_sandbox
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID

MEETING_PATH = f"/accounts/me/meetings/{SCHEDULED_MEETING_ID}"


def fetch_token(sandbox: RunningSandbox, secret: str = "sandbox-client-secret", account: str = "sandbox-account"):
    return httpx2.post(
        sandbox.oauth_url,
        params={"grant_type": "account_credentials", "account_id": account},
        auth=("sandbox-client-id", secret),
    )


def test_token_flow_gives_a_bearer_token_that_works(sandbox: RunningSandbox) -> None:
    answer = fetch_token(sandbox)
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert isinstance(body["scope"], str)
    meeting = httpx2.get(sandbox.base_url + MEETING_PATH, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert meeting.status_code == 200
    assert meeting.json()["id"] == SCHEDULED_MEETING_ID


def test_wrong_client_secret_is_rejected_like_zoom(sandbox: RunningSandbox) -> None:
    answer = fetch_token(sandbox, secret="wrong")
    assert answer.status_code == 401
    assert answer.json() == {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}


def test_wrong_account_id_is_rejected(sandbox: RunningSandbox) -> None:
    answer = fetch_token(sandbox, account="someone-else")
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


def test_missing_or_unknown_token_gives_code_124(sandbox: RunningSandbox) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        answer = httpx2.get(sandbox.base_url + MEETING_PATH, headers=headers)
        assert answer.status_code == 401
        assert answer.json() == {"code": 124, "message": "Invalid access token."}


def test_tokens_expire_after_their_ttl() -> None:
    with running_sandbox(SandboxConfig(account_type="master", token_ttl_seconds=1)) as sandbox:
        body = fetch_token(sandbox).json()
        assert body["expires_in"] == 1
        headers = {"Authorization": f"Bearer {body['access_token']}"}
        assert httpx2.get(sandbox.base_url + MEETING_PATH, headers=headers).status_code == 200
        time.sleep(1.1)
        expired = httpx2.get(sandbox.base_url + MEETING_PATH, headers=headers)
        assert expired.status_code == 401
        assert expired.json()["code"] == 124
        fresh = fetch_token(sandbox).json()["access_token"]
        headers = {"Authorization": f"Bearer {fresh}"}
        assert httpx2.get(sandbox.base_url + MEETING_PATH, headers=headers).status_code == 200


def test_expire_tokens_keeps_static_tokens_valid(sandbox: RunningSandbox, api: httpx2.Client) -> None:
    token = fetch_token(sandbox).json()["access_token"]
    sandbox.expire_tokens()
    answer = httpx2.get(sandbox.base_url + MEETING_PATH, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401
    assert api.get(MEETING_PATH).status_code == 200
    control = httpx2.post(sandbox.control_url + "/tokens/expire")
    assert control.status_code == 204


def test_missing_scope_gives_403_code_4711() -> None:
    config = SandboxConfig(account_type="master", granted_scopes=frozenset({"recording:master"}))
    with running_sandbox(config) as sandbox:
        token = fetch_token(sandbox).json()
        assert token["scope"] == "recording:master"
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        answer = httpx2.get(sandbox.base_url + MEETING_PATH, headers=headers)
        assert answer.status_code == 403
        body = answer.json()
        assert body["code"] == 4711
        assert body["message"].startswith("Invalid access token, does not contain scopes:[")
        assert "meeting:read:master" in body["message"] or "meeting:master" in body["message"]
        recordings = httpx2.get(sandbox.base_url + "/accounts/me/users/me/recordings", headers=headers)
        assert recordings.status_code == 200
