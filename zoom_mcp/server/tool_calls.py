"""The tool-call path: validate, gate, build the request, call Zoom, shape the result.

Every way a call enters the server (generated tools, curated in-meeting tools) goes through
`ToolCallService.call`, so validation, confirmation gates and the audit trail cannot be bypassed:

    validate (Draft 2020-12) -> fill accountId -> gate (may refuse: nothing sent) ->
    prepare (curated tools: translate + live check) -> build path/query/body -> Zoom -> result
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import anyio
from mcp_types import CallToolResult, InputRequiredResult

from zoom_mcp import request_scope
from zoom_mcp.catalog.registry import ToolSpec
from zoom_mcp.policy import Caller
from zoom_mcp.server import results
from zoom_mcp.server.arguments import ArgumentValidator, split_arguments
from zoom_mcp.server.request_size import url_problems
from zoom_mcp.zoom_client import RateLimited, ZoomAPIError, ZoomClient, ZoomError, build_path

logger = logging.getLogger("zoom_mcp.server")

ACCOUNT_ARGUMENT = "accountId"


@dataclass(frozen=True)
class GateDecision:
    """`arguments` to send (token removed), or a ready `refusal`; `gate`/`outcome` go to the audit trail."""

    arguments: dict[str, Any] | None
    refusal: CallToolResult | InputRequiredResult | None
    gate: str
    outcome: str


class GateHook(Protocol):
    async def __call__(self, ctx: Any, caller: Caller, spec: ToolSpec, arguments: dict[str, Any]) -> GateDecision: ...


class CallObserver(Protocol):
    """Receives what happened to each call (audit trail and metrics)."""

    def call_finished(
        self,
        *,
        caller: Caller,
        spec: ToolSpec,
        arguments: Mapping[str, Any],
        gate: str,
        outcome: str,
        status: int | None,
        zoom_code: int | None,
        seconds: float,
        zoom_seconds: float | None,
        write_sent: bool | None = None,
    ) -> None: ...


# (arguments after the gate) -> (the tool to send, its arguments) or a refusal that sends nothing
Prepare = Callable[[dict[str, Any]], Awaitable[tuple[ToolSpec, dict[str, Any]] | CallToolResult]]


@dataclass
class _Record:
    gate: str = "none"
    outcome: str = "ok"
    status: int | None = None
    zoom_code: int | None = None
    zoom_seconds: float | None = None
    arguments: Mapping[str, Any] = field(default_factory=dict)
    write_sent: bool | None = None  # set for cancelled calls: had a write request already gone to Zoom?


class ToolCallService:
    def __init__(
        self,
        client: ZoomClient,
        *,
        default_account_id: str,
        gate: GateHook | None = None,
        observer: CallObserver | None = None,
    ) -> None:
        self._client = client
        self._default_account_id = default_account_id
        self._validator = ArgumentValidator()
        self._gate = gate
        self._observer = observer

    @property
    def client(self) -> ZoomClient:
        return self._client

    @property
    def default_account_id(self) -> str:
        return self._default_account_id

    def complete_arguments(self, spec: ToolSpec, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """Fill defaults that come from configuration (the account the calls act on)."""
        filled = dict(arguments)
        if ACCOUNT_ARGUMENT in spec.input_schema.get("properties", {}) and not filled.get(ACCOUNT_ARGUMENT):
            filled[ACCOUNT_ARGUMENT] = self._default_account_id
        return filled

    async def call(
        self,
        ctx: Any,
        caller: Caller,
        spec: ToolSpec,
        arguments: Mapping[str, Any] | None,
        *,
        prepare: Prepare | None = None,
    ) -> CallToolResult | InputRequiredResult:
        started = time.perf_counter()
        record = _Record()
        try:
            return await self._call(ctx, caller, spec, dict(arguments or {}), record, started, prepare)
        except anyio.get_cancelled_exc_class():
            # The client cancelled (notifications/cancelled, or it closed the HTTP stream): every wait stopped
            # here and nothing more goes to Zoom. The audit says whether a write had already gone out.
            scope = request_scope.current()
            record.outcome = "cancelled"
            record.write_sent = scope.write_sent if scope is not None else False
            self._finish(caller, spec, record.arguments, record, started)
            raise

    async def _call(
        self,
        ctx: Any,
        caller: Caller,
        spec: ToolSpec,
        given: dict[str, Any],
        record: _Record,
        started: float,
        prepare: Prepare | None,
    ) -> CallToolResult | InputRequiredResult:
        record.arguments = given
        problems = self._validator.problems(spec.name, spec.input_schema, given)
        if problems:
            record.outcome = "invalid_arguments"
            self._finish(caller, spec, given, record, started)
            return results.invalid_arguments(spec.name, problems)
        args = record.arguments = self.complete_arguments(spec, given)
        if self._gate is not None:
            record.gate = "pending"  # until the gate decides (a cancel may come while a person is asked)
            decision = await self._gate(ctx, caller, spec, args)
            record.gate, record.outcome = decision.gate, decision.outcome
            if decision.arguments is None:
                assert decision.refusal is not None
                self._finish(caller, spec, args, record, started)
                return decision.refusal
            args = record.arguments = decision.arguments
        send_spec, send_args = spec, args
        if prepare is not None:
            prepared = await prepare(args)
            if isinstance(prepared, CallToolResult):
                record.outcome = "refused"
                self._finish(caller, spec, args, record, started)
                return prepared
            send_spec, send_args = prepared
        result = await self._send(send_spec, send_args, record, title=spec.title)
        if record.outcome in ("ok", "not_gated") or not result.is_error:
            record.outcome = "error" if result.is_error else ("ok" if record.gate == "none" else record.outcome)
        self._finish(caller, spec, args, record, started)
        return result

    async def _send(self, spec: ToolSpec, args: dict[str, Any], record: _Record, *, title: str) -> CallToolResult:
        operation = spec.operation
        multipart = operation.get("contentType") == "multipart/form-data"
        parts = split_arguments(
            args, spec.arguments, multipart=multipart, file_fields=frozenset(operation.get("fileFields", ["file"]))
        )
        try:
            path = build_path(spec.path, parts.path_values)
        except ZoomError as exc:
            record.outcome = "client_error"
            return results.error(str(exc))
        too_long = url_problems(spec, parts, path, self._client.settings.api_base_url)
        if too_long:
            record.outcome = "invalid_arguments"
            return results.invalid_arguments(spec.name, too_long)
        sent = time.perf_counter()
        try:
            response = await self._client.request(
                spec.method,
                path,
                query=parts.query or None,
                json=None if multipart else parts.body,
                files=parts.files or None,
                data=parts.form or None,
                rate_limit=operation.get("rateLimit"),
                required_scopes=tuple(operation.get("scopes") or ()),
            )
        except ZoomAPIError as exc:
            record.zoom_seconds = time.perf_counter() - sent
            record.status, record.zoom_code = exc.status, exc.code
            record.outcome = "rate_limited" if isinstance(exc, RateLimited) else "zoom_error"
            return results.error(str(exc), details=exc.to_dict())
        except ZoomError as exc:
            record.outcome = "client_error"
            return results.error(str(exc))
        record.zoom_seconds = time.perf_counter() - sent
        record.status = response.status
        return results.success(
            tool=spec.name,
            title=title,
            method=f"{spec.method} {spec.path}",
            status=response.status,
            payload=response.json,
            output_wrapper=spec.output_wrapper,
            has_output_schema=spec.output_schema is not None,
        )

    def _finish(self, caller: Caller, spec: ToolSpec, args: Mapping[str, Any], record: _Record, started: float) -> None:
        if self._observer is None:
            return
        self._observer.call_finished(
            caller=caller,
            spec=spec,
            arguments=args,
            gate=record.gate,
            outcome=record.outcome,
            status=record.status,
            zoom_code=record.zoom_code,
            seconds=time.perf_counter() - started,
            zoom_seconds=record.zoom_seconds,
            write_sent=record.write_sent,
        )
