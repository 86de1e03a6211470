"""MCP logging and progress: the `logging` capability, `logging/setLevel`, and the request scope's notifier.

- `install_notifications(server)` registers `logging/setLevel` (which makes the SDK declare the `logging`
  capability) and a middleware that binds a `zoom_mcp.request_scope` around every request, so the Zoom
  client, the rate limiter, the gates and downloads can send log lines and progress without knowing MCP.
- Log lines are `notifications/message` with logger `zoom-mcp`, sent on the request's own stream.
  Which levels reach the client: handshake era, the level the session set with `logging/setLevel`
  (default `info`; kept per connection); modern era (2026-07-28), the level the request itself opted in
  to with `_meta["io.modelcontextprotocol/logLevel"]` (none without it), as the SDK defines.
- Progress goes through the SDK's `report_progress` (a no-op unless the request carried a `progressToken`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mcp.server import Server
from mcp.server.connection import allowed_log_levels
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp_types import EmptyResult, LoggingMessageNotification, LoggingMessageNotificationParams, SetLevelRequestParams
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from zoom_mcp import request_scope
from zoom_mcp.request_scope import LEVELS, LogLevel
from zoom_mcp.sdk_connection import connection_state

LOGGER_NAME: Final = "zoom-mcp"
DEFAULT_LEVEL: Final[LogLevel] = "info"
_LEVEL_KEY: Final = "zoom-mcp/log-level"


def session_level(ctx: ServerRequestContext[Any, Any]) -> LogLevel:
    """The minimum level this handshake-era session asked for (`DEFAULT_LEVEL` until it sets one)."""
    state = connection_state(ctx)
    level = state.get(_LEVEL_KEY) if state is not None else None
    return level if level in LEVELS else DEFAULT_LEVEL


def deliverable_levels(ctx: ServerRequestContext[Any, Any]) -> frozenset[str]:
    """The `notifications/message` levels this request may receive."""
    if ctx.protocol_version in MODERN_PROTOCOL_VERSIONS:  # the request's own opt-in decides
        return frozenset(allowed_log_levels(ctx.protocol_version, ctx.meta))
    return frozenset(LEVELS[LEVELS.index(session_level(ctx)) :])


class McpNotifier:
    """`request_scope.Notifier` for one MCP request."""

    def __init__(self, ctx: ServerRequestContext[Any, Any]) -> None:
        self._ctx = ctx
        self._levels = deliverable_levels(ctx)

    async def log(self, level: LogLevel, message: str, data: Mapping[str, Any]) -> None:
        if level not in self._levels:
            return
        notification = LoggingMessageNotification(
            params=LoggingMessageNotificationParams(level=level, data=dict(data), logger=LOGGER_NAME)
        )
        await self._ctx.session.send_notification(notification, related_request_id=self._ctx.request_id)

    async def progress(self, progress: float, total: float | None, message: str | None) -> None:
        await self._ctx.session.report_progress(progress, total, message)


async def set_level(ctx: ServerRequestContext[Any, Any], params: SetLevelRequestParams) -> EmptyResult:
    """`logging/setLevel`: remember the level for this session (handshake era)."""
    state = connection_state(ctx)
    if state is not None:
        state[_LEVEL_KEY] = params.level
    return EmptyResult()


class RequestScopeMiddleware:
    """Binds a `request_scope` with an `McpNotifier` around every request (not around notifications)."""

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        if ctx.request_id is None:
            return await call_next(ctx)
        with request_scope.scoped(McpNotifier(ctx)):
            return await call_next(ctx)


def install_notifications(server: Server[Any]) -> None:
    """Declare logging (`logging/setLevel`) and bind a request scope around every request of `server`."""
    server.add_request_handler("logging/setLevel", SetLevelRequestParams, set_level)
    server.middleware.append(RequestScopeMiddleware())
