"""Confirmation gates: no destructive request reaches Zoom without the confirmation its mode asks for.

`elicit` (default) and `url`: a person answers through the client (a form, or a page zoom-mcp serves) and
a client that can ask nobody is refused; `token`: a two-step confirmation (preview, then the same call with
its single-use token; a person is involved only if the client asks before each call); `never`: none.

- `decision`: whether a call is gated (`gate_reason`).
- `tokens`: single-use HMAC-sealed confirmation tokens (`--confirm token`).
- `messages`: every text shown to the person and the agent.
- `elicitation`: asking through the client in both protocol eras.
- `outcome`: the token and the answer read from a call, and the `GateResult` of the gate.
- `flow`: the whole gate for one call (`check_gate`, `ConfirmationGate`).
- `pending`, `url_flow`: confirmation in a browser (URL-mode elicitation): the questions on the state store,
  waiting for the person's answer and releasing one call (the page itself: `zoom_mcp.confirm_pages`).
- `targets`: `describe_from_arguments`, a describe_target that needs no Zoom call.
"""

from zoom_mcp.gates.decision import GateReason, gate_reason
from zoom_mcp.gates.flow import ConfirmationGate, DescribeTarget, check_gate, default_gate
from zoom_mcp.gates.messages import TargetDescription
from zoom_mcp.gates.outcome import GateResult
from zoom_mcp.gates.targets import describe_from_arguments
from zoom_mcp.gates.tokens import ConfirmationTokens, TokenFailure

__all__ = [
    "ConfirmationGate",
    "ConfirmationTokens",
    "DescribeTarget",
    "GateReason",
    "GateResult",
    "TargetDescription",
    "TokenFailure",
    "check_gate",
    "default_gate",
    "describe_from_arguments",
    "gate_reason",
]
