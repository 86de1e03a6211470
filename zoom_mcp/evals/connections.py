"""The MCP side of one scenario run: the real server on a fresh sandbox, and the SDK's real `Client`s.

`open_connection(scenario, sandbox)` yields a `Connection` with two lazily opened clients to the same
server: `eliciting` (declares elicitation; a scripted person answers) and `plain` (no elicitation
support, for `confirm: none` and `confirm: token`). Transports:

- memory: the server in this process, `Client(server)` (modern era in process, or the JSON-RPC
  handshake for `era: legacy`);
- http: the same server behind the hosted Streamable HTTP endpoint on 127.0.0.1 (free port);
- stdio: `python -m zoom_mcp serve` as a child process pointed at the sandbox with ZOOM_* variables.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from mcp import Client, StdioServerParameters
from mcp_types import ElicitRequestParams, ElicitResult

from zoom_mcp.evals.scenario import Confirm, Scenario, ServerOptions
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.server.sandbox_wiring import sandbox_environment, sandbox_zoom_settings
from zoom_mcp.zoom_client import ZoomSettings

EVAL_CONFIRM_KEY = "zoom-mcp-eval-confirm-key-not-secret-0123456789"


@dataclass
class ScriptedPerson:
    """Answers confirmation requests the way the current step says; remembers what it was asked."""

    confirm: Confirm = field(default_factory=Confirm)
    questions: list[str] = field(default_factory=list)

    async def __call__(self, context: Any, params: ElicitRequestParams) -> ElicitResult:
        self.questions.append(str(getattr(params, "message", "")))
        answer = self.confirm.answer
        if answer == "accept":
            return ElicitResult(action="accept", content={"confirm": True})
        if answer == "type_id":
            return ElicitResult(action="accept", content={"confirm": True, "confirm_id": str(self.confirm.typed_id)})
        if answer == "cancel":
            return ElicitResult(action="cancel")
        return ElicitResult(action="decline")  # decline, or a question the step did not expect


def policy_for(options: ServerOptions) -> CallerPolicy:
    return CallerPolicy(
        name="eval",
        toolsets=None if options.toolsets is None else frozenset(options.toolsets),
        tools=None if options.tools is None else frozenset(options.tools),
        exclude_tools=frozenset(options.exclude_tools),
        read_only=options.read_only,
        confirm=options.confirm,  # type: ignore[arg-type]
    )


def zoom_settings(sandbox: RunningSandbox, *, fast_retries: bool = True) -> ZoomSettings:
    # same retry logic, shorter waits: a Retry-After of 1 s costs 0.05 s
    overrides: dict[str, Any] = {"retry_wait_cap": 0.05, "backoff_base": 0.01} if fast_retries else {}
    return sandbox_zoom_settings(sandbox, **overrides)


class Connection:
    """Both clients of one scenario run (opened on first use, closed with the connection)."""

    def __init__(self, stack: AsyncExitStack, factory: Any, person: ScriptedPerson) -> None:
        self._stack = stack
        self._factory = factory
        self.person = person
        self._clients: dict[bool, Client] = {}

    async def client(self, *, eliciting: bool) -> Client:
        if eliciting not in self._clients:
            callback = self.person if eliciting else None
            self._clients[eliciting] = await self._stack.enter_async_context(self._factory(callback))
        return self._clients[eliciting]

    @property
    def protocol_versions(self) -> list[str]:
        return sorted({c.protocol_version for c in self._clients.values()})


@asynccontextmanager
async def open_connection(scenario: Scenario, sandbox: RunningSandbox) -> AsyncIterator[Connection]:
    mode = "legacy" if scenario.era == "legacy" else "auto"
    person = ScriptedPerson()
    async with AsyncExitStack() as stack:
        if scenario.transport == "stdio":
            factory = _stdio_factory(scenario, sandbox, mode)
        else:
            factory = await _in_process_factory(stack, scenario, sandbox, mode)
        yield Connection(stack, factory, person)


async def _in_process_factory(stack: AsyncExitStack, scenario: Scenario, sandbox: RunningSandbox, mode: str) -> Any:
    from zoom_mcp.catalog.registry import load_catalog
    from zoom_mcp.gates import ConfirmationGate, ConfirmationTokens
    from zoom_mcp.server.app import build_server
    from zoom_mcp.server.runtime import RuntimeOptions, open_runtime

    options = RuntimeOptions(
        zoom=zoom_settings(sandbox),
        policy=policy_for(scenario.server),
        catalog=load_catalog(variant=scenario.api),
        default_account_id=sandbox.config.account_id,
        download_hosts=(sandbox.root_url.split("://", 1)[1],),
        gate=ConfirmationGate(ConfirmationTokens([EVAL_CONFIRM_KEY.encode()])),
        tool_mode=scenario.server.tool_mode,  # type: ignore[arg-type]
    )
    runtime = await stack.enter_async_context(open_runtime(options))
    server = build_server(runtime)
    if scenario.transport == "http":
        from zoom_mcp.transports.http import running_http_server
        from zoom_mcp.transports.settings import HttpSettings

        running = await stack.enter_async_context(
            running_http_server(
                server,
                HttpSettings(port=0),
                metrics=runtime.metrics,
                default_caller=runtime.default_caller,
                log_level="critical",  # uvicorn logs a cancelled lifespan at shutdown as an ERROR
            )
        )
        url = running.mcp_url
        return lambda callback: Client(url, mode=mode, elicitation_callback=callback, cache=None)
    return lambda callback: Client(server, mode=mode, elicitation_callback=callback, cache=None)


def _stdio_factory(scenario: Scenario, sandbox: RunningSandbox, mode: str) -> Any:
    options = scenario.server
    args = ["-m", "zoom_mcp", "serve", "--transport", "stdio", "--api", scenario.api, "--confirm", options.confirm]
    args += ["--tool-mode", options.tool_mode]
    args += ["--toolsets", ",".join(options.toolsets) if options.toolsets is not None else "all"]
    if options.tools is not None:
        args += ["--tools", ",".join(options.tools)]
    if options.exclude_tools:
        args += ["--exclude-tools", ",".join(options.exclude_tools)]
    if options.read_only:
        args.append("--read-only")
    env = sandbox_environment(sandbox)
    env["ZOOM_MCP_CONFIRM_KEYS"] = EVAL_CONFIRM_KEY
    params = StdioServerParameters(command=sys.executable, args=args, env=env)
    return lambda callback: Client(params, mode=mode, elicitation_callback=callback, cache=None)
