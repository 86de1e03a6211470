"""`UploadFile`: a file to send in a multipart request, held in memory.

The Zoom client never reads the local disk: whoever builds a request decides where the bytes come
from (the server reads them from inline tool arguments, or over stdio from the operator's upload
directory; see `zoom_mcp/server/uploads.py`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class UploadFile:
    """One multipart file part: the file name sent to Zoom, its bytes and its media type."""

    filename: str
    content: bytes
    media_type: str = "application/octet-stream"

    def __repr__(self) -> str:  # never the bytes
        return f"UploadFile(filename={self.filename!r}, size={len(self.content)}, media_type={self.media_type!r})"
