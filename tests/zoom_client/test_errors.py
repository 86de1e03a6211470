"""error_from_response picks the right class and renders a message an agent can act on."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from zoom_mcp.zoom_client import (
    AuthFailed,
    BadRequest,
    Conflict,
    Forbidden,
    MissingScope,
    NotFound,
    RateLimited,
    ServerError,
    ZoomAPIError,
    error_from_response,
)

NOW = datetime(2026, 11, 25, 9, 30, 0, tzinfo=UTC)


def make(status: int, body: object, headers: dict[str, str] | None = None, **kwargs: object) -> ZoomAPIError:
    text = body if isinstance(body, str) else json.dumps(body)
    return error_from_response(status=status, headers=headers or {}, text=text, now=NOW, **kwargs)  # type: ignore[arg-type]


def test_not_found_renders_status_code_message_and_hint() -> None:
    error = make(404, {"code": 3001, "message": "Meeting does not exist: 123."}, method="GET", path="/meetings/123")
    assert type(error) is NotFound
    assert str(error).startswith("Zoom API error 404 (code 3001): Meeting does not exist: 123. ")
    assert "Request: GET /meetings/123." in str(error)
    assert "Hint: Check the meeting ID" in str(error)
    assert error.to_dict()["code"] == 3001


def test_bad_request_lists_field_errors() -> None:
    body = {
        "code": 300,
        "message": "Validation Failed.",
        "errors": [{"field": "user_info.email", "message": "Invalid field."}, {"field": "type", "message": "Bad"}],
    }
    error = make(400, body)
    assert type(error) is BadRequest
    assert error.errors[0]["field"] == "user_info.email"
    assert "Field errors: user_info.email: Invalid field.; type: Bad." in str(error)


def test_missing_scope_names_the_scopes_the_tool_needs() -> None:
    body = {"code": 4711, "message": "Invalid access token, does not contain scopes:[meeting:write:admin]."}
    error = make(400, body, required_scopes=("meeting:write:admin", "meeting:write"))
    assert isinstance(error, MissingScope) and isinstance(error, Forbidden)
    assert error.missing_scopes == ("meeting:write:admin",)
    assert "missing scopes this tool needs: meeting:write:admin, meeting:write" in str(error)
    assert error.to_dict()["required_scopes"] == ["meeting:write:admin", "meeting:write"]


def test_scope_message_on_403_is_missing_scope() -> None:
    error = make(403, {"code": 104, "message": "Invalid access token, does not contain scopes:[a:b, c:d]"})
    assert isinstance(error, MissingScope)
    assert "a:b, c:d" in str(error)


def test_status_classes() -> None:
    assert type(make(401, {"code": 124, "message": "Invalid access token."})) is AuthFailed
    assert type(make(403, {"code": 200, "message": "No permission."})) is Forbidden
    assert type(make(409, {"code": 3000, "message": "Exists"})) is Conflict
    assert type(make(502, "<html>Bad gateway</html>")) is ServerError
    assert type(make(418, {})) is ZoomAPIError


def test_non_json_body_still_gives_a_message() -> None:
    error = make(503, "Service   Unavailable\n")
    assert "Zoom API error 503: Service Unavailable." in str(error)
    assert make(500, "").message == "HTTP 500 with no error body"


def test_rate_limited_with_seconds() -> None:
    error = make(
        429, {"code": 429, "message": "Too many requests."}, {"Retry-After": "7", "X-RateLimit-Category": "Light"}
    )
    assert isinstance(error, RateLimited)
    assert error.retry_after == 7 and not error.is_daily_limit
    assert "Wait 7 s" in str(error)


def test_daily_limit_reports_reset_time() -> None:
    headers = {"Retry-After": "Thu, 26 Nov 2026 00:00:00 GMT", "X-RateLimit-Type": "Daily-limit"}
    error = make(429, {"code": 429, "message": "You have reached the maximum daily rate limit."}, headers)
    assert isinstance(error, RateLimited) and error.is_daily_limit
    assert error.reset_at == datetime(2026, 11, 26, tzinfo=UTC)
    assert "resets at 2026-11-26T00:00:00Z" in str(error)
    assert error.to_dict()["reset_at"] == "2026-11-26T00:00:00+00:00"


def test_daily_limit_without_retry_after_resets_at_next_utc_midnight() -> None:
    error = make(429, {"message": "Daily"}, {"x-ratelimit-type": "Daily-limit"})
    assert isinstance(error, RateLimited)
    assert error.reset_at == datetime(2026, 11, 26, tzinfo=UTC)


def test_secrets_are_redacted_from_messages_and_errors() -> None:
    body = {
        "code": 124,
        "message": "Token sekret-token-123 rejected",
        "errors": [{"field": "x", "message": "sekret-token-123"}],
    }
    error = make(401, body, secrets=["sekret-token-123", None, ""])
    assert "sekret-token-123" not in str(error)
    assert "sekret-token-123" not in json.dumps(error.to_dict())
