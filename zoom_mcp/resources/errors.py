"""`ResourceError`: why a resource has nothing to read and what to do next, as one typed exception.

Each error carries a `reason` (a short machine-readable word such as ``no_recording`` or
``transcript_processing``) and a message an agent can act on. `to_mcp_error` turns it into the
protocol error the MCP SDK sends back for `resources/read`: ``-32602`` (invalid params) when the URI
or meeting does not exist (SEP-2164, as the SDK's own `ResourceNotFoundError`), ``-32603`` otherwise,
with ``data = {"uri": ..., "reason": ...}``.
"""

from __future__ import annotations

from typing import Final

from mcp.shared.exceptions import MCPError
from mcp_types import INTERNAL_ERROR, INVALID_PARAMS

UNKNOWN_URI: Final = "unknown_uri"
MEETING_NOT_FOUND: Final = "meeting_not_found"
NO_RECORDING: Final = "no_recording"
RECORDING_PROCESSING: Final = "recording_processing"
TRANSCRIPT_PROCESSING: Final = "transcript_processing"
NO_TRANSCRIPT: Final = "no_transcript"
SUMMARY_UNAVAILABLE: Final = "summary_unavailable"
SUMMARIES_DISABLED: Final = "summaries_disabled"
MISSING_SCOPE: Final = "missing_scope"
FORBIDDEN: Final = "forbidden"
DOWNLOAD_FAILED: Final = "download_failed"
ZOOM_ERROR: Final = "zoom_error"
NOT_ALLOWED: Final = "not_allowed"  # the caller's tool policy does not allow what the resource draws on

NOT_FOUND_REASONS: Final = frozenset({UNKNOWN_URI, MEETING_NOT_FOUND})


class ResourceError(Exception):
    """Nothing can be read at a resource URI right now; `str(error)` says why and what to do."""

    def __init__(self, message: str, *, reason: str = ZOOM_ERROR, uri: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason
        self.uri = uri

    @property
    def is_not_found(self) -> bool:
        return self.reason in NOT_FOUND_REASONS

    def with_uri(self, uri: str) -> ResourceError:
        """The same error bound to `uri` (kept when already set)."""
        if self.uri is None:
            self.uri = uri
        return self


class DownloadError(ResourceError):
    """A file download was refused or failed (host not allowed, redirect refused, too large, HTTP error)."""

    def __init__(self, message: str, *, uri: str | None = None, status: int | None = None) -> None:
        super().__init__(message, reason=DOWNLOAD_FAILED, uri=uri)
        self.status = status


def to_mcp_error(error: ResourceError, uri: str | None = None) -> MCPError:
    """The protocol error for a failed `resources/read` (what the low-level handler raises)."""
    target = error.uri or uri
    code = INVALID_PARAMS if error.is_not_found or error.reason == NOT_ALLOWED else INTERNAL_ERROR
    data: dict[str, str] = {"reason": error.reason}
    if target:
        data["uri"] = target
    return MCPError(code=code, message=error.message, data=data)
