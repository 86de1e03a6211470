"""Recent meetings (summarised or recorded) for `meetingId` completion and numeric-ID lookups.

Gathered from the first page (up to 300) of the account's meeting summaries and cloud recordings in the
configured look-back window, cached briefly so completion does not call Zoom on every keystroke. A
failing source is skipped (completion degrades to fewer suggestions, never to an error).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from zoom_mcp.resources.access import COMPLETION, for_variant, permitted
from zoom_mcp.resources.settings import ResourceSettings
from zoom_mcp.resources.zoom_api import ZoomContentApi
from zoom_mcp.zoom_client import ZoomError

logger = logging.getLogger("zoom_mcp.resources")
MAX_PAGE_SIZE = 300


@dataclass(frozen=True)
class RecentMeeting:
    meeting_id: str | None
    uuid: str | None
    topic: str
    start_time: str

    def values_for(self, prefix: str) -> list[str]:
        """The completion values this meeting offers for `prefix` (case-insensitive)."""
        wanted = prefix.casefold()
        if not wanted:
            return [v for v in (self.uuid or self.meeting_id,) if v]
        found: list[str] = []
        if self.meeting_id and self.meeting_id.startswith(prefix):
            found.append(self.meeting_id)
        if self.uuid and self.uuid.casefold().startswith(wanted):
            found.append(self.uuid)
        topic = self.topic.casefold()
        topic_match = topic.startswith(wanted) or any(word.startswith(wanted) for word in topic.split())
        if topic_match and not found:
            found.extend(v for v in (self.uuid, self.meeting_id) if v)
        return found


def date_range(settings: ResourceSettings, now: datetime | None = None) -> tuple[str, str]:
    """`from` and `to` for Zoom list calls: the look-back window ending now (UTC)."""
    end = now or datetime.now(UTC)
    start = end - timedelta(days=settings.lookback_days)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")


class RecentMeetings:
    def __init__(
        self, api: ZoomContentApi, settings: ResourceSettings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.api = api
        self.settings = settings
        self._clock = clock
        # one cache per set of lists the caller may call (see access.py): a caller never sees what came
        # from a list its policy does not allow
        self._cached: dict[tuple[bool, ...], tuple[list[RecentMeeting], float]] = {}

    def forget(self) -> None:
        self._cached.clear()

    async def meetings(self) -> list[RecentMeeting]:
        """Recent meetings, newest first (one entry per meeting instance)."""
        now = self._clock()
        allowed = tuple(permitted(method, template) for method, template in for_variant(COMPLETION, self.api.variant))
        cached = self._cached.get(allowed)
        if cached is not None and now - cached[1] < self.settings.completion_cache_seconds:
            return cached[0]
        start, end = date_range(self.settings)
        found: dict[str, RecentMeeting] = {}
        try:
            page = await self.api.list_summaries(start=start, end=end, page_size=MAX_PAGE_SIZE)
            for item in page.items:
                _add(
                    found,
                    item.get("meeting_id"),
                    item.get("meeting_uuid"),
                    item.get("meeting_topic"),
                    item.get("meeting_start_time"),
                )
        except ZoomError as exc:
            logger.info("Recent meetings: summaries list failed (%s)", type(exc).__name__)
        try:
            page = await self.api.list_recordings(start=start[:10], end=end[:10], page_size=MAX_PAGE_SIZE)
            for item in page.items:
                _add(found, item.get("id"), item.get("uuid"), item.get("topic"), item.get("start_time"))
        except ZoomError as exc:
            logger.info("Recent meetings: recordings list failed (%s)", type(exc).__name__)
        ordered = sorted(found.values(), key=lambda m: m.start_time, reverse=True)
        self._cached[allowed] = (ordered, now)
        return ordered

    async def complete(self, prefix: str) -> list[str]:
        values: list[str] = []
        for meeting in await self.meetings():
            values.extend(v for v in meeting.values_for(prefix.strip()) if v not in values)
        return values

    async def latest_uuid(self, meeting_id: str) -> str | None:
        """The UUID of the newest recent instance of the numeric meeting ID, when known."""
        for meeting in await self.meetings():
            if meeting.meeting_id == meeting_id and meeting.uuid:
                return meeting.uuid
        return None


def _add(found: dict[str, RecentMeeting], meeting_id: Any, uuid: Any, topic: Any, start: Any) -> None:
    number = str(meeting_id) if isinstance(meeting_id, (int, str)) and str(meeting_id).isdigit() else None
    instance = uuid if isinstance(uuid, str) and uuid else None
    key = instance or number
    if key is None or key in found:
        return
    found[key] = RecentMeeting(number, instance, topic if isinstance(topic, str) else "", str(start or ""))
