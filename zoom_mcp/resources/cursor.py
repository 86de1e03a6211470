"""Opaque `resources/list` cursors that carry Zoom's `next_page_token` and the date range it belongs to.

Zoom requires every other parameter to stay unchanged while paging, so the cursor keeps `from` and `to`
with the token. A cursor that cannot be decoded raises `MCPError(INVALID_PARAMS)`.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from mcp.shared.exceptions import MCPError
from mcp_types import INVALID_PARAMS

_VERSION = 1


@dataclass(frozen=True)
class ListCursor:
    page_token: str
    start: str
    end: str

    def encode(self) -> str:
        raw = json.dumps({"v": _VERSION, "t": self.page_token, "f": self.start, "e": self.end}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> ListCursor:
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
            if not isinstance(data, dict) or data.get("v") != _VERSION:
                raise ValueError("wrong version")
            token, start, end = data["t"], data["f"], data["e"]
            if not all(isinstance(v, str) for v in (token, start, end)):
                raise ValueError("wrong types")
        except (ValueError, KeyError, binascii.Error, UnicodeDecodeError):
            raise MCPError(
                INVALID_PARAMS,
                "Invalid resources/list cursor. Pass back the nextCursor of the previous page unchanged, or list "
                "again without a cursor (Zoom page tokens expire after 15 minutes).",
            ) from None
        return cls(token, start, end)
