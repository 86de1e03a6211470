"""The sandbox's core object: one `Sandbox` holds the spec, state, tokens, rate limits, faults and
request log. The HTTP app (`app.py`) and the control routes (`control.py`) both act on it."""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.auth import TokenStore
from zoom_mcp.sandbox.config import SandboxConfig
from zoom_mcp.sandbox.examples import response_body
from zoom_mcp.sandbox.faults import FaultInjector
from zoom_mcp.sandbox.rate_limits import RateLimiter
from zoom_mcp.sandbox.request_log import RequestLog
from zoom_mcp.sandbox.routing import RouteTable
from zoom_mcp.sandbox.seed import seed
from zoom_mcp.sandbox.spec import load_operations
from zoom_mcp.sandbox.state import SandboxState
from zoom_mcp.sandbox.validation import BodyValidator

JSON = Any


class Sandbox:
    """One sandbox instance: spec, state, tokens, limits, faults and the request log."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.operations = load_operations(config.spec_path)
        self.by_id = {op.operation_id: op for op in self.operations}
        self.routes = RouteTable(self.operations)
        self.validators = {
            op.operation_id: BodyValidator(op.body_schema)
            for op in self.operations
            if op.body_schema is not None and op.body_content_type == "application/json"
        }
        all_scopes = [s for op in self.operations for s in (*op.scopes, *op.granular_scopes)]
        self.tokens = TokenStore(config, all_scopes)
        self.limiter = RateLimiter(copy.deepcopy(config.rate_limits))
        self.faults = FaultInjector(config.faults)
        self.log = RequestLog(config.request_log_path)
        self.state = SandboxState(config.account_id)
        self.reset()

    def example(self, operation_id: str) -> JSON:
        op = self.by_id.get(operation_id)
        body = response_body(op) if op is not None else None
        return body if body is not None else {}

    def reset(self) -> None:
        """Empty the state and seed it again (when `config.seed`)."""
        with self.state.lock:
            self.state.clear()
            if self.config.seed:
                seed(self.state, self.example)
