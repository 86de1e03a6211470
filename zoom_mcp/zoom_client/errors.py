"""Typed errors for everything that can go wrong when talking to Zoom, each with an agent-facing message.

The hierarchy::

    ZoomError                       any failure of the Zoom client
     ├── ZoomConfigError            bad or missing configuration (credentials, path values, local files)
     │    └── PathParameterError    a path value is missing or unusable (also a ValueError)
     ├── ZoomTransportError         Zoom could not be reached (connection refused, DNS, timeouts)
     └── ZoomAPIError               Zoom answered with an error status (status, code, message, errors, hint)
          ├── BadRequest            400 (validation failures carry `errors`: [{"field", "message"}])
          ├── AuthFailed            401 (Zoom code 124: invalid or expired token; OAuth token endpoint failures)
          ├── Forbidden             403 (Zoom code 200: no permission)
          │    └── MissingScope     Zoom code 4711 or a message about scopes; names the scopes the tool needs
          ├── NotFound              404 (codes 1001 user, 3001 meeting, ...)
          ├── Conflict              409
          ├── RateLimited           429 (retry_after, limit_type such as "Daily-limit", reset_at)
          └── ServerError           5xx

`error_from_response` is the one place that chooses the class for an HTTP answer. `str(error)` is the
message an agent sees, for example
``Zoom API error 404 (code 3001): Meeting does not exist: 123. Hint: ...``; it never contains tokens or
secrets (callers pass the secrets they know to `redact`, and `error_from_response` applies it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from zoom_mcp.zoom_client.rate_limit import parse_retry_after

REDACTED = "[redacted]"
MISSING_SCOPE_CODE = 4711
_SCOPES_IN_MESSAGE = re.compile(r"scopes?\s*:?\s*\[([^\]]*)\]", re.IGNORECASE)

_CODE_HINTS: dict[int, str] = {
    124: "The access token is invalid or expired. Check the Server-to-Server OAuth credentials "
    "(ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET) or ZOOM_ACCESS_TOKEN, and that the app is activated.",
    200: "The account or user lacks permission or the feature is not enabled. Ask a Zoom admin to enable it "
    "or use an account on a plan that includes it.",
    300: "A parameter value is invalid. Check the values named in Zoom's message against the tool's input schema.",
    1001: "The user does not exist in this account. Use a user ID or email from the users list "
    "(with Server-to-Server OAuth pass a real user ID or email rather than `me`).",
    3001: "Check the meeting ID (list the user's meetings to find it). Meeting IDs expire 30 days after last use; "
    "past meeting instances are addressed by their meeting UUID.",
    2305: "No summary is available: meeting summaries need AI Companion summaries turned on for a Pro-or-higher "
    "host, exist only after the meeting ended, and are never made for end-to-end-encrypted meetings.",
}


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each (non-trivial) secret in `text` with a marker."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return text


class ZoomError(Exception):
    """Base class of every error raised by the Zoom client."""


class ZoomConfigError(ZoomError):
    """The client cannot act because of its configuration or its input (credentials, paths, files)."""


class PathParameterError(ZoomConfigError, ValueError):
    """A path template could not be filled: a value is missing, empty or of the wrong type."""


class ZoomTransportError(ZoomError):
    """Zoom could not be reached or did not answer in time (after any retries)."""

    def __init__(self, message: str, *, method: str = "", path: str = "", attempts: int = 1) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.attempts = attempts


class ZoomAPIError(ZoomError):
    """Zoom answered with an error status. `code` and `message` come from Zoom's JSON body when present."""

    default_hint = "Read Zoom's message above, correct the request and try again."

    def __init__(
        self,
        status: int,
        code: int | None,
        message: str,
        *,
        errors: Sequence[Mapping[str, Any]] = (),
        method: str = "",
        path: str = "",
        hint: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.errors: list[dict[str, Any]] = [dict(e) for e in errors]
        self.method = method
        self.path = path
        self.hint = hint if hint is not None else self._default_hint()
        super().__init__(self.render())

    def _default_hint(self) -> str:
        if self.code is not None and self.code in _CODE_HINTS:
            return _CODE_HINTS[self.code]
        return self.default_hint

    def render(self) -> str:
        """The agent-facing message: status, Zoom code, Zoom's message, field errors, request and hint."""
        code = f" (code {self.code})" if self.code is not None else ""
        text = f"Zoom API error {self.status}{code}: {_sentence(self.message or 'no message')}"
        if self.errors:
            fields = "; ".join(f"{e.get('field', '?')}: {e.get('message', '')}".strip() for e in self.errors)
            text += f" Field errors: {_sentence(fields)}"
        if self.method or self.path:
            text += f" Request: {self.method} {self.path}".rstrip() + "."
        return f"{text} Hint: {self.hint}"

    def to_dict(self) -> dict[str, Any]:
        """Structured details for tool results (no secrets: the fields were redacted at construction)."""
        return {
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "errors": self.errors,
            "method": self.method,
            "path": self.path,
            "hint": self.hint,
            "type": type(self).__name__,
        }


class BadRequest(ZoomAPIError):
    default_hint = "Fix the fields Zoom names (see the tool's input schema) and call the tool again."


class AuthFailed(ZoomAPIError):
    default_hint = (
        "Zoom rejected the credentials. Check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET "
        "(Server-to-Server OAuth app, activated) or ZOOM_ACCESS_TOKEN, then retry."
    )


class Forbidden(ZoomAPIError):
    default_hint = (
        "The account, user or app lacks permission for this operation. Ask a Zoom admin to grant the role "
        "or enable the feature, or act on a resource this account owns."
    )


class MissingScope(Forbidden):
    """The app's token lacks scopes. `required_scopes` are those the tool needs; `missing_scopes` those Zoom named."""

    def __init__(
        self,
        status: int,
        code: int | None,
        message: str,
        *,
        required_scopes: Sequence[str] = (),
        errors: Sequence[Mapping[str, Any]] = (),
        method: str = "",
        path: str = "",
        hint: str | None = None,
    ) -> None:
        self.required_scopes = tuple(required_scopes)
        found = _SCOPES_IN_MESSAGE.search(message or "")
        self.missing_scopes = tuple(s.strip() for s in found.group(1).split(",") if s.strip()) if found else ()
        super().__init__(status, code, message, errors=errors, method=method, path=path, hint=hint)

    def _default_hint(self) -> str:
        needed = self.required_scopes or self.missing_scopes
        if needed:
            return (
                f"The Zoom app is missing scopes this tool needs: {', '.join(needed)}. Add them to the "
                "Server-to-Server OAuth app in the Zoom App Marketplace (Scopes page), save, and call again "
                "(a new token is fetched automatically)."
            )
        return (
            "The Zoom app is missing a scope this operation needs (see Zoom's message). Add it to the app in the "
            "Zoom App Marketplace and call again."
        )

    def to_dict(self) -> dict[str, Any]:
        details = super().to_dict()
        details["required_scopes"] = list(self.required_scopes)
        details["missing_scopes"] = list(self.missing_scopes)
        return details


class NotFound(ZoomAPIError):
    default_hint = "Check the IDs in the request; list the parent resource to find valid IDs."


class Conflict(ZoomAPIError):
    default_hint = (
        "The resource already exists or is in a state that does not allow this; read its current state "
        "and adjust the request."
    )


class RateLimited(ZoomAPIError):
    """429. `retry_after` in seconds (None when Zoom gave none); `reset_at` when a daily limit resets."""

    def __init__(
        self,
        status: int,
        code: int | None,
        message: str,
        *,
        retry_after: float | None = None,
        limit_type: str | None = None,
        category: str | None = None,
        reset_at: datetime | None = None,
        errors: Sequence[Mapping[str, Any]] = (),
        method: str = "",
        path: str = "",
        hint: str | None = None,
    ) -> None:
        self.retry_after = retry_after
        self.limit_type = limit_type
        self.category = category
        self.reset_at = reset_at
        super().__init__(status, code, message, errors=errors, method=method, path=path, hint=hint)

    @property
    def is_daily_limit(self) -> bool:
        return _is_daily(self.limit_type)

    def _default_hint(self) -> str:
        if self.is_daily_limit:
            reset = self.reset_at.strftime("%Y-%m-%dT%H:%M:%SZ") if self.reset_at else "the next UTC day"
            return (
                f"The account's daily rate limit{_category(self.category)} is used up; it resets at {reset}. "
                "Do not retry this operation before then; other operations may still work."
            )
        wait = f"{self.retry_after:.0f} s" if self.retry_after is not None else "a few seconds"
        return (
            f"Zoom's per-second rate limit{_category(self.category)} was hit and retries did not help. "
            f"Wait {wait} and call again, or make fewer calls in parallel."
        )

    def to_dict(self) -> dict[str, Any]:
        details = super().to_dict()
        details["retry_after"] = self.retry_after
        details["limit_type"] = self.limit_type
        details["category"] = self.category
        details["reset_at"] = self.reset_at.isoformat() if self.reset_at else None
        return details


class ServerError(ZoomAPIError):
    default_hint = "Zoom had a server-side problem. Try again in a minute; if it persists see https://status.zoom.us."


def error_from_response(
    *,
    status: int,
    headers: Mapping[str, str],
    text: str,
    method: str = "",
    path: str = "",
    required_scopes: Sequence[str] = (),
    secrets: Iterable[str | None] = (),
    now: datetime | None = None,
) -> ZoomAPIError:
    """Choose and build the error for one HTTP error answer (the only place that maps statuses to classes)."""
    secret_list = list(secrets)
    code, message, errors = _parse_body(redact(text, secret_list), status)
    lower = {k.lower(): v for k, v in headers.items()}
    common: dict[str, Any] = {"errors": errors, "method": method, "path": redact(path, secret_list)}
    if status == 429:
        return _rate_limited(status, code, message, lower, now or datetime.now(UTC), common)
    if code == MISSING_SCOPE_CODE or (status in (400, 401, 403) and "scope" in message.lower()):
        return MissingScope(status, code, message, required_scopes=required_scopes, **common)
    cls: type[ZoomAPIError] = ZoomAPIError
    if status == 400:
        cls = BadRequest
    elif status == 401:
        cls = AuthFailed
    elif status == 403:
        cls = Forbidden
    elif status == 404:
        cls = NotFound
    elif status == 409:
        cls = Conflict
    elif status >= 500:
        cls = ServerError
    return cls(status, code, message, **common)


def _rate_limited(
    status: int, code: int | None, message: str, headers: Mapping[str, str], now: datetime, common: dict[str, Any]
) -> RateLimited:
    retry_after = parse_retry_after(headers.get("retry-after"), now)
    limit_type = headers.get("x-ratelimit-type")
    reset_at = None
    if _is_daily(limit_type):
        reset_at = now + timedelta(seconds=retry_after) if retry_after is not None else _next_utc_midnight(now)
    return RateLimited(
        status,
        code,
        message,
        retry_after=retry_after,
        limit_type=limit_type,
        category=headers.get("x-ratelimit-category"),
        reset_at=reset_at,
        **common,
    )


def _is_daily(limit_type: str | None) -> bool:
    return (limit_type or "").strip().lower() in {"daily-limit", "daily_limit", "daily"}


def _next_utc_midnight(now: datetime) -> datetime:
    """Zoom's daily limits count per UTC day (an inference from Zoom's docs), so they reset at 00:00 UTC."""
    today = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today + timedelta(days=1)


def _parse_body(text: str, status: int) -> tuple[int | None, str, list[dict[str, Any]]]:
    try:
        body = json.loads(text) if text.strip() else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        snippet = " ".join(text.split())[:300]
        return None, snippet or f"HTTP {status} with no error body", []
    raw_code = body.get("code")
    code = raw_code if isinstance(raw_code, int) and not isinstance(raw_code, bool) else _int_or_none(raw_code)
    message = body.get("message") or body.get("reason") or body.get("error_description") or body.get("error") or ""
    raw_errors = body.get("errors")
    errors = [e for e in raw_errors if isinstance(e, dict)] if isinstance(raw_errors, list) else []
    return code, str(message), errors


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _category(category: str | None) -> str:
    return f" ({category})" if category else ""
