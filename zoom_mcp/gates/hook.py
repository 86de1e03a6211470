"""Glue between the gates and the server's tool-call path, plus a target description that needs no Zoom call.

`ServerGateHook` has the shape `ToolCallService` expects for its `gate=` hook:
`await hook(ctx, spec, arguments) -> (arguments to send | None, refusal | None, gate, outcome)`.
`describe_from_arguments` is a plain `describe_target` for when fetching the target from Zoom is
not wired (or failed): it names the target by its IDs only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mcp_types import CallToolResult, InputRequiredResult

from zoom_mcp.gates.flow import ConfirmationGate, DescribeTarget, default_gate
from zoom_mcp.gates.messages import TargetDescription
from zoom_mcp.policy import Caller, ConfirmMode, spec_facts

GateHookResult = tuple[dict[str, Any] | None, CallToolResult | InputRequiredResult | None, str, str]


def _words(argument: str) -> str:
    """`meetingId` -> "meeting", `recordingId` -> "recording"."""
    base = argument[:-2] if argument.endswith("Id") else argument
    out = "".join(" " + ch.lower() if ch.isupper() else ch for ch in base)
    return out.strip().replace("_", " ")


async def describe_from_arguments(spec: Any, arguments: Mapping[str, Any]) -> TargetDescription:
    """'meeting 85746065432, recording abc' from the path arguments (accountId left out)."""
    facts = spec_facts(spec)
    parts: list[str] = []
    target_id: str | None = None
    for name, where in facts.arguments.items():
        if isinstance(where, Mapping) and where.get("in") == "path" and name != "accountId" and name in arguments:
            parts.append(f"{_words(name)} {arguments[name]}")
            target_id = str(arguments[name])
    text = ", ".join(parts) if parts else f"the whole account ({facts.title.lower()})"
    undoable = str(arguments.get("action", "")).lower() == "trash"
    return TargetDescription(text=text, target_id=target_id, undoable=undoable)


class ServerGateHook:
    """`ToolCallService(gate=ServerGateHook(caller_for=..., describe_target=...))`."""

    def __init__(
        self,
        *,
        caller_for: Callable[[Any], Caller],
        describe_target: DescribeTarget = describe_from_arguments,
        gate: ConfirmationGate | None = None,
        mode_override: ConfirmMode | None = None,
    ) -> None:
        self._caller_for = caller_for
        self._describe_target = describe_target
        self._gate = gate
        self._mode_override = mode_override

    @property
    def gate(self) -> ConfirmationGate:
        return self._gate if self._gate is not None else default_gate()

    async def __call__(self, ctx: Any, spec: Any, arguments: dict[str, Any]) -> GateHookResult:
        result = await self.gate.check(
            ctx,
            self._caller_for(ctx),
            spec,
            arguments,
            describe_target=self._describe_target,
            mode_override=self._mode_override,
        )
        if result.proceed:
            return result.arguments, None, result.gate, result.outcome
        return None, result.result, result.gate, result.outcome
