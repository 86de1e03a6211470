"""What one gate decision is made of: the token and the answer read from the call, and the `GateResult`.

- `split_token(ctx, arguments)`: the arguments without `confirmation_token`, and the token (from the
  arguments or the request `_meta["zoom-mcp/confirmation-token"]`); it is never sent to Zoom.
- `unanswered(answer)` / `evaluate_answer(answer, reason, expected)`: what a person's answer to an
  elicitation amounts to ("accepted", or why not).
- `GateResult`: proceed with the cleaned arguments, or refuse with a ready result; `gate` and `outcome`
  go to the audit trail (`proceed_with`, `refuse_with` build one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from mcp_types import CallToolResult, ElicitResult, InputRequiredResult

from zoom_mcp.gates.decision import GateReason
from zoom_mcp.gates.tokens import TOKEN_ARGUMENT

TOKEN_META_KEY = "zoom-mcp/confirmation-token"


@dataclass(frozen=True)
class GateResult:
    """`proceed` with `arguments` (token removed), or refuse with a ready `result`; `gate`/`outcome` for the audit."""

    action: Literal["proceed", "refuse"]
    gate: str
    outcome: str
    arguments: dict[str, Any] | None = None
    result: CallToolResult | InputRequiredResult | None = None

    @property
    def proceed(self) -> bool:
        return self.action == "proceed"


def proceed_with(arguments: dict[str, Any], gate: str, outcome: str) -> GateResult:
    return GateResult("proceed", gate, outcome, arguments=arguments)


def refuse_with(result: CallToolResult | InputRequiredResult, gate: str, outcome: str) -> GateResult:
    return GateResult("refuse", gate, outcome, result=result)


def split_token(ctx: Any, arguments: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """(arguments without `confirmation_token`, the token from the arguments or the request `_meta`)."""
    clean = {k: v for k, v in arguments.items() if k != TOKEN_ARGUMENT}
    token = arguments.get(TOKEN_ARGUMENT)
    if token is None:
        raw = getattr(ctx, "params", None) or {}
        meta = raw.get("_meta") if isinstance(raw, Mapping) else None
        if not isinstance(meta, Mapping):
            meta = getattr(ctx, "meta", None)
        if isinstance(meta, Mapping):
            token = meta.get(TOKEN_META_KEY)
    return clean, (str(token) if token is not None else None)


def unanswered(answer: ElicitResult | None) -> str | None:
    """Why an answer is no consent at all ("no_answer", "declined", "cancelled"); None when it was accepted."""
    if answer is None:
        return "no_answer"
    if answer.action == "decline":
        return "declined"
    if answer.action != "accept":
        return "cancelled"
    return None


def evaluate_answer(answer: ElicitResult | None, reason: GateReason, expected: str) -> str:
    """The outcome of one answer: "accepted" or why not."""
    refused = unanswered(answer)
    if refused is not None:
        return refused
    assert answer is not None  # accepted
    content = answer.content or {}
    if content.get("confirm") is not True:
        return "not_confirmed"
    if reason.needs_typed_id and str(content.get("confirm_id") or "").strip() != expected:
        return "wrong_id"
    return "accepted"
