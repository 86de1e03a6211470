"""Confirmation gates: no destructive request reaches Zoom unless a person confirmed that exact request.

- `decision`: whether a call is gated (`gate_reason`).
- `tokens`: single-use HMAC-sealed confirmation tokens for clients that cannot elicit.
- `messages`: every text shown to the person and the agent.
- `elicitation`: asking through the client in both protocol eras.
- `flow`: the whole gate for one call (`check_gate`, `ConfirmationGate`).
- `targets`: `describe_from_arguments`, a describe_target that needs no Zoom call.
"""

from zoom_mcp.gates.decision import GateReason, gate_reason
from zoom_mcp.gates.flow import ConfirmationGate, DescribeTarget, GateResult, check_gate, default_gate
from zoom_mcp.gates.messages import TargetDescription
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
