"""Asking a person through the MCP client, in both protocol eras.

Handshake era (<= 2025-11-25): the server sends `elicitation/create` while the call waits
(`ctx.session.elicit_form(..., related_request_id=ctx.request_id)`); the client must have declared
the elicitation capability and the transport must have a back channel (stateless HTTP has none).

Modern era (2026-07-28): the server may not send requests; the call answers with an
`InputRequiredResult` carrying the form and a `request_state`, and the client retries the same
call with `inputResponses` and the state echoed back. The SDK's `RequestStateBoundary` middleware
(`request_state_middleware`) seals that state with AES-GCM and binds it to the tool, the arguments
and the authenticated principal; inside it we put our own single-use confirmation token.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import anyio
from mcp.server.request_state import RequestStateBoundary, RequestStateSecurity
from mcp_types import (
    CallToolRequestParams,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitResult,
    InputRequiredResult,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import ValidationError

from zoom_mcp.gates.tokens import request_state_keys

logger = logging.getLogger("zoom_mcp.gates")

INPUT_KEY = "confirm"
DEFAULT_ELICITATION_TIMEOUT_SECONDS = 300.0


def is_modern_era(ctx: Any) -> bool:
    return str(getattr(ctx, "protocol_version", "")) in MODERN_PROTOCOL_VERSIONS


def client_can_elicit(ctx: Any) -> bool:
    """Whether this client can show a form now: declared `elicitation` (form mode) and, in the
    handshake era, a back channel for the server's request."""
    session = getattr(ctx, "session", None)
    capabilities = getattr(session, "client_capabilities", None)
    elicitation = getattr(capabilities, "elicitation", None)
    if elicitation is None:
        return False
    # An empty elicitation capability means form mode (spec); url-only clients cannot show our form.
    if getattr(elicitation, "form", None) is None and getattr(elicitation, "url", None) is not None:
        return False
    if is_modern_era(ctx):
        return True
    return bool(getattr(session, "can_send_request", False))


async def elicit_now(ctx: Any, message: str, schema: dict[str, Any], timeout_seconds: float) -> ElicitResult | None:
    """Handshake era: ask and wait; None when the client failed, errored or did not answer in time."""
    try:
        with anyio.fail_after(timeout_seconds):
            result: ElicitResult = await ctx.session.elicit_form(message, schema, related_request_id=ctx.request_id)
            return result
    except TimeoutError:
        logger.warning("confirmation request got no answer within %.0f s", timeout_seconds)
    except Exception as exc:  # any failure of the exchange means: no consent
        logger.warning("confirmation request failed: %s", type(exc).__name__)
    return None


def ask_with_input_required(message: str, schema: dict[str, Any], state: str) -> InputRequiredResult:
    """Modern era: the result that asks the client to show the form and retry."""
    return InputRequiredResult(
        input_requests={
            INPUT_KEY: ElicitRequest(params=ElicitRequestFormParams(message=message, requested_schema=schema))
        },
        request_state=state,
    )


def retry_answer(ctx: Any) -> tuple[bool, ElicitResult | None, str | None]:
    """Modern era: (is this a retry?, the person's answer, the unsealed request_state) from the call's params."""
    raw = getattr(ctx, "params", None)
    if not raw:
        return False, None, None
    try:
        params = CallToolRequestParams.model_validate(dict(raw), by_name=False)
    except ValidationError:
        return False, None, None
    responses = params.input_responses
    state = params.request_state
    if responses is None and state is None:
        return False, None, None
    answer = (responses or {}).get(INPUT_KEY)
    return True, answer if isinstance(answer, ElicitResult) else None, state


def request_state_middleware(secrets: Sequence[bytes], *, audience: str | None = "zoom-mcp") -> RequestStateBoundary:
    """The SDK middleware sealing modern-era `request_state`; install it in `server.middleware`.

    `secrets` are the confirmation secrets (`ConfirmationTokens.secrets`, from `ZOOM_MCP_CONFIRM_KEYS`);
    separate AES keys are derived from them so a state survives a restart or another replica.
    """
    return RequestStateBoundary(RequestStateSecurity(keys=request_state_keys(secrets)), default_audience=audience)
