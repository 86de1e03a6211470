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
    ElicitRequestURLParams,
    ElicitResult,
    InputRequiredResult,
)
from mcp_types.version import MODERN_PROTOCOL_VERSIONS
from pydantic import ValidationError

from zoom_mcp.gates.tokens import request_state_keys

logger = logging.getLogger("zoom_mcp.gates")

INPUT_KEY = "confirm"
FORM = "form"
URL = "url"
URL_MODE_SINCE = "2025-11-25"
DEFAULT_ELICITATION_TIMEOUT_SECONDS = 300.0


def is_modern_era(ctx: Any) -> bool:
    return str(getattr(ctx, "protocol_version", "")) in MODERN_PROTOCOL_VERSIONS


def declared_modes(ctx: Any) -> frozenset[str]:
    """The elicitation modes the client declared: "form" and/or "url" (an empty capability means form)."""
    session = getattr(ctx, "session", None)
    capabilities = getattr(session, "client_capabilities", None)
    elicitation = getattr(capabilities, "elicitation", None)
    if elicitation is None:
        return frozenset()
    form = getattr(elicitation, "form", None) is not None
    url = getattr(elicitation, "url", None) is not None
    if not form and not url:
        return frozenset({FORM})
    if url and not is_modern_era(ctx) and str(getattr(ctx, "protocol_version", "")) < URL_MODE_SINCE:
        url = False  # URL mode exists from 2025-11-25 on
    return frozenset(mode for mode, on in ((FORM, form), (URL, url)) if on)


def has_back_channel(ctx: Any) -> bool:
    """Whether the server can ask now: always in the modern era (InputRequiredResult), else a live back channel."""
    return is_modern_era(ctx) or bool(getattr(getattr(ctx, "session", None), "can_send_request", False))


def usable_modes(ctx: Any) -> frozenset[str]:
    """The elicitation modes that can reach a person for this request."""
    return declared_modes(ctx) if has_back_channel(ctx) else frozenset()


def client_can_elicit(ctx: Any) -> bool:
    """Whether this client can show our form now: declared form elicitation and, in the handshake era,
    a back channel for the server's request."""
    return FORM in usable_modes(ctx)


async def elicit_url_now(
    ctx: Any, message: str, url: str, elicitation_id: str, timeout_seconds: float
) -> ElicitResult | None:
    """Handshake era: ask the client to open `url`; None when the client failed or did not answer in time.

    The answer only says whether the person agreed to open the page; the confirmation itself arrives there.
    """
    try:
        with anyio.fail_after(timeout_seconds):
            result: ElicitResult = await ctx.session.elicit_url(
                message, url, elicitation_id, related_request_id=ctx.request_id
            )
            return result
    except TimeoutError:
        logger.warning("confirmation link %s was not acknowledged within %.0f s", elicitation_id, timeout_seconds)
    except Exception as exc:  # any failure of the exchange means: no consent
        logger.warning("confirmation link request failed: %s", type(exc).__name__)
    return None


async def announce_complete(ctx: Any, elicitation_id: str) -> None:
    """Handshake era: tell the client the browser question is over (`notifications/elicitation/complete`)."""
    try:
        await ctx.session.send_elicit_complete(elicitation_id, related_request_id=ctx.request_id)
    except Exception as exc:  # best effort: the call's own result follows anyway
        logger.info("could not send elicitation/complete: %s", type(exc).__name__)


def ask_url_with_input_required(message: str, url: str, state: str) -> InputRequiredResult:
    """Modern era: the result that asks the client to open the confirmation page, then retry."""
    return InputRequiredResult(
        input_requests={INPUT_KEY: ElicitRequest(params=ElicitRequestURLParams(message=message, url=url))},
        request_state=state,
    )


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
