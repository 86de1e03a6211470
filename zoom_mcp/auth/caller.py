"""The caller of the current MCP request, as established by HTTP authentication.

Verifiers return a `CallerAccessToken`: the SDK's `AccessToken` (so the SDK's session ownership and
request-state binding work unchanged) carrying the `Caller` with its policy. The SDK's
`AuthContextMiddleware` puts it in a context variable that follows each message into the handler;
`current_caller(default)` reads it there. Without HTTP authentication (stdio, or an unauthenticated
loopback endpoint) it returns `default`.
"""

from __future__ import annotations

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from pydantic import ConfigDict

from zoom_mcp.policy import Caller


class CallerAccessToken(AccessToken):
    """An `AccessToken` whose `client_id` is the caller's id and which carries the caller's policy."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    caller: Caller


def current_caller(default: Caller) -> Caller:
    """The authenticated caller of the request being handled, or `default` when there is none."""
    token = get_access_token()
    if isinstance(token, CallerAccessToken):
        return token.caller
    return default
