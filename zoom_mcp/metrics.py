"""Process metrics for zoom-mcp, rendered in the Prometheus text exposition format (version 0.0.4).

Written by hand (no `prometheus_client` dependency). One `Metrics` object per process; the MCP server
calls its `record_*` / `observe_*` methods, the HTTP transport serves `render()` at `/metrics`.

Series (all names start with `zoom_mcp_`):

- `tool_calls_total{tool, outcome}`                  counter: tool calls by tool name and outcome
- `zoom_request_duration_seconds`                    histogram: latency of requests to the Zoom API
- `rate_limited_total{source}`                       counter: 429s (`zoom`: Zoom answered 429;
                                                     `caller`: a caller exceeded its calls per minute)
- `confirmations_total{event}`                       counter: confirmations `asked`, `given`, `declined`
- `auth_failures_total{reason}`                      counter: refused HTTP credentials
- `tool_calls_in_flight`                             gauge: tool calls running right now
- `http_sessions{transport}`                         gauge: open sessions (`streamable_http`, `sse`)

Every label value is escaped; nothing secret is ever recorded (no arguments, no tokens, no caller keys).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Final, Literal

ConfirmationEvent = Literal["asked", "given", "declined"]

DEFAULT_LATENCY_BUCKETS: Final[tuple[float, ...]] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONFIRMATION_EVENTS: Final[frozenset[str]] = frozenset({"asked", "given", "declined"})
CONTENT_TYPE: Final = "text/plain; version=0.0.4; charset=utf-8"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: Sequence[str], values: Sequence[str]) -> str:
    if not names:
        return ""
    inner = ",".join(f'{name}="{_escape(value)}"' for name, value in zip(names, values, strict=True))
    return "{" + inner + "}"


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


class _Histogram:
    def __init__(self, buckets: Sequence[float]) -> None:
        self.bounds = tuple(sorted(buckets))
        self.counts = [0] * len(self.bounds)
        self.total = 0
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self.total += 1
        self.sum += value
        for index, bound in enumerate(self.bounds):
            if value <= bound:
                self.counts[index] += 1

    def lines(self, name: str) -> Iterable[str]:
        for bound, count in zip(self.bounds, self.counts, strict=True):
            yield f'{name}_bucket{{le="{_number(bound)}"}} {count}'
        yield f'{name}_bucket{{le="+Inf"}} {self.total}'
        yield f"{name}_sum {_number(self.sum)}"
        yield f"{name}_count {self.total}"


class Metrics:
    """Counters, gauges and a latency histogram for one zoom-mcp process (safe to share between threads)."""

    def __init__(self, latency_buckets: Sequence[float] = DEFAULT_LATENCY_BUCKETS) -> None:
        self._lock = threading.Lock()
        self._calls: dict[tuple[str, str], int] = {}
        self._rate_limited: dict[str, int] = {}
        self._confirmations: dict[str, int] = dict.fromkeys(sorted(CONFIRMATION_EVENTS), 0)
        self._auth_failures: dict[str, int] = {}
        self._latency = _Histogram(latency_buckets)
        self._in_flight = 0
        self._sessions: dict[str, int] = {"sse": 0, "streamable_http": 0}
        self._session_sources: dict[str, Callable[[], int]] = {}

    # --- what the server records -------------------------------------------------------------------------
    def record_call(self, tool: str, outcome: str) -> None:
        """Count one finished tool call; `outcome` is e.g. `ok`, `error`, `zoom_error`, `refused`, `rate_limited`."""
        with self._lock:
            key = (tool, outcome)
            self._calls[key] = self._calls.get(key, 0) + 1

    def observe_zoom_latency(self, seconds: float) -> None:
        """Record how long one request to the Zoom API took (retries are separate requests)."""
        with self._lock:
            self._latency.observe(max(0.0, seconds))

    def record_rate_limited(self, source: str = "zoom") -> None:
        """Count one 429: `source="zoom"` when Zoom answered 429, `"caller"` when a caller hit its own limit."""
        with self._lock:
            self._rate_limited[source] = self._rate_limited.get(source, 0) + 1

    def record_confirmation(self, event: ConfirmationEvent) -> None:
        """Count a confirmation `asked` of a person, `given` by them, or `declined`."""
        if event not in CONFIRMATION_EVENTS:
            raise ValueError(f"confirmation event must be one of {sorted(CONFIRMATION_EVENTS)}, not {event!r}")
        with self._lock:
            self._confirmations[event] += 1

    def record_auth_failure(self, reason: str) -> None:
        """Count refused HTTP credentials (`missing`, `invalid`)."""
        with self._lock:
            self._auth_failures[reason] = self._auth_failures.get(reason, 0) + 1

    def call_started(self) -> None:
        with self._lock:
            self._in_flight += 1

    def call_finished(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def session_opened(self, transport: str) -> None:
        with self._lock:
            self._sessions[transport] = self._sessions.get(transport, 0) + 1

    def session_closed(self, transport: str) -> None:
        with self._lock:
            self._sessions[transport] = self._sessions.get(transport, 0) - 1

    def watch_sessions(self, transport: str, count: Callable[[], int]) -> None:
        """Read the open-session gauge of `transport` from `count()` at render time."""
        with self._lock:
            self._session_sources[transport] = count

    # --- reading -----------------------------------------------------------------------------------------
    def call_count(self, tool: str, outcome: str) -> int:
        with self._lock:
            return self._calls.get((tool, outcome), 0)

    def confirmation_count(self, event: ConfirmationEvent) -> int:
        with self._lock:
            return self._confirmations.get(event, 0)

    def rate_limited_count(self, source: str = "zoom") -> int:
        with self._lock:
            return self._rate_limited.get(source, 0)

    def render(self) -> str:
        """The Prometheus text exposition of every series."""
        with self._lock:
            out: list[str] = []
            out += [
                "# HELP zoom_mcp_tool_calls_total Tool calls by tool and outcome.",
                "# TYPE zoom_mcp_tool_calls_total counter",
            ]
            for (tool, outcome), count in sorted(self._calls.items()):
                out.append(f"zoom_mcp_tool_calls_total{_labels(('tool', 'outcome'), (tool, outcome))} {count}")
            out += [
                "# HELP zoom_mcp_zoom_request_duration_seconds Latency of requests to the Zoom API.",
                "# TYPE zoom_mcp_zoom_request_duration_seconds histogram",
                *self._latency.lines("zoom_mcp_zoom_request_duration_seconds"),
            ]
            out += [
                "# HELP zoom_mcp_rate_limited_total HTTP 429s, from Zoom or from a caller's own limit.",
                "# TYPE zoom_mcp_rate_limited_total counter",
            ]
            for source in sorted({"zoom", "caller", *self._rate_limited}):
                count = self._rate_limited.get(source, 0)
                out.append(f"zoom_mcp_rate_limited_total{_labels(('source',), (source,))} {count}")
            out += [
                "# HELP zoom_mcp_confirmations_total Confirmations asked of a person, given and declined.",
                "# TYPE zoom_mcp_confirmations_total counter",
            ]
            for event, count in sorted(self._confirmations.items()):
                out.append(f"zoom_mcp_confirmations_total{_labels(('event',), (event,))} {count}")
            out += [
                "# HELP zoom_mcp_auth_failures_total Refused HTTP credentials.",
                "# TYPE zoom_mcp_auth_failures_total counter",
            ]
            for reason, count in sorted(self._auth_failures.items()):
                out.append(f"zoom_mcp_auth_failures_total{_labels(('reason',), (reason,))} {count}")
            out += [
                "# HELP zoom_mcp_tool_calls_in_flight Tool calls running now.",
                "# TYPE zoom_mcp_tool_calls_in_flight gauge",
                f"zoom_mcp_tool_calls_in_flight {self._in_flight}",
                "# HELP zoom_mcp_http_sessions Open MCP sessions by transport.",
                "# TYPE zoom_mcp_http_sessions gauge",
            ]
            sessions = dict(self._sessions)
            for name, read_count in self._session_sources.items():
                sessions[name] = read_count()
            for transport, count in sorted(sessions.items()):
                out.append(f"zoom_mcp_http_sessions{_labels(('transport',), (transport,))} {count}")
            return "\n".join(out) + "\n"
