"""Rate limits by label (429 with Zoom's headers) and fault injection (forced statuses, errors, latency)."""

from __future__ import annotations

import time

import httpx2

from zoom_mcp.sandbox import ForcedStatus, RateLimitConfig, RunningSandbox
from zoom_mcp.sandbox import seed as s

MEETING = f"/accounts/me/meetings/{s.SCHEDULED_MEETING_ID}"


def test_per_second_limit_answers_429_with_headers(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    sandbox.set_rate_limits(RateLimitConfig(per_second={"LIGHT": 2}))
    statuses = [api.get(MEETING).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = api.get(MEETING)
    assert limited.status_code == 429
    assert limited.json() == {
        "code": 429,
        "message": "You have reached the maximum per-second rate limit for this API. Try again later.",
    }
    assert limited.headers["Retry-After"] == "1"
    assert limited.headers["X-RateLimit-Type"] == "QPS"
    assert limited.headers["X-RateLimit-Category"] == "Light"
    assert limited.headers["X-RateLimit-Limit"] == "2"
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert api.get("/accounts/me/users/me/meetings").status_code == 200  # MEDIUM has its own bucket
    time.sleep(1.0)
    assert api.get(MEETING).status_code == 200


def test_daily_limit_answers_429_with_an_http_date(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    sandbox.set_rate_limits(RateLimitConfig(per_second={}, daily={"LIGHT": 1}))
    assert api.get(MEETING).status_code == 200
    limited = api.get(MEETING)
    assert limited.status_code == 429
    assert limited.headers["X-RateLimit-Type"] == "Daily-limit"
    assert limited.headers["Retry-After"].endswith("GMT")


def test_forced_429_once_then_success(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    sandbox.set_faults(forced=[ForcedStatus(path=MEETING, status=429, count=1)])
    first = api.get(MEETING)
    assert first.status_code == 429
    assert first.headers["Retry-After"] == "1"
    assert api.get(MEETING).status_code == 200


def test_forced_status_by_regex_and_method(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    sandbox.set_faults(forced=[ForcedStatus(path=r"/meetings/\d+$", regex=True, status=503, method="PATCH")])
    assert api.get(MEETING).status_code == 200
    answer = api.patch(MEETING, json={"topic": "x"})
    assert answer.status_code == 503
    assert answer.json()["code"] == 503


def test_error_rate_and_latency(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    sandbox.set_faults(error_rate=1.0)
    assert api.get(MEETING).status_code == 500
    sandbox.set_faults(latency_ms=200)
    started = time.monotonic()
    assert api.get(MEETING).status_code == 200
    assert time.monotonic() - started >= 0.2


def test_faults_can_be_set_over_http(api: httpx2.Client, sandbox: RunningSandbox) -> None:
    faults = {"forced": [{"path": MEETING, "status": 429, "count": 2, "retry_after": 2}]}
    assert httpx2.post(sandbox.control_url + "/faults", json=faults).status_code == 200
    answers = [api.get(MEETING) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].headers["Retry-After"] == "2"
    assert httpx2.post(sandbox.control_url + "/faults", json={"forced": [{"nope": 1}]}).status_code == 400


def test_configured_faults_come_back_on_reset_and_configs_are_not_mutated() -> None:
    from zoom_mcp.sandbox import FaultConfig, SandboxConfig, running_sandbox

    config = SandboxConfig(
        account_type="master", faults=FaultConfig(forced=[ForcedStatus(path=MEETING, status=503, count=1)])
    )
    with running_sandbox(config) as sandbox, httpx2.Client(base_url=sandbox.base_url) as client:
        client.headers["Authorization"] = "Bearer sandbox-static-token"
        assert [client.get(MEETING).status_code for _ in range(2)] == [503, 200]
        sandbox.reset()
        assert [client.get(MEETING).status_code for _ in range(2)] == [503, 200]
    assert config.faults.forced[0].count == 1
