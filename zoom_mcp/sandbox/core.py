"""The sandbox's core object: one `Sandbox` holds the spec, state, tokens, rate limits, faults and
request log. The HTTP app (`app.py`) and the control routes (`control.py`) both act on it."""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.auth import TokenStore
from zoom_mcp.sandbox.config import SandboxConfig
from zoom_mcp.sandbox.examples import response_body
from zoom_mcp.sandbox.faults import FaultInjector
from zoom_mcp.sandbox.layouts import Layouts
from zoom_mcp.sandbox.rate_limits import RateLimiter
from zoom_mcp.sandbox.request_log import RequestLog
from zoom_mcp.sandbox.routing import RouteTable
from zoom_mcp.sandbox.seed import seed
from zoom_mcp.sandbox.spec import SpecOperation
from zoom_mcp.sandbox.state import SandboxState
from zoom_mcp.sandbox.validation import BodyValidator

JSON = Any


class Sandbox:
    """One sandbox instance: spec, state, tokens, limits, faults and the request log."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.layouts = Layouts(config)  # regular layout, plus the master one for a master account
        master = self.layouts.master
        self.operations: list[SpecOperation] = master.operations
        self.by_id: dict[str, SpecOperation] = master.by_id
        self.routes: RouteTable = master.routes
        self.validators: dict[str, BodyValidator] = master.validators
        self.tokens = TokenStore(config, self.layouts.granted_scopes())
        self.limiter = RateLimiter(copy.deepcopy(config.rate_limits))
        self.faults = FaultInjector(config.faults)
        self.log = RequestLog(config.request_log_path)
        self.state = SandboxState(config.account_id)
        self._examples: dict[str, JSON] = {}
        self.reset()

    def example(self, operation_id: str) -> JSON:
        """A fresh copy of the operation's 2xx body ({} when it has none), built once per operation: every
        reset seeds the state from these."""
        if operation_id not in self._examples:
            op = self.by_id.get(operation_id)
            body = response_body(op) if op is not None else None
            self._examples[operation_id] = body if body is not None else {}
        return copy.deepcopy(self._examples[operation_id])

    def reset(self) -> None:
        """Empty the state and seed it again (when `config.seed`)."""
        with self.state.lock:
            self.state.clear()
            if self.config.seed:
                seed(self.state, self.example)
