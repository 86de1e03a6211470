"""`ResourceService`: meeting summaries, transcripts and recordings as MCP resources.

    service = ResourceService(client, ResourceSettings(account_id="me"))
    await service.list_resources(cursor)        # recent meetings' summaries, paged (opaque cursor)
    service.list_templates()                    # the three zoom://meetings/{meetingId}/... templates
    await service.read(uri, progress=None)      # [TextResourceContents]; raises ResourceError
    await service.complete("meetingId", "85")   # completion values from recent meetings
    await service.version(uri)                  # change marker for subscriptions (None = nothing to read)

The low-level handler functions that wrap it are in `zoom_mcp.resources.handlers`.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mcp_types import (
    Completion,
    ListResourcesResult,
    ListResourceTemplatesResult,
    Resource,
    ResourceTemplate,
    TextResourceContents,
)

from zoom_mcp.resources import errors as reasons
from zoom_mcp.resources.cursor import ListCursor
from zoom_mcp.resources.downloads import Downloader, ProgressCallback, allowed_hosts_for
from zoom_mcp.resources.errors import ResourceError
from zoom_mcp.resources.recent import RecentMeetings, date_range
from zoom_mcp.resources.recording_files import find_transcript_file, is_processing, sanitize_recording
from zoom_mcp.resources.settings import ResourceSettings
from zoom_mcp.resources.summary_markdown import format_time, summary_to_markdown
from zoom_mcp.resources.transcripts import TranscriptReader
from zoom_mcp.resources.uris import (
    MEETING_ID_VARIABLE,
    TEMPLATE_BY_KIND,
    TEMPLATES,
    ResourceKind,
    build_uri,
    is_meeting_uuid,
    parse_uri,
)
from zoom_mcp.resources.zoom_api import (
    RECORDING_SCOPES,
    SUMMARY_LIST_SCOPES,
    SUMMARY_SCOPES,
    ZoomContentApi,
    listing_error,
    resource_error,
    scopes_for,
)
from zoom_mcp.zoom_client import ZoomClient, ZoomError

MAX_COMPLETION_VALUES = 100
_NOTHING_TO_READ = frozenset(
    {
        reasons.NO_RECORDING,
        reasons.RECORDING_PROCESSING,
        reasons.TRANSCRIPT_PROCESSING,
        reasons.NO_TRANSCRIPT,
        reasons.SUMMARY_UNAVAILABLE,
        reasons.MEETING_NOT_FOUND,
    }
)


class ResourceService:
    """Reads, lists and completes `zoom://meetings/...` resources through a `ZoomClient`."""

    def __init__(
        self,
        client: ZoomClient,
        settings: ResourceSettings | None = None,
        *,
        downloader: Downloader | None = None,
    ) -> None:
        self.settings = settings or ResourceSettings(account_id=client.settings.account_id or "me")
        self.api = ZoomContentApi(client, self.settings.account_id, self.settings.api_variant)
        hosts = allowed_hosts_for(client.settings.api_base_url, self.settings.allowed_download_hosts)
        self.downloader = downloader or Downloader(lambda: client.http, hosts)
        self.recent = RecentMeetings(self.api, self.settings)
        self.transcripts = TranscriptReader(self.api, self.downloader, self.settings)

    # -- templates and listing ---------------------------------------------------------------------
    def list_templates(self) -> ListResourceTemplatesResult:
        return ListResourceTemplatesResult(
            resource_templates=[
                ResourceTemplate(
                    uri_template=t.uri_template,
                    name=t.name,
                    title=t.title,
                    description=t.description,
                    mime_type=t.mime_type,
                )
                for t in TEMPLATES
            ]
        )

    async def list_resources(self, cursor: str | None = None) -> ListResourcesResult:
        """One page of recent meetings' summaries; `next_cursor` wraps Zoom's `next_page_token`."""
        if cursor:
            position = ListCursor.decode(cursor)
            start, end, token = position.start, position.end, position.page_token
        else:
            (start, end), token = date_range(self.settings), ""
        try:
            page = await self.api.list_summaries(
                start=start, end=end, page_size=self.settings.page_size, page_token=token or None
            )
        except ZoomError as exc:
            raise listing_error(exc, scopes_for(SUMMARY_LIST_SCOPES, self.settings.api_variant)) from None
        resources = [r for item in page.items if (r := _summary_resource(item)) is not None]
        next_cursor = ListCursor(page.next_page_token, start, end).encode() if page.next_page_token else None
        return ListResourcesResult(resources=resources, next_cursor=next_cursor)

    # -- reading -----------------------------------------------------------------------------------
    async def read(self, uri: str, progress: ProgressCallback | None = None) -> list[TextResourceContents]:
        """The contents at `uri`; raises `ResourceError` (bound to `uri`) when there is nothing to read."""
        try:
            target = parse_uri(uri)
            template = TEMPLATE_BY_KIND[target.kind]
            if target.kind is ResourceKind.SUMMARY:
                text = summary_to_markdown(await self._summary(target.meeting_id))
            elif target.kind is ResourceKind.TRANSCRIPT:
                text = await self.transcripts.read(target.meeting_id, progress)
            else:
                text = json.dumps(sanitize_recording(await self._recording(target.meeting_id)), indent=2)
        except ResourceError as exc:
            raise exc.with_uri(uri) from None
        return [TextResourceContents(uri=uri, mime_type=template.mime_type, text=text)]

    async def _summary(self, meeting_id: str) -> dict[str, Any]:
        target = meeting_id
        if not is_meeting_uuid(meeting_id):
            target = await self.recent.latest_uuid(meeting_id) or meeting_id
        try:
            return await self.api.get_summary(target)
        except ZoomError as exc:
            raise resource_error(
                exc, what="summary", meeting_id=meeting_id, scopes=scopes_for(SUMMARY_SCOPES, self.settings.api_variant)
            ) from None

    async def _recording(self, meeting_id: str) -> dict[str, Any]:
        try:
            return await self.api.get_recording(meeting_id)
        except ZoomError as exc:
            raise resource_error(
                exc,
                what="recordings",
                meeting_id=meeting_id,
                scopes=scopes_for(RECORDING_SCOPES, self.settings.api_variant),
            ) from None

    # -- subscriptions -----------------------------------------------------------------------------
    async def version(self, uri: str) -> str | None:
        """A marker that changes when the content at `uri` changes; None while there is nothing to read.

        Cheap: no download. Raises `ResourceError` for failures that say nothing about availability
        (transport errors, rate limits, missing scopes), so a poller can keep its last state.
        """
        target = parse_uri(uri)
        try:
            if target.kind is ResourceKind.SUMMARY:
                summary = await self._summary(target.meeting_id)
                marker: Any = summary.get("summary_last_modified_time") or summary
            else:
                recording = await self._recording(target.meeting_id)
                if target.kind is ResourceKind.TRANSCRIPT:
                    item = find_transcript_file(recording)
                    if item is None or is_processing(item):
                        return None
                    marker = [item.get("id"), item.get("file_size"), item.get("status")]
                else:
                    marker = sanitize_recording(recording)
        except ResourceError as exc:
            if exc.reason in _NOTHING_TO_READ:
                return None
            raise
        return hashlib.sha256(json.dumps(marker, sort_keys=True, default=str).encode()).hexdigest()

    # -- completion --------------------------------------------------------------------------------
    async def complete(self, argument_name: str, value: str) -> list[str]:
        """Completion values for a template argument (only `meetingId` has any)."""
        if argument_name != MEETING_ID_VARIABLE:
            return []
        return (await self.recent.complete(value))[: self.settings.completion_limit]

    async def complete_meeting_id(self, prefix: str) -> Completion:
        """Meeting IDs and UUIDs of recent meetings matching `prefix` (shared with prompt arguments)."""
        return completion_of(await self.complete(MEETING_ID_VARIABLE, prefix))


def completion_of(values: list[str]) -> Completion:
    shown = values[:MAX_COMPLETION_VALUES]
    return Completion(values=shown, total=len(values), has_more=len(values) > len(shown))


def _summary_resource(item: dict[str, Any]) -> Resource | None:
    uuid = item.get("meeting_uuid")
    number = item.get("meeting_id")
    key = uuid if isinstance(uuid, str) and uuid else (str(number) if number else None)
    if key is None:
        return None
    topic = item.get("meeting_topic") if isinstance(item.get("meeting_topic"), str) else ""
    when = format_time(item.get("meeting_start_time")) or format_time(item.get("summary_start_time")) or ""
    topic = topic or f"Meeting {number or key}"
    title = f"{topic} ({when} UTC)" if when else topic
    host = item.get("meeting_host_email") or item.get("meeting_host_id") or "unknown host"
    return Resource(
        uri=build_uri(ResourceKind.SUMMARY, key),
        name=topic,
        title=f"Summary: {title}",
        description=f"AI Companion summary of '{topic}' (meeting {number or key}) held {when or 'recently'} UTC, "
        f"hosted by {host}. The transcript is at the same URI with /transcript.",
        mime_type="text/markdown",
    )
