"""Per-caller limits on tool calls, applied inside the MCP server as a `ServerMiddleware`.

`CallLimiter` sees every `tools/call` of every transport and:

- refuses a call when its caller has used its policy's `calls_per_minute` in the last 60 seconds
  (sliding window): the answer is a tool error marked with HTTP status 429 and the seconds to wait,
  counted in the metrics as `rate_limited_total{source="caller"}`; the other doors that draw on Zoom or
  on the tools (`resources/read`, `resources/list`, `resources/subscribe`, `subscriptions/listen`,
  `completion/complete`, `prompts/get`) count toward the same window and are refused the same way, as a
  JSON-RPC error (code `RATE_LIMITED_CODE`, `data` with the HTTP status and the seconds to wait). With a
  shared state store (`--state-url`) the window is `calls:<caller id>` in the store, so the limit holds
  across replicas and workers; while the store cannot be reached, each process counts on its own (logged
  once per outage);
- counts calls in flight, so a graceful shutdown can wait for them (`wait_idle`);
- refuses new calls once `start_draining()` was called (the endpoint is shutting down).
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Any, Final

import anyio
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp_types import CallToolResult, TextContent

from zoom_mcp.auth.caller import caller_of
from zoom_mcp.metrics import Metrics
from zoom_mcp.policy import Caller
from zoom_mcp.state import OutageLog, StateStore, StateUnavailable

logger = logging.getLogger(__name__)

WINDOW_SECONDS: Final = 60.0
RATE_LIMITED_STATUS: Final = 429
RATE_LIMITED_CODE: Final = -32029  # JSON-RPC server error range: "rate limited" (HTTP 429)
COUNTED_DOORS: Final = frozenset(
    {
        "resources/read",
        "resources/list",
        "resources/subscribe",
        "subscriptions/listen",
        "completion/complete",
        "prompts/get",
    }
)


class SlidingWindow:
    """Timestamps of one caller's calls in the last `WINDOW_SECONDS`."""

    def __init__(self) -> None:
        self.times: deque[float] = deque()

    def admit(self, limit: int, now: float) -> float | None:
        """Record a call and return None, or return the seconds to wait when `limit` is reached."""
        while self.times and now - self.times[0] >= WINDOW_SECONDS:
            self.times.popleft()
        if len(self.times) >= limit:
            return max(0.0, WINDOW_SECONDS - (now - self.times[0]))
        self.times.append(now)
        return None


def _tool_error(message: str, meta: dict[str, Any]) -> CallToolResult:
    return CallToolResult(is_error=True, content=[TextContent(type="text", text=message)], _meta=meta)


class CallLimiter:
    """`ServerMiddleware`: per-caller calls-per-minute, calls-in-flight accounting and draining."""

    def __init__(
        self,
        metrics: Metrics,
        default_caller: Caller | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        store: StateStore | None = None,
    ) -> None:
        self._metrics = metrics
        self._store = store if store is not None and store.shared else None
        self._outage = OutageLog(
            logger, "per-caller call limits", fallback="counting in this process only until it answers"
        )
        self._default_caller = default_caller
        self._clock = clock
        self._windows: dict[str, SlidingWindow] = {}
        self._in_flight = 0
        self._idle = anyio.Event()
        self._idle.set()
        self.draining = False

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def _caller(self) -> Caller | None:
        caller = caller_of(get_access_token())
        return self._default_caller if caller is None else caller

    async def _wait_before_next(self, caller: Caller, limit: int) -> float | None:
        """Record one call of `caller` (None) or the seconds until it may call again."""
        if self._store is not None:
            try:
                wait = await self._store.admit(f"calls:{caller.id}", limit=limit, window=WINDOW_SECONDS)
            except StateUnavailable as exc:
                self._outage.lost(exc)
            else:
                self._outage.back()
                return wait
        window = self._windows.setdefault(caller.id, SlidingWindow())
        return window.admit(limit, self._clock())

    async def _over_limit(self) -> tuple[Caller, int, int] | None:
        """(caller, limit, seconds to wait) when the current caller is over its limit; else records the call."""
        caller = self._caller()
        limit = caller.policy.calls_per_minute if caller is not None else None
        if caller is None or limit is None:
            return None
        wait = await self._wait_before_next(caller, limit)
        if wait is None:
            return None
        self._metrics.record_rate_limited("caller")
        return caller, limit, max(1, math.ceil(wait))

    async def _door_refusal(self, method: str) -> None:
        """Raise the JSON-RPC error of a rate-limited resource, completion or prompt request."""
        over = await self._over_limit()
        if over is None:
            return
        caller, limit, seconds = over
        raise MCPError(
            code=RATE_LIMITED_CODE,
            message=(
                f"Rate limit reached (HTTP 429): caller {caller.id!r} may make {limit} calls per minute "
                f"(tools, resources, completions and prompts together; policy {caller.policy.name!r}). "
                f"Retry after {seconds} s, or ask the operator for a higher limit."
            ),
            data={
                "zoom-mcp/http-status": RATE_LIMITED_STATUS,
                "zoom-mcp/retry-after-seconds": seconds,
                "method": method,
            },
        )

    async def _refusal(self, tool: str) -> CallToolResult | None:
        if self.draining:
            self._metrics.record_call(tool, "refused")
            return _tool_error(
                "The server is shutting down and takes no new calls. Retry in a few seconds (another replica or "
                "the restarted server will answer).",
                {"zoom-mcp/http-status": 503},
            )
        over = await self._over_limit()
        if over is None:
            return None
        caller, limit, seconds = over
        self._metrics.record_call(tool, "rate_limited")
        return _tool_error(
            f"Rate limit reached (HTTP 429): caller {caller.id!r} may make {limit} tool calls per minute "
            f"(policy {caller.policy.name!r}). Retry after {seconds} s, or ask the operator for a higher limit.",
            {"zoom-mcp/http-status": RATE_LIMITED_STATUS, "zoom-mcp/retry-after-seconds": seconds},
        )

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        if ctx.method in COUNTED_DOORS and ctx.request_id is not None:
            await self._door_refusal(ctx.method)
            return await call_next(ctx)
        if ctx.method != "tools/call" or ctx.request_id is None:
            return await call_next(ctx)
        tool = str((ctx.params or {}).get("name", ""))
        refusal = await self._refusal(tool)
        if refusal is not None:
            return refusal
        self._in_flight += 1
        self._idle = anyio.Event() if self._in_flight == 1 else self._idle
        self._metrics.call_started()
        try:
            return await call_next(ctx)
        finally:
            self._in_flight -= 1
            self._metrics.call_finished()
            if self._in_flight == 0:
                self._idle.set()

    def start_draining(self) -> None:
        """Refuse new calls from now on (calls in flight continue)."""
        self.draining = True

    async def wait_idle(self, timeout: float) -> bool:
        """Wait until no call is in flight; False when `timeout` seconds passed first."""
        with anyio.move_on_after(timeout):
            while self._in_flight:
                await self._idle.wait()
            return True
        return self._in_flight == 0
