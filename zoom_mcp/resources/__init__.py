"""Meeting summaries, transcripts and recordings as MCP resources; safe downloads; subscriptions.

Resource templates (see `uris`): `zoom://meetings/{meetingId}/summary` (Markdown),
`zoom://meetings/{meetingId}/transcript` (plain text) and `zoom://meetings/{meetingId}/recordings` (JSON).

Wiring into the low-level server::

    service = ResourceService(client, ResourceSettings(account_id=...))
    registry = SubscriptionRegistry(service.version, interval=settings.poll_interval)
    handlers = ResourceHandlers(service, registry)
    server = Server("zoom-mcp", **handlers.server_kwargs(completion_fallback=prompt_completion), ...)
    async with registry.running():          # the poller, e.g. inside the server lifespan
        ...
"""

from zoom_mcp.resources.archive_transcript import archive_transcript_to_text, parse_archive_transcript
from zoom_mcp.resources.downloads import (
    DEFAULT_ALLOWED_HOSTS,
    Download,
    Downloader,
    ProgressCallback,
    allowed_hosts_for,
)
from zoom_mcp.resources.errors import DownloadError, ResourceError, to_mcp_error
from zoom_mcp.resources.handlers import ResourceHandlers
from zoom_mcp.resources.recording_files import sanitize_recording
from zoom_mcp.resources.service import ResourceService
from zoom_mcp.resources.settings import ResourceSettings
from zoom_mcp.resources.subscriptions import SubscriptionRegistry
from zoom_mcp.resources.summary_markdown import summary_to_markdown
from zoom_mcp.resources.uris import TEMPLATES, MeetingUri, ResourceKind, build_uri, parse_uri
from zoom_mcp.resources.vtt import Cue, parse_vtt, render_transcript, vtt_to_text

__all__ = [
    "DEFAULT_ALLOWED_HOSTS",
    "TEMPLATES",
    "Cue",
    "Download",
    "DownloadError",
    "Downloader",
    "MeetingUri",
    "ProgressCallback",
    "ResourceError",
    "ResourceHandlers",
    "ResourceKind",
    "ResourceService",
    "ResourceSettings",
    "SubscriptionRegistry",
    "allowed_hosts_for",
    "archive_transcript_to_text",
    "build_uri",
    "parse_archive_transcript",
    "parse_uri",
    "parse_vtt",
    "render_transcript",
    "sanitize_recording",
    "summary_to_markdown",
    "to_mcp_error",
    "vtt_to_text",
]
