"""Reading a meeting's transcript: find the file in the cloud recording (or the archive), download, convert.

Order: for a regular account, the file named by `GET /meetings/{meetingId}/transcript`; then the cloud
recording's TRANSCRIPT file (WebVTT), else its CC file; when the recording has neither
(or there is no recording) and the archive fallback is on, the account's archived TRANSCRIPT (JSON) of
that meeting instance. Downloads use the OAuth access token and, if Zoom refuses it, the recording's
`download_access_token`; neither ever appears in a result or an error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from zoom_mcp.resources import errors as reasons
from zoom_mcp.resources.archive_transcript import archive_transcript_to_text
from zoom_mcp.resources.downloads import Downloader, ProgressCallback
from zoom_mcp.resources.errors import DownloadError, ResourceError
from zoom_mcp.resources.recording_files import any_processing, find_transcript_file, is_processing
from zoom_mcp.resources.settings import ResourceSettings
from zoom_mcp.resources.uris import is_meeting_uuid
from zoom_mcp.resources.vtt import vtt_to_text
from zoom_mcp.resources.zoom_api import RECORDING_SCOPES, ZoomContentApi, resource_error, scopes_for
from zoom_mcp.zoom_client import ZoomError

logger = logging.getLogger("zoom_mcp.resources")
_ARCHIVE_WINDOW = timedelta(days=3)


class TranscriptReader:
    def __init__(self, api: ZoomContentApi, downloader: Downloader, settings: ResourceSettings) -> None:
        self.api = api
        self.downloader = downloader
        self.settings = settings

    async def read(self, meeting_id: str, progress: ProgressCallback | None = None) -> str:
        """The transcript as `[hh:mm:ss] Speaker: text` lines, or `ResourceError` saying why there is none."""
        direct = await self._from_transcript_endpoint(meeting_id, progress)
        if direct is not None:
            return direct
        try:
            recording = await self.api.get_recording(meeting_id, with_download_token=True)
        except ZoomError as exc:
            scopes = scopes_for(RECORDING_SCOPES, self.settings.api_variant)
            error = resource_error(exc, what="transcript", meeting_id=meeting_id, scopes=scopes)
            if error.reason == reasons.NO_RECORDING:
                archived = await self._archived(meeting_id, None, progress)
                if archived is not None:
                    return archived
            raise error from None
        item = find_transcript_file(recording)
        if item is None:
            if any_processing(recording):
                raise ResourceError(
                    f"The cloud recording of meeting {meeting_id} is still being processed; its transcript is made "
                    "after that. Try again in a few minutes, or subscribe to this URI to be told when it is ready.",
                    reason=reasons.RECORDING_PROCESSING,
                )
            archived = await self._archived(meeting_id, recording.get("start_time"), progress)
            if archived is not None:
                return archived
            raise ResourceError(
                f"The cloud recording of meeting {meeting_id} has no transcript file: audio transcription was off "
                "for this meeting. Turn on 'Cloud recording > Create audio transcript' in the host's Zoom recording "
                "settings for future meetings; the recordings resource lists the files that do exist.",
                reason=reasons.NO_TRANSCRIPT,
            )
        if is_processing(item):
            raise ResourceError(
                f"The transcript of meeting {meeting_id} is still being processed by Zoom. Try again in a few "
                "minutes, or subscribe to this URI to be told when it is ready.",
                reason=reasons.TRANSCRIPT_PROCESSING,
            )
        url = item.get("download_url")
        if not isinstance(url, str) or not url:
            raise ResourceError(
                f"The transcript file of meeting {meeting_id} has no download URL (on-premise recordings are stored "
                "at a file path instead); read it from the recording storage directly.",
                reason=reasons.NO_TRANSCRIPT,
            )
        content = await self._download(url, recording.get("download_access_token"), progress)
        return _convert(content, str(item.get("file_extension") or ""))

    async def _from_transcript_endpoint(self, meeting_id: str, progress: ProgressCallback | None) -> str | None:
        """Regular accounts: `GET /meetings/{meetingId}/transcript` names the transcript file directly (one
        call, and it says when the transcript is not ready). None sends the reader to the recording files (a
        master account, no transcript there, or any failure: the recording files may still hold a CC file)."""
        try:
            found = await self.api.get_transcript(meeting_id)
        except ZoomError as exc:
            logger.info("No transcript from the transcript endpoint for %s: %s", meeting_id, type(exc).__name__)
            return None
        if not found:
            return None
        if found.get("download_restriction_reason") == "NOT_READY":
            raise ResourceError(
                f"The transcript of meeting {meeting_id} is still being processed by Zoom. Try again in a few "
                "minutes, or subscribe to this URI to be told when it is ready.",
                reason=reasons.TRANSCRIPT_PROCESSING,
            )
        url = found.get("download_url")
        if not found.get("can_download") or not isinstance(url, str) or not url:
            return None
        try:
            return _convert(await self._download(url, None, progress), "")
        except (DownloadError, ZoomError) as exc:
            logger.info("Transcript download for %s failed (%s); trying the recording files", meeting_id, exc)
            return None

    async def _download(self, url: str, download_token: Any, progress: ProgressCallback | None) -> str:
        limit = self.settings.max_transcript_bytes
        token = await self.api.client.access_token()
        try:
            return (await self.downloader.download(url, token=token, max_bytes=limit, progress=progress)).text()
        except DownloadError as exc:
            if not isinstance(download_token, str) or not download_token or exc.status not in (401, 403):
                raise
        result = await self.downloader.download(url, token=download_token, max_bytes=limit, progress=progress)
        return result.text()

    async def _archived(self, meeting_id: str, start_time: Any, progress: ProgressCallback | None) -> str | None:
        """The archived JSON transcript of this meeting instance, or None (archiving off, nothing found, failure)."""
        if not self.settings.archive_fallback:
            return None
        try:
            start, end = _archive_window(start_time)
            page = await self.api.list_archived_meetings(start=start, end=end)
            meeting = _matching_meeting(page.items, meeting_id)
            files = meeting.get("archive_files") if meeting else None
            for item in files if isinstance(files, list) else []:
                if not isinstance(item, Mapping) or str(item.get("file_type", "")).upper() != "TRANSCRIPT":
                    continue
                url = item.get("download_url")
                if isinstance(url, str) and url and not is_processing(item):
                    content = await self._download(url, None, progress)
                    return archive_transcript_to_text(content)
        except (ZoomError, ResourceError, ValueError) as exc:
            logger.info("No archive transcript for meeting %s: %s", meeting_id, type(exc).__name__)
        return None


def _convert(content: str, extension: str) -> str:
    stripped = content.lstrip("\ufeff").lstrip()
    if extension.upper() == "JSON" or stripped.startswith(("{", "[")):
        try:
            return archive_transcript_to_text(json.loads(stripped))
        except ValueError:
            pass
    return vtt_to_text(content)


def _archive_window(start_time: Any) -> tuple[str, str]:
    now = datetime.now(UTC)
    center = now
    if isinstance(start_time, str) and start_time:
        try:
            center = datetime.fromisoformat(start_time.replace("Z", "+00:00")).astimezone(UTC)
        except ValueError:
            center = now
    start = center - _ARCHIVE_WINDOW
    end = min(center + _ARCHIVE_WINDOW, now) if center <= now else center + _ARCHIVE_WINDOW
    return _iso(start), _iso(end)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _matching_meeting(meetings: list[dict[str, Any]], meeting_id: str) -> dict[str, Any] | None:
    if is_meeting_uuid(meeting_id):
        return next((m for m in meetings if m.get("uuid") == meeting_id), None)
    candidates = [m for m in meetings if str(m.get("id")) == meeting_id]
    return max(candidates, key=lambda m: str(m.get("start_time") or ""), default=None)
