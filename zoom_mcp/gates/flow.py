"""The complete confirmation gate for one tool call: `check_gate(...) -> GateResult`.

Order of decisions:
1. `confirmation_token` is taken out of the arguments (or read from the request
   `_meta["zoom-mcp/confirmation-token"]`); it is never sent to Zoom.
2. Not gated (`gate_reason` is None): proceed (gate "none").
3. Confirm mode `never` (policy or override): proceed, logged at WARNING (gate "never").
3b. With a shared state store (`--state-url`) that cannot be reached: refuse (fail closed, outcome
   `state_unavailable`); no confirmation is asked or accepted until it answers again.
4. Mode `token`: a presented token proceeds only when it redeems for this tool, these exact arguments
   and this caller (else refuse with the reason); without one, refuse with a preview and a single-use
   token (gate "token", outcome "preview"). This is a two-step confirmation: it relies on the client
   asking its person before each tool call, because the model reads the preview and its token.
5. Modes `elicit` (default) and `url`: a person answers through the client. `elicit` prefers the
   client's form, `url` prefers our confirmation page (URL-mode elicitation: the person confirms in a
   browser, see `url_flow`); each falls back to the other mode when the client only has that one.
   Handshake era: the server asks while the call waits; modern era: `InputRequiredResult` + sealed
   state. Proceed only on an explicit confirmation (+ the typed ID for danger "high").
6. Modes `elicit`/`url` and a client that can do neither: refuse (outcome "no_elicitation"), saying how
   to proceed. No token is ever handed to the model in these modes.
A refusal never sends anything to Zoom and its result says how to proceed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from mcp.server.request_state import RequestStateBoundary
from mcp_types import ElicitResult

from zoom_mcp import request_scope
from zoom_mcp.gates import elicitation, messages
from zoom_mcp.gates.decision import GateReason, gate_reason
from zoom_mcp.gates.messages import TargetDescription
from zoom_mcp.gates.outcome import (
    GateResult,
    evaluate_answer,
    proceed_with,
    refuse_with,
    split_token,
    unanswered,
)
from zoom_mcp.gates.pending import CONFIRMED, DECLINED
from zoom_mcp.gates.tokens import ConfirmationTokens
from zoom_mcp.gates.url_flow import UrlConfirmer
from zoom_mcp.policy import Caller, ConfirmMode, spec_facts
from zoom_mcp.request_scope import LogLevel
from zoom_mcp.state import StateUnavailable

logger = logging.getLogger("zoom_mcp.gates")

_OUTCOME_LEVELS: dict[str, LogLevel] = {
    "accepted": "info",
    "token_accepted": "info",
    "confirmation_requested": "info",
    "preview": "info",
    "unconfirmed": "warning",  # confirm=never: ran without a person's confirmation
}
DescribeTarget = Callable[[Any, dict[str, Any]], Awaitable[TargetDescription]]
URL_STATE_KEY = "k"  # in a modern-era state token: the store key of the browser question


class ConfirmationGate:
    """Holds the token keys and replay memory; one per process (see `default_gate()`)."""

    def __init__(
        self,
        tokens: ConfirmationTokens | None = None,
        *,
        elicitation_timeout_seconds: float = elicitation.DEFAULT_ELICITATION_TIMEOUT_SECONDS,
        url: UrlConfirmer | None = None,
    ) -> None:
        self.tokens = tokens if tokens is not None else ConfirmationTokens.from_environment()
        self.elicitation_timeout_seconds = elicitation_timeout_seconds
        self.url = url  # browser confirmations (URL-mode elicitation); None: not offered

    def request_state_middleware(self, *, audience: str | None = "zoom-mcp") -> RequestStateBoundary:
        """The SDK middleware to append to `server.middleware` (modern-era state sealing)."""
        return elicitation.request_state_middleware(self.tokens.secrets, audience=audience)

    async def check(
        self,
        ctx: Any,
        caller: Caller,
        spec: Any,
        arguments: Mapping[str, Any],
        *,
        describe_target: DescribeTarget,
        mode_override: ConfirmMode | None = None,
    ) -> GateResult:
        result = await self._check(
            ctx, caller, spec, arguments, describe_target=describe_target, mode_override=mode_override
        )
        if result.gate != "none":  # tell the client's log view (never a token: gate and outcome only)
            name = spec_facts(spec).name
            level = _OUTCOME_LEVELS.get(result.outcome, "notice")
            await request_scope.log(
                level,
                f"Confirmation for {name}: {result.outcome.replace('_', ' ')} (gate {result.gate}); "
                + ("the call proceeds." if result.proceed else "nothing was sent to Zoom."),
                tool=name,
                gate=result.gate,
                outcome=result.outcome,
            )
        return result

    async def _check(
        self,
        ctx: Any,
        caller: Caller,
        spec: Any,
        arguments: Mapping[str, Any],
        *,
        describe_target: DescribeTarget,
        mode_override: ConfirmMode | None = None,
    ) -> GateResult:
        facts = spec_facts(spec)
        clean, token = split_token(ctx, arguments)
        reason = gate_reason(facts, clean)
        if reason is None:
            return proceed_with(clean, "none", "not_gated")
        mode = mode_override or caller.policy.confirm
        if mode == "never":
            logger.warning(
                "CONFIRMATION SKIPPED (confirm=never): caller %s runs %s without a person's confirmation: %s",
                caller.id,
                facts.name,
                reason.why,
            )
            return proceed_with(clean, "never", "unconfirmed")
        unreachable = await self._state_unreachable()
        if unreachable is not None:  # fail closed: no confirmation of any kind while the shared store is away
            gate = "token" if token is not None or mode == "token" else "elicit"
            return refuse_with(messages.state_unavailable(reason, unreachable), gate, "state_unavailable")
        if mode == "token":
            return await self._token_flow(caller, spec, clean, token, reason, describe_target)
        # elicit / url: a person answers through the client, in a form or on our confirmation page
        if elicitation.is_modern_era(ctx):
            is_retry, answer, state = elicitation.retry_answer(ctx)
            if is_retry:
                return await self._modern_retry(caller, clean, reason, answer, state)
        usable = elicitation.usable_modes(ctx)
        order = (elicitation.URL, elicitation.FORM) if mode == "url" else (elicitation.FORM, elicitation.URL)
        for choice in order:
            if choice not in usable:
                continue
            if choice == elicitation.FORM:
                if elicitation.is_modern_era(ctx):
                    return await self._ask_form_modern(caller, spec, clean, reason, describe_target)
                return await self._elicit_now(ctx, spec, clean, reason, describe_target)
            if self.url is not None:
                asked = await self._ask_url(ctx, caller, spec, clean, reason, describe_target)
                if asked is not None:
                    return asked
        missing_channel = bool(elicitation.declared_modes(ctx)) and not elicitation.has_back_channel(ctx)
        logger.info("%s refused for caller %s: no way to ask a person", facts.name, caller.id)
        refusal = messages.no_elicitation(reason, back_channel_missing=missing_channel)
        return refuse_with(refusal, "url" if mode == "url" else "elicit", "no_elicitation")

    async def _token_flow(
        self,
        caller: Caller,
        spec: Any,
        arguments: dict[str, Any],
        token: str | None,
        reason: GateReason,
        describe_target: DescribeTarget,
    ) -> GateResult:
        """`--confirm token`: a preview with a single-use token, then the same call with that token."""
        if token is not None:
            check = await self.tokens.redeem(token, tool=reason.tool, arguments=arguments, caller_id=caller.id)
            if check.ok:
                return proceed_with(arguments, "token", "token_accepted")
            assert check.failure is not None
            logger.info(
                "confirmation token refused for %s (caller %s): %s", reason.tool, caller.id, check.failure.value
            )
            refusal = messages.token_refusal(check.failure, reason, check.issued_for_tool)
            return refuse_with(refusal, "token", f"token_{check.failure.value}")
        target = await self._describe(describe_target, spec, arguments, reason)
        issued = self.tokens.issue(tool=reason.tool, arguments=arguments, caller_id=caller.id)
        preview = messages.token_preview(reason, target, issued.token, issued.expires_at, now=self.tokens.now())
        return refuse_with(preview, "token", "preview")

    async def _state_unreachable(self) -> str | None:
        """Why the shared state store cannot be used right now, or None (always None without one)."""
        store = self.tokens.store
        if not store.shared:
            return None
        try:
            await store.ping()
        except StateUnavailable as exc:
            logger.warning("confirmation refused: %s", exc)
            return f"{store.kind} at {store.description} unreachable"
        return None

    async def _describe(
        self, describe_target: DescribeTarget, spec: Any, arguments: dict[str, Any], reason: GateReason
    ) -> TargetDescription:
        try:
            return await describe_target(spec, dict(arguments))
        except Exception as exc:  # a failed lookup must not block the question, only make it plainer
            logger.warning("could not describe the target of %s: %s", reason.tool, type(exc).__name__)
            target_id = reason.fallback_target_id
            text = f"{reason.title} on {target_id}" if target_id else reason.title
            return TargetDescription(text=f"{text} (details could not be fetched)", target_id=target_id)

    async def _elicit_now(
        self, ctx: Any, spec: Any, arguments: dict[str, Any], reason: GateReason, describe_target: DescribeTarget
    ) -> GateResult:
        target = await self._describe(describe_target, spec, arguments, reason)
        answer = await elicitation.elicit_now(
            ctx,
            messages.elicitation_message(reason, target),
            messages.elicitation_schema(reason, target),
            self.elicitation_timeout_seconds,
        )
        outcome = evaluate_answer(answer, reason, messages.expected_id(reason, target))
        if outcome == "accepted":
            return proceed_with(arguments, "elicit", outcome)
        return refuse_with(messages.refusal(outcome, reason, target), "elicit", outcome)

    async def _ask_form_modern(
        self,
        caller: Caller,
        spec: Any,
        arguments: dict[str, Any],
        reason: GateReason,
        describe_target: DescribeTarget,
    ) -> GateResult:
        target = await self._describe(describe_target, spec, arguments, reason)
        issued = self.tokens.issue(
            tool=reason.tool,
            arguments=arguments,
            caller_id=caller.id,
            purpose="state",
            extra={"id": messages.expected_id(reason, target), "target": target.text},
        )
        ask = elicitation.ask_with_input_required(
            messages.elicitation_message(reason, target), messages.elicitation_schema(reason, target), issued.token
        )
        return refuse_with(ask, "elicit", "confirmation_requested")

    async def _modern_retry(
        self,
        caller: Caller,
        arguments: dict[str, Any],
        reason: GateReason,
        answer: ElicitResult | None,
        state: str | None,
    ) -> GateResult:
        """Modern era, second round: the client retried with the person's answer and our sealed state."""
        check = await self.tokens.redeem(
            state, tool=reason.tool, arguments=arguments, caller_id=caller.id, purpose="state"
        )
        if not check.ok:
            assert check.failure is not None
            detail = f" ({check.failure.value.replace('_', ' ')})"
            return refuse_with(
                messages.refusal("state_invalid", reason, None, detail=detail), "elicit", "state_invalid"
            )
        extra = check.extra or {}
        target = TargetDescription(text=str(extra.get("target") or reason.title), target_id=None)
        if URL_STATE_KEY in extra:
            key = str(extra[URL_STATE_KEY])
            if self.url is None or not await self.url.bound_to(
                key, caller_id=caller.id, tool=reason.tool, arguments=arguments
            ):
                return refuse_with(messages.refusal("state_invalid", reason, target), "url", "state_invalid")
            not_opened = await self._not_opened(key, answer, reason, target)
            if not_opened is not None:
                return not_opened
            status = await self.url.wait(key, until=self.url.now() + self.elicitation_timeout_seconds)
            return await self._url_outcome(key, status, arguments, reason, target)
        outcome = evaluate_answer(answer, reason, str(extra.get("id") or ""))
        if outcome == "accepted":
            return proceed_with(arguments, "elicit", outcome)
        return refuse_with(messages.refusal(outcome, reason, target), "elicit", outcome)

    async def _ask_url(
        self,
        ctx: Any,
        caller: Caller,
        spec: Any,
        arguments: dict[str, Any],
        reason: GateReason,
        describe_target: DescribeTarget,
    ) -> GateResult | None:
        """Ask the person to confirm on our page; None when no page can be served for this request."""
        assert self.url is not None
        target = await self._describe(describe_target, spec, arguments, reason)
        opened = await self.url.open(
            ctx,
            caller_id=caller.id,
            reason=reason,
            target=target,
            arguments=arguments,
            ttl_seconds=self.elicitation_timeout_seconds,
        )
        if opened is None:
            return None
        message = messages.url_message(reason, target, opened.expires_at)
        if elicitation.is_modern_era(ctx):
            issued = self.tokens.issue(
                tool=reason.tool,
                arguments=arguments,
                caller_id=caller.id,
                purpose="state",
                extra={URL_STATE_KEY: opened.key, "target": target.text},
            )
            ask = elicitation.ask_url_with_input_required(message, opened.url, issued.token)
            return refuse_with(ask, "url", "confirmation_requested")
        answer = await elicitation.elicit_url_now(
            ctx, message, opened.url, opened.elicitation_id, self.elicitation_timeout_seconds
        )
        not_opened = await self._not_opened(opened.key, answer, reason, target)
        if not_opened is not None:
            return not_opened
        status = await self.url.wait(opened.key, until=opened.expires_at)
        await elicitation.announce_complete(ctx, opened.elicitation_id)
        return await self._url_outcome(opened.key, status, arguments, reason, target)

    async def _not_opened(
        self, key: str, answer: ElicitResult | None, reason: GateReason, target: TargetDescription
    ) -> GateResult | None:
        """The client's answer to "open this page?": None when the person agreed, else the question is closed
        (a late answer on the page is told so) and the call refused."""
        outcome = unanswered(answer)
        if outcome is None:
            return None
        assert self.url is not None
        await self.url.withdraw(key)
        return refuse_with(messages.refusal(outcome, reason, target, words="not_opened"), "url", outcome)

    async def _url_outcome(
        self, key: str, status: str, arguments: dict[str, Any], reason: GateReason, target: TargetDescription
    ) -> GateResult:
        assert self.url is not None
        if status == CONFIRMED:
            if await self.url.release(key):
                return proceed_with(arguments, "url", "accepted")
            return refuse_with(
                messages.refusal("state_invalid", reason, target, detail=" (already used)"), "url", "state_invalid"
            )
        if status == DECLINED:
            return refuse_with(messages.refusal("declined", reason, target, words="page_declined"), "url", "declined")
        return refuse_with(messages.refusal("no_answer", reason, target, words="page_expired"), "url", "no_answer")


_default_gate: ConfirmationGate | None = None


def default_gate() -> ConfirmationGate:
    """The process-wide gate, keyed from `ZOOM_MCP_CONFIRM_KEYS` on first use."""
    global _default_gate
    if _default_gate is None:
        _default_gate = ConfirmationGate()
    return _default_gate


async def check_gate(
    ctx: Any,
    caller: Caller,
    spec: Any,
    arguments: Mapping[str, Any],
    *,
    describe_target: DescribeTarget,
    mode_override: ConfirmMode | None = None,
    gate: ConfirmationGate | None = None,
) -> GateResult:
    """Gate one tool call (see the module docstring); `ctx` is the low-level `ServerRequestContext`."""
    chosen = gate if gate is not None else default_gate()
    return await chosen.check(
        ctx, caller, spec, arguments, describe_target=describe_target, mode_override=mode_override
    )
