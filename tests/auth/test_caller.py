"""current_caller: the authenticated caller in a handler, the default without one, nothing for a policy-less token."""

from __future__ import annotations

from mcp.server.auth.middleware.auth_context import auth_context_var
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken

from zoom_mcp.auth.caller import CallerAccessToken, current_caller
from zoom_mcp.policy import Caller, CallerPolicy
from zoom_mcp.transports.demo_server import DEMO_TOOLS

LOCAL = Caller(id="local")


def _with_token(token: AccessToken) -> Caller:
    reset = auth_context_var.set(AuthenticatedUser(token))
    try:
        return current_caller(LOCAL)
    finally:
        auth_context_var.reset(reset)


def test_without_authentication_the_default_caller_is_used() -> None:
    assert current_caller(LOCAL) is LOCAL


def test_an_authenticated_token_gives_its_caller() -> None:
    ops = Caller(id="ops", policy=CallerPolicy(name="ops", read_only=True))
    assert _with_token(CallerAccessToken(token="t", client_id="ops", scopes=[], caller=ops)) == ops


def test_a_token_without_a_policy_allows_no_tool() -> None:
    caller = _with_token(AccessToken(token="t", client_id="someone", scopes=["x"]))
    assert caller.id == "token:someone"
    assert not any(caller.policy.allows(tool) for tool in DEMO_TOOLS)
