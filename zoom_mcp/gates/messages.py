"""Every text the confirmation gates show: to the person (elicitation) and to the agent (results).

Each message names the operation (the tool's title), the target as a person knows it, whether the
change can be undone, and what to do next. Refusals always say that nothing was sent to Zoom.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from mcp_types import CallToolResult, TextContent

from zoom_mcp.gates.decision import GateReason
from zoom_mcp.gates.tokens import TOKEN_ARGUMENT, TokenFailure

NOTHING_SENT = "Nothing was sent to Zoom."


@dataclass(frozen=True)
class TargetDescription:
    """The target of a destructive call as a person knows it (from the integrator's `describe_target`).

    `text`: e.g. 'meeting "Weekly sync" (ID 85746065432) starting 2026-11-26 10:00 UTC';
    `target_id`: the ID a person must type for high-danger operations (None: use the path ID);
    `undoable`: whether the change can be reversed later.
    """

    text: str
    target_id: str | None = None
    undoable: bool = False


def undo_sentence(target: TargetDescription) -> str:
    return "This can be undone later." if target.undoable else "This cannot be undone."


def expected_id(reason: GateReason, target: TargetDescription) -> str:
    """What the person must type for a high-danger operation."""
    return target.target_id or reason.fallback_target_id or reason.tool


def elicitation_message(reason: GateReason, target: TargetDescription) -> str:
    lines = [
        f"Confirm: {reason.title}",
        f"Target: {target.text}",
        f"Why you are asked: {reason.why}",
        undo_sentence(target),
    ]
    if reason.needs_typed_id:
        lines.append(f"To proceed, tick confirm and type the ID {expected_id(reason, target)} in confirm_id.")
    else:
        lines.append("To proceed, tick confirm.")
    return "\n".join(lines)


def elicitation_schema(reason: GateReason, target: TargetDescription) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "confirm": {
            "type": "boolean",
            "title": f"Yes, {reason.title.lower()}",
            "description": f"{reason.title}: {target.text}. {undo_sentence(target)}",
            "default": False,
        }
    }
    required = ["confirm"]
    if reason.needs_typed_id:
        properties["confirm_id"] = {
            "type": "string",
            "title": "Type the ID to confirm",
            "description": f"Type {expected_id(reason, target)} exactly",
        }
        required.append("confirm_id")
    return {"type": "object", "properties": properties, "required": required}


def _result(text: str, structured: dict[str, Any]) -> CallToolResult:
    return CallToolResult(is_error=True, content=[TextContent(text=text)], structured_content=structured)


_REFUSALS: dict[str, str] = {
    "declined": "The person declined",
    "cancelled": "The person dismissed the confirmation without answering",
    "not_confirmed": "The person did not tick confirm",
    "wrong_id": "The ID typed did not match the target's ID",
    "no_answer": "No answer to the confirmation request arrived",
    "state_invalid": "The confirmation answer could not be matched to a confirmation request of this server",
}


def refusal(outcome: str, reason: GateReason, target: TargetDescription | None, *, detail: str = "") -> CallToolResult:
    """An elicitation ended without consent: say what happened and how to proceed."""
    what = _REFUSALS.get(outcome, "The call was not confirmed")
    about = f" ({target.text})" if target is not None else ""
    text = (
        f"{reason.title}{about} was NOT done. {what}{detail}. {NOTHING_SENT} "
        "Do not retry on your own: ask the person whether they still want it; if they do, call the tool again "
        "and they will be asked again."
    )
    return _result(text, {"status": "not_confirmed", "outcome": outcome, "tool": reason.tool, "sent": False})


def _utc(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(timestamp))


def token_preview(
    reason: GateReason, target: TargetDescription, token: str, expires_at: float, *, now: float
) -> CallToolResult:
    """The first call of the token flow: what would happen, to what, and the single-use token."""
    minutes = max(1, round((expires_at - now) / 60))
    text = (
        f"Confirmation required: {reason.title}. {NOTHING_SENT}\n"
        f"What would happen: {reason.why}\n"
        f"Target: {target.text}\n"
        f"{undo_sentence(target)}\n"
        "Show this to the person and ask whether to proceed. Only if they say yes, "
        f"call {reason.tool} again with the same arguments plus {TOKEN_ARGUMENT}={token} "
        f"(single use, valid until {_utc(expires_at)}, about {minutes} minutes)."
    )
    return _result(
        text,
        {
            "status": "confirmation_required",
            "tool": reason.tool,
            "what": reason.why,
            "target": target.text,
            "undoable": target.undoable,
            "confirmation_token": token,
            "expires_at": _utc(expires_at),
            "sent": False,
        },
    )


_TOKEN_PROBLEMS: dict[TokenFailure, str] = {
    TokenFailure.MISSING: "no confirmation token was given",
    TokenFailure.MALFORMED: "the confirmation token is not one this server issued (malformed)",
    TokenFailure.BAD_SIGNATURE: "the confirmation token is not valid (wrong signature or issued under another key)",
    TokenFailure.EXPIRED: "the confirmation token has expired (tokens are valid for 5 minutes)",
    TokenFailure.REPLAYED: "the confirmation token was already used (each token works once)",
    TokenFailure.OTHER_TOOL: "the confirmation token was issued for another tool",
    TokenFailure.OTHER_ARGUMENTS: "the confirmation token was issued for different arguments",
    TokenFailure.OTHER_CALLER: "the confirmation token was issued to another caller",
    TokenFailure.UNAVAILABLE: "the shared state store (Redis) that proves a token unused cannot be reached right now",
    TokenFailure.STATE_LOST: "the shared state store (Redis) restarted without its data after this token was issued, "
    "so it cannot be proven unused",
}


def state_unavailable(reason: GateReason, detail: str) -> CallToolResult:
    """A gated call while the shared state store is unreachable: confirmations fail closed."""
    text = (
        f"{reason.title} was NOT done: confirmations need the shared state store (Redis), which this server "
        f"cannot reach right now ({detail}). {NOTHING_SENT} Read-only tools keep working. Retry in a minute; if "
        "it persists, tell the operator that Redis is down."
    )
    return _result(text, {"status": "state_unavailable", "tool": reason.tool, "sent": False})


def token_refusal(failure: TokenFailure, reason: GateReason, issued_for: str | None) -> CallToolResult:
    problem = _TOKEN_PROBLEMS[failure]
    if failure is TokenFailure.OTHER_TOOL and issued_for:
        problem = f"the confirmation token was issued for {issued_for}, not {reason.tool}"
    text = (
        f"{reason.title} was NOT done: {problem}. {NOTHING_SENT} "
        f"To proceed, call {reason.tool} again with the intended arguments and WITHOUT {TOKEN_ARGUMENT}; "
        "you will get a fresh preview and token to show the person."
    )
    return _result(text, {"status": "token_rejected", "reason": failure.value, "tool": reason.tool, "sent": False})
