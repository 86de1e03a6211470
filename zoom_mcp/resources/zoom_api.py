"""The Zoom calls behind the resources, and the translation of Zoom's failures into `ResourceError`s.

Every call goes through `ZoomClient.request` with the path built by `build_path` (meeting UUIDs that
begin with `/` or contain `//` are encoded twice there), the operation's rate-limit label and its
scopes (so a missing-scope answer names them).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from zoom_mcp import request_scope
from zoom_mcp.resources import errors as reasons
from zoom_mcp.resources.access import (
    ACCOUNT_RECORDINGS_PATH,
    ARCHIVE_FILES_PATH,
    RECORDING_PATH,
    SUMMARIES_PATH,
    SUMMARY_PATH,
    TRANSCRIPT_PATH,
    OperationDenied,
    require,
    template_for,
)
from zoom_mcp.resources.errors import ResourceError
from zoom_mcp.zoom_client import MissingScope, NotFound, ZoomAPIError, ZoomClient, ZoomError, build_path

# Master-account scopes (paths under /accounts/{accountId}); REGULAR_SCOPES holds the regular account's.
SUMMARY_SCOPES: Final = ("meeting_summary:master", "meeting:read:summary:master")
SUMMARY_LIST_SCOPES: Final = ("meeting_summary:master", "meeting:read:list_summaries:master")
RECORDING_SCOPES: Final = ("recording:master", "cloud_recording:read:list_recording_files:master")
ACCOUNT_RECORDINGS_SCOPES: Final = ("recording:master", "cloud_recording:read:list_account_recordings:master")
ARCHIVE_SCOPES: Final = ("recording:master", "archiving:read:list_archived_files:master")

# The paths live in access.py (with the doors' lists). Regular accounts: the same operations without the prefix;
# the account-wide recordings list is master-only, so a regular account lists the user's recordings; the
# transcript has its own endpoint.
TRANSCRIPT_SCOPES: Final = ("recording:read:admin", "cloud_recording:read:meeting_transcript:admin")
REGULAR_SCOPES: Final[dict[tuple[str, ...], tuple[str, ...]]] = {
    SUMMARY_SCOPES: ("meeting_summary:read:admin", "meeting:read:summary:admin"),
    SUMMARY_LIST_SCOPES: ("meeting_summary:read:admin", "meeting:read:list_summaries:admin"),
    RECORDING_SCOPES: ("recording:read:admin", "cloud_recording:read:list_recording_files:admin"),
    ACCOUNT_RECORDINGS_SCOPES: ("recording:read:admin", "cloud_recording:read:list_user_recordings:admin"),
    ARCHIVE_SCOPES: ("recording:read:admin", "archiving:read:list_archived_files:admin"),
}


def scopes_for(scopes: tuple[str, ...], variant: str) -> tuple[str, ...]:
    """The scopes of one of the operations above as `variant` ("regular" or "master") names them."""
    return REGULAR_SCOPES.get(scopes, scopes) if variant == "regular" else scopes


NO_RECORDING_CODE: Final = 3301
MEETING_NOT_FOUND_CODE: Final = 3001
SUMMARY_UNAVAILABLE_CODE: Final = 2305
SUMMARY_DISABLED_CODE: Final = 3000
PAID_ONLY_CODE: Final = 200
INVALID_ID_CODE: Final = 300


@dataclass(frozen=True)
class Page:
    """One page of a Zoom list: the items and the token of the next page ("" when done)."""

    items: list[dict[str, Any]]
    next_page_token: str


class ZoomContentApi:
    """Summaries, recordings and archive files of one (sub) account, through a `ZoomClient`."""

    def __init__(self, client: ZoomClient, account_id: str, variant: str = "master", user_id: str = "me") -> None:
        self.client = client
        self.account_id = account_id
        self.variant = variant
        self.user_id = user_id

    def _path(self, master_template: str, **values: Any) -> str:
        template = template_for(master_template, self.variant)
        require("GET", template)  # the caller's tool policy (access.py): nothing is sent when it says no
        return build_path(template, {"accountId": self.account_id, "userId": self.user_id, **values})

    def _scopes(self, scopes: tuple[str, ...]) -> tuple[str, ...]:
        return scopes_for(scopes, self.variant)

    async def get_summary(self, meeting_id: str) -> dict[str, Any]:
        path = self._path(SUMMARY_PATH, meetingId=meeting_id)
        return await self._get_object(path, None, "LIGHT", self._scopes(SUMMARY_SCOPES))

    async def list_summaries(self, *, start: str, end: str, page_size: int, page_token: str | None = None) -> Page:
        path = self._path(SUMMARIES_PATH)
        query = {"from": start, "to": end, "page_size": page_size, "next_page_token": page_token or None}
        body = await self._get_object(path, query, "MEDIUM", self._scopes(SUMMARY_LIST_SCOPES))
        await request_scope.step("Read a page of the account's meeting summaries")
        return _page(body, "summaries")

    async def get_recording(self, meeting_id: str, *, with_download_token: bool = False) -> dict[str, Any]:
        path = self._path(RECORDING_PATH, meetingId=meeting_id)
        query = {"include_fields": "download_access_token"} if with_download_token else None
        return await self._get_object(path, query, "LIGHT", self._scopes(RECORDING_SCOPES))

    async def get_transcript(self, meeting_id: str) -> dict[str, Any] | None:
        """Regular accounts: the meeting's transcript details (download URL, or why there is none); None for
        a master account (the endpoint exists only for ordinary accounts)."""
        if self.variant != "regular":
            return None
        path = self._path(TRANSCRIPT_PATH, meetingId=meeting_id)
        return await self._get_object(path, None, "MEDIUM", TRANSCRIPT_SCOPES)

    async def list_recordings(self, *, start: str, end: str, page_size: int) -> Page:
        path = self._path(ACCOUNT_RECORDINGS_PATH)  # regular: the user's recordings (see access.template_for)
        query = {"from": start, "to": end, "page_size": page_size}
        body = await self._get_object(path, query, "MEDIUM", self._scopes(ACCOUNT_RECORDINGS_SCOPES))
        await request_scope.step("Read a page of the account's cloud recordings")
        return _page(body, "meetings")

    async def list_archived_meetings(self, *, start: str, end: str) -> Page:
        path = self._path(ARCHIVE_FILES_PATH)
        query = {"from": start, "to": end, "page_size": 300}
        body = await self._get_object(path, query, "MEDIUM", self._scopes(ARCHIVE_SCOPES))
        await request_scope.step("Read a page of the account's archived meetings")
        return _page(body, "meetings")

    async def _get_object(
        self, path: str, query: Mapping[str, Any] | None, rate_limit: str, scopes: Sequence[str]
    ) -> dict[str, Any]:
        response = await self.client.request("GET", path, query=query, rate_limit=rate_limit, required_scopes=scopes)
        return response.json if isinstance(response.json, dict) else {}


def _page(body: Mapping[str, Any], key: str) -> Page:
    raw = body.get(key)
    items = [dict(i) for i in raw if isinstance(i, Mapping)] if isinstance(raw, list) else []
    token = body.get("next_page_token")
    return Page(items, token if isinstance(token, str) else "")


def listing_error(error: ZoomError, scopes: Sequence[str]) -> ResourceError:
    """Translate a Zoom failure while listing recent meeting summaries."""
    if isinstance(error, OperationDenied):
        return ResourceError(f"Cannot list recent meeting summaries: {error}.", reason=reasons.NOT_ALLOWED)
    if isinstance(error, MissingScope):
        needed = error.required_scopes or error.missing_scopes or tuple(scopes)
        return ResourceError(
            f"Cannot list recent meeting summaries: the Zoom app's token lacks the scope {' or '.join(needed)}. "
            "Add it to the Server-to-Server OAuth app in the Zoom App Marketplace (Scopes page), then list again; "
            "reading a meeting's resources by ID may still work.",
            reason=reasons.MISSING_SCOPE,
        )
    if isinstance(error, ZoomAPIError) and error.code == SUMMARY_DISABLED_CODE:
        return ResourceError(
            "Cannot list meeting summaries: meeting summaries are turned off. Turn on 'Meeting Summary with AI "
            "Companion' in the Zoom web portal (Settings); transcripts and recordings can still be read by meeting ID.",
            reason=reasons.SUMMARIES_DISABLED,
        )
    return ResourceError(f"Cannot list recent meeting summaries: {error}", reason=reasons.ZOOM_ERROR)


def resource_error(error: ZoomError, *, what: str, meeting_id: str, scopes: Sequence[str] = ()) -> ResourceError:
    """Translate a Zoom failure while reading `what` ("summary", "transcript", "recordings") of a meeting."""
    if isinstance(error, OperationDenied):
        return ResourceError(
            f"Cannot read the {what} of meeting {meeting_id}: {error}. Ask the server's operator for a policy "
            "that allows the tools this resource draws on.",
            reason=reasons.NOT_ALLOWED,
        )
    if isinstance(error, MissingScope):
        needed = error.required_scopes or error.missing_scopes or tuple(scopes)
        return ResourceError(
            f"Cannot read the {what} of meeting {meeting_id}: the Zoom app's token lacks the scope "
            f"{' or '.join(needed)}. Add it to the Server-to-Server OAuth app in the Zoom App Marketplace "
            "(Scopes page), activate the app again, then read the resource again.",
            reason=reasons.MISSING_SCOPE,
        )
    if not isinstance(error, ZoomAPIError):
        return ResourceError(f"Cannot read the {what} of meeting {meeting_id}: {error}", reason=reasons.ZOOM_ERROR)
    zoom_says = f" (Zoom: {error.message.strip()})" if error.message.strip() else ""
    if error.code == NO_RECORDING_CODE:
        return ResourceError(
            f"Meeting {meeting_id} has no cloud recording{zoom_says}"
            + (", so it has no transcript. " if what == "transcript" else ". ")
            + "Record the meeting to the cloud next time (local recordings are not available through the API); if "
            "it was recorded just now, the recording appears after the meeting ends and processing finishes.",
            reason=reasons.NO_RECORDING,
        )
    if error.code == SUMMARY_UNAVAILABLE_CODE:
        return ResourceError(
            f"The AI Companion summary of meeting {meeting_id} is not available{zoom_says}. Summaries exist only "
            "when AI Companion meeting summaries were on for a Pro-or-higher host, after the meeting ended and "
            "processing finished, and never for end-to-end-encrypted meetings. Try again later, or check the "
            "account's AI Companion summary settings; subscribe to this URI to be told when it appears.",
            reason=reasons.SUMMARY_UNAVAILABLE,
        )
    if error.code == SUMMARY_DISABLED_CODE:
        return ResourceError(
            f"Meeting summaries are turned off{zoom_says}. Turn on 'Meeting Summary with AI Companion' in the Zoom "
            "web portal (Settings) for the host; only meetings summarised afterwards have a summary.",
            reason=reasons.SUMMARIES_DISABLED,
        )
    if error.code == PAID_ONLY_CODE and error.status != 404:
        return ResourceError(
            f"Cannot read the {what} of meeting {meeting_id}: the account or host is not allowed to{zoom_says}. "
            "Meeting summaries and cloud recordings need a paid (Pro or higher) plan and the feature turned on; "
            "ask a Zoom admin.",
            reason=reasons.FORBIDDEN,
        )
    if isinstance(error, NotFound) or error.code in (MEETING_NOT_FOUND_CODE, INVALID_ID_CODE):
        return ResourceError(
            f"Meeting {meeting_id} was not found{zoom_says}. Check the ID: use a numeric meeting ID or a meeting "
            "UUID (list resources or complete meetingId to find recent meetings); meeting IDs expire 30 days after "
            "last use.",
            reason=reasons.MEETING_NOT_FOUND,
        )
    if error.status == 403:
        return ResourceError(
            f"Zoom refused access to the {what} of meeting {meeting_id}{zoom_says}. {error.hint}",
            reason=reasons.FORBIDDEN,
        )
    return ResourceError(f"Cannot read the {what} of meeting {meeting_id}: {error}", reason=reasons.ZOOM_ERROR)
