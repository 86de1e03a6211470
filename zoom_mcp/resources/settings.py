"""Settings of the resources part: account, list window, download limits and hosts, polling interval."""

from __future__ import annotations

from dataclasses import dataclass

from zoom_mcp.resources.downloads import DEFAULT_ALLOWED_HOSTS

DEFAULT_MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ResourceSettings:
    """How resources are listed, read and watched.

    - `account_id`: the `{accountId}` of every path (the sub account, or `me`).
    - `lookback_days`: `resources/list` and completion look at meetings summarised or recorded in this many
      days up to now (Zoom's list endpoints need a date range).
    - `page_size`: Zoom page size for `resources/list` (max 300).
    - `allowed_download_hosts`: hosts that may receive Zoom credentials (see `downloads`); the API host is
      added automatically when it is a loopback sandbox.
    - `max_transcript_bytes`: transcripts larger than this are refused.
    - `archive_fallback`: look for an archive (JSON) transcript when the cloud recording has none.
    - `poll_interval`: seconds between checks of subscribed URIs.
    - `completion_cache_seconds`: how long recent meetings are reused for completion.
    - `api_variant`: "master" (paths under /accounts/{accountId}) or "regular" (an ordinary account's paths;
      transcripts come from the meeting's transcript endpoint first).
    """

    account_id: str = "me"
    api_variant: str = "master"
    lookback_days: int = 30
    page_size: int = 30
    allowed_download_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    max_transcript_bytes: int = DEFAULT_MAX_TRANSCRIPT_BYTES
    archive_fallback: bool = True
    poll_interval: float = 60.0
    completion_cache_seconds: float = 30.0
    completion_limit: int = 100
