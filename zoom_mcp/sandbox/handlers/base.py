"""What a handler receives (`Ctx`) and returns (`Reply`), plus the registry decorator `handles`.

A handler is a plain function `(ctx) -> Reply` registered for one or more operationIds. Every operation of
both shipped documents has one; an operation without a handler (only in a document given with `--spec`) is
answered by the generic fallback (the spec's example).
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from zoom_mcp.sandbox.config import SandboxConfig
from zoom_mcp.sandbox.errors import ZoomStyleError, meeting_not_found, user_not_found, webinar_not_found
from zoom_mcp.sandbox.examples import item_schema, project, response_body
from zoom_mcp.sandbox.spec import SpecOperation
from zoom_mcp.sandbox.state import SandboxState

JSON = Any


@dataclass
class Reply:
    """A handler's answer: status and JSON body (None = no body)."""

    status: int
    body: JSON = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Upload:
    """A file field of a multipart request body, as handlers see it (the bytes themselves are not kept)."""

    filename: str
    size: int
    content_type: str


@dataclass
class Ctx:
    """Everything a handler may use for one request."""

    op: SpecOperation
    path: dict[str, str]
    query: dict[str, JSON]
    body: JSON
    state: SandboxState
    config: SandboxConfig
    operations: dict[str, SpecOperation]

    def example(self, operation_id: str | None = None) -> JSON:
        """A fresh copy of the 2xx example of `operation_id` (default: this operation)."""
        op = self.operations.get(operation_id) if operation_id else self.op
        if op is None:
            return {}
        body = response_body(op)
        return body if body is not None else {}

    def ok(self, body: JSON = None) -> Reply:
        """The declared success status with `body` trimmed to the success schema."""
        if body is None or self.op.success_schema is None:
            return Reply(self.op.success_status, None if self.op.success_schema is None else body)
        return Reply(self.op.success_status, project(body, self.op.success_schema))

    def done(self) -> Reply:
        """The declared success status, with the example body when the spec declares one."""
        return Reply(self.op.success_status, response_body(self.op))

    def listing(self, list_key: str, items: list[JSON], **extra: JSON) -> Reply:
        """A list answer shaped like the spec example holding one page of `items` (trimmed to the item
        schema). Pages follow `page_size` (default 30) and `next_page_token` like Zoom."""
        body = self.example()
        if not isinstance(body, dict):
            body = {}
        size = int(self.query.get("page_size") or 30)
        offset = _page_offset(self.query.get("next_page_token"))
        page = items[offset : offset + size]
        following = offset + size if offset + size < len(items) else None
        schema = item_schema(self.op.success_schema, list_key)
        body[list_key] = [project(i, schema) for i in page]
        values = {
            "total_records": len(items),
            "page_count": max(1, -(-len(items) // size)),
            "page_number": offset // size + 1,
            "page_size": size,
            "next_page_token": _page_token(following) if following is not None else "",
        }
        declared = (self.op.success_schema or {}).get("properties") or {}
        for key, value in values.items():
            if key in body or key in declared:
                body[key] = value
        body.update(extra)
        return self.ok(body)

    # -- common lookups --------------------------------------------------------------------------
    def user(self, key: str = "userId") -> JSON:
        user = self.state.find_user(self.path[key])
        if user is None:
            raise user_not_found(self.path[key])
        return user

    def meeting(self, key: str = "meetingId") -> tuple[int, JSON]:
        raw = self.path[key]
        if raw.isdigit() and int(raw) in self.state.meetings:
            return int(raw), self.state.meetings[int(raw)]
        found = self.state.find_meeting_by_uuid(raw) or self.state.find_meeting_by_uuid(unquote(raw))
        if found is None or not found[1]:
            raise meeting_not_found(raw)
        return found

    def past_meeting(self, key: str = "meetingId") -> tuple[JSON, JSON]:
        """(meeting, past instance) for a meeting ID (its latest instance) or an instance UUID, from the state's
        one record of meetings that took place. 404 code 3001 "not found or has expired" (Zoom's answer for
        meeting reports) when no meeting took place under that ID or UUID: unknown, or not ended yet."""
        raw = self.path[key]
        found = self.state.past_instance(raw) or self.state.past_instance(unquote(raw))
        if found is None:
            raise ZoomStyleError(404, 3001, f"Meeting {raw} not found or has expired.")
        return found

    def webinar(self, key: str = "webinarId") -> tuple[int, JSON]:
        raw = self.path[key]
        if raw.isdigit() and int(raw) in self.state.webinars:
            return int(raw), self.state.webinars[int(raw)]
        raise webinar_not_found(raw)

    def body_dict(self) -> dict[str, JSON]:
        return copy.deepcopy(self.body) if isinstance(self.body, dict) else {}


Handler = Callable[[Ctx], Reply]
HANDLERS: dict[str, Handler] = {}


def handles(*operation_ids: str) -> Callable[[Handler], Handler]:
    """Register the decorated function for each operationId."""

    def register(func: Handler) -> Handler:
        for operation_id in operation_ids:
            HANDLERS[operation_id] = func
        return func

    return register


def end_time(start: JSON, minutes: JSON) -> str:
    """`start` (ISO 8601, UTC) plus `minutes`, as Zoom writes times; `start` itself when it is not a time."""
    try:
        begun = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
    except ValueError:
        return str(start)
    return (begun + timedelta(minutes=int(minutes or 0))).strftime("%Y-%m-%dT%H:%M:%SZ")


def deep_merge(target: dict[str, JSON], patch: dict[str, JSON]) -> dict[str, JSON]:
    """Merge `patch` into `target` (objects merged recursively, everything else replaced)."""
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            deep_merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)
    return target


def _page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"sandbox-page:{offset}".encode()).decode().rstrip("=")


def _page_offset(token: JSON) -> int:
    if not token:
        return 0
    try:
        text = base64.urlsafe_b64decode(str(token) + "=" * (-len(str(token)) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix == "sandbox-page" and number.isdigit():
            return int(number)
    except (ValueError, UnicodeDecodeError):
        pass
    raise ZoomStyleError(400, 300, "The next page token is invalid or expired.")


def not_found(code: int, message: str) -> ZoomStyleError:
    return ZoomStyleError(404, code, message)
