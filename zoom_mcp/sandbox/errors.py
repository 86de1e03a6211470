"""Zoom-style error answers raised by sandbox handlers: `{"code": <zoom code>, "message": "..."}`."""

from __future__ import annotations

from typing import Any


class ZoomStyleError(Exception):
    """Raised anywhere in the sandbox; the app turns it into a JSON answer with `status`."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def not_found(code: int, message: str) -> ZoomStyleError:
    return ZoomStyleError(404, code, message)


def bad_request(code: int, message: str) -> ZoomStyleError:
    return ZoomStyleError(400, code, message)


def meeting_not_found(meeting_id: str) -> ZoomStyleError:
    return not_found(3001, f"Meeting does not exist: {meeting_id}.")


def webinar_not_found(webinar_id: str) -> ZoomStyleError:
    return not_found(3001, f"Webinar does not exist: {webinar_id}.")


def user_not_found(user_id: str) -> ZoomStyleError:
    return not_found(1001, f"User does not exist: {user_id}.")


def validation_failed(errors: list[dict[str, str]]) -> ZoomStyleError:
    return ZoomStyleError(400, 300, "Validation Failed.", errors=errors)
