"""Which Zoom operations each resource door draws on, and the guard that holds a request to its caller's policy.

A resource, a completion or a prompt must give a caller no more than the tools its policy allows. The
server checks each door before it opens (`zoom_mcp.server.doors`), using the operations listed here
(`KIND_OPERATIONS`, `LISTING`, `COMPLETION`). As a second line, `ZoomContentApi` asks `permitted(method,
path template)` before every Zoom request: inside `operations_allowed(check)` (set by the server for the
request being handled) an operation the caller may not call raises `OperationDenied` before anything is
sent. Optional lookups (the archive fallback of transcripts, recent-meeting lists for completion and for
resolving a meeting number to its latest instance) treat that like any failed lookup and go without.
Outside a request (the subscription poller) no guard is set and every operation is permitted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

from zoom_mcp.resources.uris import ResourceKind
from zoom_mcp.variants import api_path
from zoom_mcp.zoom_client import ZoomError

Operation = tuple[str, str]  # (HTTP method, path template), as in the catalogue's operation block
OperationCheck = Callable[[str, str], bool]

SUMMARY_PATH: Final = "/accounts/{accountId}/meetings/{meetingId}/meeting_summary"
SUMMARIES_PATH: Final = "/accounts/{accountId}/meetings/meeting_summaries"
RECORDING_PATH: Final = "/accounts/{accountId}/meetings/{meetingId}/recordings"
ACCOUNT_RECORDINGS_PATH: Final = "/accounts/{accountId}/recordings"
ARCHIVE_FILES_PATH: Final = "/accounts/{accountId}/archive_files"
USER_RECORDINGS_PATH: Final = "/users/{userId}/recordings"  # regular accounts' recordings list
TRANSCRIPT_PATH: Final = "/meetings/{meetingId}/transcript"  # regular accounts only

# Master-account templates; `for_variant(operations, variant)` spells them as the served catalogue does.
KIND_OPERATIONS: Final[dict[ResourceKind, tuple[Operation, ...]]] = {
    ResourceKind.SUMMARY: (("GET", SUMMARY_PATH),),
    ResourceKind.TRANSCRIPT: (("GET", RECORDING_PATH),),
    ResourceKind.RECORDINGS: (("GET", RECORDING_PATH),),
}
"""Reading a resource of this kind needs every one of these operations."""
LISTING: Final[tuple[Operation, ...]] = (("GET", SUMMARIES_PATH),)
"""`resources/list` (recent meetings' summaries) needs these."""
COMPLETION: Final[tuple[Operation, ...]] = (("GET", SUMMARIES_PATH), ("GET", ACCOUNT_RECORDINGS_PATH))
"""Meeting-ID completion draws on any of these (each list the caller may not call is skipped); a regular
account lists the user's recordings instead of the account's."""


def template_for(master_template: str, variant: str) -> str:
    """A master-account template as the `variant` ("master" or "regular") catalogue names its operation: a
    regular account lists the user's recordings (the account-wide list is master-only)."""
    if variant == "regular" and master_template == ACCOUNT_RECORDINGS_PATH:
        return USER_RECORDINGS_PATH
    return api_path(master_template, variant)


def for_variant(operations: tuple[Operation, ...], variant: str) -> tuple[Operation, ...]:
    """`operations` as the `variant` catalogue names them."""
    return tuple((method, template_for(template, variant)) for method, template in operations)


_current: ContextVar[OperationCheck | None] = ContextVar("zoom_mcp_resource_operations", default=None)


class OperationDenied(ZoomError):
    """The caller's policy does not allow the Zoom operation a resource would need; nothing was sent."""

    def __init__(self, method: str, template: str) -> None:
        super().__init__(f"{method} {template} is not allowed by the caller's tool policy; nothing was sent to Zoom")
        self.method = method
        self.template = template


@contextmanager
def operations_allowed(check: OperationCheck) -> Iterator[None]:
    """Hold the Zoom requests made inside the block to `check(method, path template)`."""
    token = _current.set(check)
    try:
        yield
    finally:
        _current.reset(token)


def permitted(method: str, template: str) -> bool:
    check = _current.get()
    return check is None or check(method, template)


def require(method: str, template: str) -> None:
    """Raise `OperationDenied` when the current request's caller may not call this operation."""
    if not permitted(method, template):
        raise OperationDenied(method, template)
