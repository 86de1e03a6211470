"""The caller of the current MCP request, as established by HTTP authentication.

Verifiers return a `CallerAccessToken`: the SDK's `AccessToken` (so the SDK's session ownership and
request-state binding work unchanged) carrying the `Caller` with its policy. The SDK's
`AuthContextMiddleware` puts it in a context variable that follows each message into the handler;
`current_caller(default)` reads it there. Without HTTP authentication (stdio, or an unauthenticated
loopback endpoint) it returns `default`; a token without a policy gets one that allows nothing.
"""

from __future__ import annotations

from typing import Final

from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from pydantic import ConfigDict

from zoom_mcp.policy import Caller, CallerPolicy

API_KEY_KIND: Final = "key"
JWT_KIND: Final = "jwt"


def caller_id(kind: str, name: str) -> str:
    """A caller id namespaced by how the caller authenticated (`key:<key name>`, `jwt:<subject>`), so that
    rate windows, confirmation-token binding and session ownership can never be shared across kinds."""
    return f"{kind}:{name}"


class CallerAccessToken(AccessToken):
    """An `AccessToken` whose `client_id` is the caller's id and which carries the caller's policy."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    caller: Caller


NO_ACCESS: Final = CallerPolicy(name="no-policy", tools=frozenset())
"""The policy of a token that carries none (not made by our verifiers): it allows no tool (fail closed)."""


def caller_of(token: AccessToken | None) -> Caller | None:
    """The caller a token stands for; None for no token."""
    if token is None:
        return None
    if isinstance(token, CallerAccessToken):
        return token.caller
    return Caller(id=caller_id("token", token.client_id), policy=NO_ACCESS)


def current_caller(default: Caller) -> Caller:
    """The authenticated caller of the request being handled, or `default` when the request is unauthenticated."""
    caller = caller_of(get_access_token())
    return default if caller is None else caller
