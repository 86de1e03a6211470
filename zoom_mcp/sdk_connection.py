"""The SDK's per-client `Connection` behind a low-level request: the one place that reaches for it.

mcp 2.x hands low-level handlers and middleware a `ServerRequestContext` whose `session` is a per-request
`ServerSession`; the connection-scoped `mcp.server.connection.Connection` behind it is public API (its
`state` scratch dict, `has_standalone_channel`), but the low-level context offers no public way to reach it
(only the high-level `mcpserver.Context.connection` does): the session keeps it in the private attribute
`_connection`. Every reach into that attribute is here (per-session log level, the toolsets a session
enabled, which connection a subscription belongs to); when the SDK adds an accessor, change only this module.
"""

from __future__ import annotations

from typing import Any

from mcp.server.connection import Connection


def connection_of(session: Any) -> Connection | None:
    """The `Connection` behind a `ServerSession` (None when there is none, e.g. a stand-in session)."""
    connection = getattr(session, "_connection", None)  # private in mcp 2.x: see the module docstring
    return connection if isinstance(connection, Connection) else None


def connection_state(ctx: Any) -> dict[str, Any] | None:
    """The per-connection scratch state (`Connection.state`) of this request's connection, when reachable."""
    connection = connection_of(getattr(ctx, "session", None))
    return connection.state if connection is not None else None
