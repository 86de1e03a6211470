"""Everything one running server needs, assembled once: catalogue, policy, Zoom client, gates,
audit trail, metrics, resources and prompts. `open_runtime(options)` builds it (an async context
manager that closes the Zoom client and the audit log); `build_server(runtime)` wires it to MCP.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
from mcp.server import Server
from mcp_types import CallToolResult, InputRequiredResult

from zoom_mcp.audit import AuditLog
from zoom_mcp.auth.caller import current_caller
from zoom_mcp.catalog.registry import Catalog, ToolSpec, load_catalog
from zoom_mcp.confirm_pages import ConfirmationLinks
from zoom_mcp.discovery.modes import ToolMode
from zoom_mcp.gates import ConfirmationGate, ConfirmationTokens, gate_reason
from zoom_mcp.gates.elicitation import is_modern_era
from zoom_mcp.gates.pending import PendingStore, StatePendingStore
from zoom_mcp.gates.url_flow import UrlConfirmer
from zoom_mcp.live_controls import definitions as curated_definitions
from zoom_mcp.live_controls.live_check import live_precheck
from zoom_mcp.live_controls.translation import CuratedArgumentError, translate
from zoom_mcp.metrics import Metrics
from zoom_mcp.policy import Caller, CallerPolicy
from zoom_mcp.prompts.handlers import completion_handler as prompt_completion_handler
from zoom_mcp.prompts.handlers import get_prompt_handler, list_prompts_handler
from zoom_mcp.prompts.service import PromptService
from zoom_mcp.resources import (
    ResourceHandlers,
    ResourceService,
    ResourceSettings,
    SubscriptionRegistry,
    allowed_hosts_for,
)
from zoom_mcp.selection import select_tools
from zoom_mcp.server import results
from zoom_mcp.server.doors import Doors
from zoom_mcp.server.targets import TargetDescriber
from zoom_mcp.server.tool_calls import GateDecision, ToolCallService
from zoom_mcp.server.uploads import UploadSettings
from zoom_mcp.state import MemoryStore, StateStore, StateUnavailable
from zoom_mcp.variants import MASTER_ONLY_REFERENCES
from zoom_mcp.zoom_client import ZoomClient, ZoomSettings, rate_limiter_for

logger = logging.getLogger("zoom_mcp.server")


@dataclass
class RuntimeOptions:
    """How to run: whom to talk to (Zoom settings), the local caller's policy, and where to record."""

    zoom: ZoomSettings
    policy: CallerPolicy = field(default_factory=CallerPolicy)
    default_account_id: str = "me"
    audit_log_path: str | None = None
    catalog: Catalog | None = None  # None: the installed tool_specs/tools.json
    download_hosts: tuple[str, ...] = ()
    metrics: Metrics | None = None
    gate: ConfirmationGate | None = None
    resource_poll_seconds: float = 30.0
    tool_mode: ToolMode = "all"  # what tools/list shows (zoom_mcp.discovery.modes); `zoom-mcp serve`: discover
    state: StateStore | None = None  # None: this process only (MemoryStore); see zoom_mcp/state
    uploads: UploadSettings = field(default_factory=UploadSettings)  # paths refused unless stdio + --upload-dir
    pending_store: PendingStore | None = None  # browser confirmations; None: on `state`


class _Observer:
    """Audit trail + metrics for every call."""

    def __init__(self, audit: AuditLog, metrics: Metrics) -> None:
        self._audit = audit
        self._metrics = metrics

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
    ) -> None:
        self._metrics.record_call(spec.name, outcome)
        if zoom_seconds is not None:
            self._metrics.observe_zoom_latency(zoom_seconds)
        if status == 429:
            self._metrics.record_rate_limited()
        if gate in ("elicit", "url", "token") and outcome != "no_elicitation":
            if outcome in ("confirmation_requested", "preview"):
                self._metrics.record_confirmation("asked")
            elif outcome in ("accepted", "token_accepted") or status is not None:
                self._metrics.record_confirmation("given")
            elif outcome in ("declined", "cancelled", "not_confirmed", "wrong_id", "no_answer"):
                self._metrics.record_confirmation("declined")
        if not spec.read_only:
            self._audit.record(
                caller=caller.id,
                tool=spec.name,
                arguments=arguments,
                gate=gate,
                outcome=outcome,
                status=status,
                zoom_code=zoom_code,
                write_sent=write_sent,
            )


class ServerRuntime:
    def __init__(
        self, options: RuntimeOptions, client: ZoomClient, audit: AuditLog, *, state: StateStore | None = None
    ) -> None:
        self.options = options
        self.state: StateStore = state or options.state or MemoryStore()
        self.logger = logger
        self.client = client
        self.audit = audit
        self.metrics = options.metrics or Metrics()
        self.catalog: Catalog = options.catalog or load_catalog()
        self.variant = self.catalog.variant or "master"  # the API variant the catalogue speaks
        curated_list = curated_definitions.curated_tools(self.catalog.variant)
        self._curated_raw = {tool["name"]: tool for tool in curated_list}
        self.curated_names = frozenset(self._curated_raw)
        curated = [ToolSpec.from_dict(raw) for raw in self._curated_raw.values()]
        self.all_tools: dict[str, ToolSpec] = {t.name: t for t in [*self.catalog.tools, *curated]}
        self.metrics.allow_tools(self.all_tools)  # any other name a caller sends is counted as "unknown"
        self._by_operation_id = {t.operation_id: t for t in self.catalog.tools if t.operation_id}
        self.default_caller = Caller(id="local", policy=options.policy)
        self._visible: dict[str, dict[str, ToolSpec]] = {}
        self.gate = options.gate or ConfirmationGate(ConfirmationTokens.from_environment(store=self.state))
        # browser confirmations (URL-mode elicitation): pending questions on the shared state store
        self.links = ConfirmationLinks(options.pending_store or StatePendingStore(self.state))
        if self.gate.url is None:
            self.gate.url = UrlConfirmer(self.links.store, self.links)
        self.describer = TargetDescriber(client, options.default_account_id, self.variant)
        self.calls = ToolCallService(
            client,
            default_account_id=options.default_account_id,
            gate=self._gate,
            observer=_Observer(audit, self.metrics),
            uploads=options.uploads,
        )
        self._init_resources_and_prompts()

    # ----- callers and tools -------------------------------------------------------------------
    def caller_for(self, ctx: Any) -> Caller:
        return current_caller(self.default_caller)

    def visible_tools(self, caller: Caller) -> dict[str, ToolSpec]:
        key = caller.policy.cache_key()
        tools = self._visible.get(key)
        if tools is None:
            tools = {t.name: t for t in select_tools(list(self.all_tools.values()), caller.policy)}
            self._visible[key] = tools
        return tools

    def find_tool(self, caller: Caller, name: str) -> ToolSpec | CallToolResult:
        """The tool `name` as this caller may call it, or the error result to answer: not allowed by the
        caller's policy, or unknown (with the closest names it may call)."""
        tools = self.visible_tools(caller)
        spec = tools.get(name)
        if spec is not None:
            return spec
        if name in self.all_tools:
            return results.error(
                f"Tool {name!r} is not available to this caller (policy {caller.policy.name!r}: "
                f"{caller.policy.describe()}). Ask the server's operator to change the policy."
            )
        return results.unknown_tool(name, list(tools))

    async def call_tool(
        self, ctx: Any, caller: Caller, spec: ToolSpec, arguments: dict[str, Any]
    ) -> CallToolResult | InputRequiredResult:
        if spec.name not in self._curated_raw:
            return await self.calls.call(ctx, caller, spec, arguments)

        curated_name = spec.name

        async def prepare(args: dict[str, Any]) -> tuple[ToolSpec, dict[str, Any]] | CallToolResult:
            try:
                operation_id, generated = translate(curated_name, args)
            except CuratedArgumentError as exc:
                return results.error(str(exc))
            target = self._by_operation_id.get(operation_id)
            if target is None:
                return results.error(f"{curated_name} needs the generated tool for {operation_id}, which is missing.")
            if gate_reason(target, generated) is not None and gate_reason(spec, args) is None:
                # defence in depth: the curated tool's classification must never be weaker than the operation's
                return results.error(
                    f"{curated_name} was not sent: this call is destructive for {target.name} but {curated_name} "
                    f"did not ask for a confirmation. Call {target.name} directly; it will ask for one."
                )
            refusal = await live_precheck(
                self.client,
                curated_name,
                args,
                default_account_id=self.options.default_account_id,
                variant=self.variant,
            )
            if refusal is not None:
                return results.error(f"{curated_name} was not sent: {refusal}")
            return target, self.calls.complete_arguments(target, generated)

        return await self.calls.call(ctx, caller, spec, arguments, prepare=prepare)

    async def _gate(self, ctx: Any, caller: Caller, spec: ToolSpec, arguments: dict[str, Any]) -> GateDecision:
        outcome = await self.gate.check(ctx, caller, spec, arguments, describe_target=self.describer.describe)
        asked_now = outcome.outcome not in ("confirmation_requested", "no_elicitation", "state_invalid")
        if outcome.gate in ("elicit", "url") and asked_now and not is_modern_era(ctx):
            # a handshake-era question is asked and answered within this one call
            self.metrics.record_confirmation("asked")
        return GateDecision(
            arguments=outcome.arguments if outcome.proceed else None,
            refusal=None if outcome.proceed else outcome.result,
            gate=outcome.gate,
            outcome=outcome.outcome,
        )

    # ----- resources, prompts, completion --------------------------------------------------------
    def _init_resources_and_prompts(self) -> None:
        options = self.options
        settings = ResourceSettings(
            account_id=options.default_account_id,
            api_variant=self.variant,
            allowed_download_hosts=allowed_hosts_for(options.zoom.api_base_url, options.download_hosts),
            poll_interval=options.resource_poll_seconds,
        )
        self.resources = ResourceService(self.client, settings)
        self.subscriptions = SubscriptionRegistry(
            self.resources.version, interval=options.resource_poll_seconds, store=self.state
        )
        tool_names = {t.operation_id or t.name: t.name for t in self.catalog.tools}
        if self.variant == "regular":
            tool_names.update({k: v for k, v in MASTER_ONLY_REFERENCES.items() if k not in tool_names})
        tool_names.update({name: name for name in self._curated_raw})
        self.prompts = PromptService.from_directory(tool_names=tool_names)
        self.doors = Doors(
            self.all_tools.values(),
            caller_for=self.caller_for,
            tool_names=tool_names,
            prompts=self.prompts.prompts,
            variant=self.variant,
        )

    def resource_and_prompt_handlers(self) -> dict[str, Any]:
        """Server keyword arguments for resources, subscriptions, prompts and completion."""
        prompt_completion = prompt_completion_handler(self.prompts, self.resources.complete_meeting_id)
        handlers = ResourceHandlers(self.resources, self.subscriptions).server_kwargs(
            completion_fallback=prompt_completion
        )
        handlers["on_list_prompts"] = list_prompts_handler(self.prompts)
        handlers["on_get_prompt"] = get_prompt_handler(self.prompts)
        return self.doors.wrap(handlers)  # every door follows the caller's tool policy (server/doors.py)

    def install_middleware(self, server: Server[Any]) -> None:
        server.middleware.append(self.gate.request_state_middleware())


@asynccontextmanager
async def open_runtime(options: RuntimeOptions) -> AsyncIterator[ServerRuntime]:
    """Build the runtime; on exit close the Zoom client and flush the audit log."""
    state = options.state or MemoryStore()
    async with AsyncExitStack() as stack:
        client = await stack.enter_async_context(
            ZoomClient(options.zoom, rate_limiter=rate_limiter_for(options.zoom, state))
        )
        audit = AuditLog(options.audit_log_path)
        stack.callback(audit.close)
        runtime = ServerRuntime(options, client, audit, state=state)
        await stack.enter_async_context(runtime.subscriptions.running())
        await stack.enter_async_context(runtime.links.running())
        if state.shared:
            await stack.enter_async_context(_watching_state(state))
        yield runtime


@asynccontextmanager
async def _watching_state(state: StateStore, interval: float = 5.0) -> AsyncIterator[None]:
    """PING a shared store every few seconds: outages and returns are logged as they happen, and a Redis that
    restarted without its data gets its memory epoch back promptly (see `StateStore.claim`)."""

    async def watch() -> None:
        while True:
            await anyio.sleep(interval)
            with contextlib.suppress(StateUnavailable):  # the store logs outages; gates refuse confirmations meanwhile
                await state.ping()

    async with anyio.create_task_group() as group:
        group.start_soon(watch)
        try:
            yield
        finally:
            group.cancel_scope.cancel()
