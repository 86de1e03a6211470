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


def recording_not_found() -> ZoomStyleError:
    return not_found(3301, "There is no recording for this meeting.")


def registrant_not_found(operation_id: str, registrant_id: str) -> ZoomStyleError:
    """A registrant ID the meeting or webinar does not know, with the code Zoom documents per operation."""
    if operation_id == "meetingregistrantdelete":
        return bad_request(
            300, "The value that you entered for the Registrant ID field is invalid. Enter a valid value and try again."
        )
    if operation_id == "deleteWebinarRegistrant":
        return bad_request(3000, f"Registrant {registrant_id} was not found.")
    if operation_id == "webinarRegistrantGet":
        return bad_request(3079, f"This registrant does not exist: {registrant_id}.")
    return not_found(3079, f"This registrant does not exist: {registrant_id}.")  # Zoom documents no code here


def poll_not_found(operation_id: str, poll_id: str) -> ZoomStyleError:
    """A poll ID the meeting or webinar does not have (Zoom answers a webinar poll delete with 400/4400)."""
    if operation_id == "webinarPollDelete":
        return bad_request(4400, f"Invalid poll IDs: {poll_id}.")
    what = "Webinar" if operation_id.startswith("webinar") else "Meeting"
    return not_found(404, f"{what} Poll not found: {poll_id}; list the polls to find valid IDs.")
