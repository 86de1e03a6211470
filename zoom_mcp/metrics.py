"""Process metrics for zoom-mcp on `prometheus_client`, in the Prometheus text exposition format.

One `Metrics` object per process; the MCP server calls its `record_*` / `observe_*` methods, the HTTP
transport serves `render()` at `/metrics` (behind a credential, see `transports/metrics_endpoint.py`).

Series (all names start with `zoom_mcp_`):

- `tool_calls_total{tool, outcome}`                  counter: tool calls by tool name and outcome
- `zoom_request_duration_seconds`                    histogram: latency of requests to the Zoom API
- `rate_limited_total{source}`                       counter: 429s (`zoom`: Zoom answered 429;
                                                     `caller`: a caller exceeded its calls per minute)
- `confirmations_total{event}`                       counter: confirmations `asked`, `given`, `declined`
- `auth_failures_total{reason}`                      counter: refused HTTP credentials (`missing`, `invalid`)
- `session_forwards_total{result}`                   counter: requests forwarded to the replica holding their
                                                     session (`forwarded`, `gone`: that replica did not answer)
- `tool_calls_in_flight`                             gauge: tool calls running right now
- `http_sessions{transport}`                         gauge: open sessions (`streamable_http`, `sse`)

Label values are bounded: `tool` is a tool this server serves (`allow_tools`, called by the server runtime with
every tool it has), anything else a caller sends is counted as `unknown`; the other labels take values from
fixed sets (anything else becomes `other`); outcomes are the server's own words (at most 64). No caller
identity, argument, token or key is ever a label.

Several worker processes (`--workers N`) share one exposition through prometheus_client's multiprocess mode:
when `PROMETHEUS_MULTIPROC_DIR` is set (the first process sets it for its workers, see `transports/workers.py`)
every process writes its samples there and `render()` in any of them sums all (gauges: the live processes').
prometheus_client is imported when the first `Metrics` is made, after that variable is settled (a deferred
`Metrics`, as `serve` over stdio makes, imports it at its first use).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

logger = logging.getLogger(__name__)

ConfirmationEvent = Literal["asked", "given", "declined"]

DEFAULT_LATENCY_BUCKETS: Final[tuple[float, ...]] = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONFIRMATION_EVENTS: Final[frozenset[str]] = frozenset({"asked", "given", "declined"})
RATE_LIMIT_SOURCES: Final[frozenset[str]] = frozenset({"zoom", "caller"})
AUTH_FAILURE_REASONS: Final[frozenset[str]] = frozenset({"missing", "invalid"})
TRANSPORTS: Final[frozenset[str]] = frozenset({"streamable_http", "sse"})
FORWARD_RESULTS: Final[frozenset[str]] = frozenset({"forwarded", "gone"})
CONTENT_TYPE: Final = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROCESS_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
UNKNOWN_TOOL: Final = "unknown"
OTHER: Final = "other"
_OUTCOME: Final = re.compile(r"^[a-z][a-z_]{0,39}$")
MAX_OUTCOMES: Final = 64


def multiprocess_dir() -> str | None:
    """The shared directory of multiprocess mode, when set."""
    return os.environ.get(MULTIPROCESS_ENV) or None


# what `Metrics._build_series` makes; a deferred Metrics makes them when one is first read
_SERIES_ATTRIBUTES: Final = frozenset(
    {
        "registry",
        "_prom",
        "_multiprocess",
        "_calls",
        "_latency",
        "_rate_limited",
        "_confirmations",
        "_auth_failures",
        "_forwards",
        "_in_flight",
        "_sessions",
    }
)

_LABEL_ORDER: Final = ("tool", "outcome", "source", "event", "reason", "result", "transport", "le")


def _ordered(labels: dict[str, str]) -> list[tuple[str, str]]:
    rank = {name: index for index, name in enumerate(_LABEL_ORDER)}
    return sorted(labels.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _label_text(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{name}="{_escape(value)}"' for name, value in _ordered(labels)) + "}"


def _number(value: float) -> str:
    if value == float("inf"):
        return "+Inf"
    if value.is_integer():
        return str(int(value))
    return repr(value)


def _multiprocess_in_effect() -> str | None:
    """The multiprocess directory, when prometheus_client really writes there (it decides when first imported)."""
    directory = multiprocess_dir()
    if directory is None:
        return None
    from prometheus_client import values

    if values.ValueClass is values.MutexValue:
        logger.warning("%s is set but prometheus_client was imported first: metrics stay per process", MULTIPROCESS_ENV)
        return None
    return directory


class Metrics:
    """Counters, gauges and a latency histogram for one zoom-mcp process (safe to share between threads)."""

    def __init__(
        self,
        latency_buckets: Sequence[float] = DEFAULT_LATENCY_BUCKETS,
        *,
        tools: Iterable[str] | None = None,
        deferred: bool = False,
    ) -> None:
        """`deferred=True`: prometheus_client is imported and the series are made at their first use (or at
        `prepare()`), not now; `zoom-mcp serve` over stdio starts without them. Only for a process whose
        PROMETHEUS_MULTIPROC_DIR is settled already (stdio serves no worker processes)."""
        self._lock = threading.Lock()
        self._build_lock = threading.Lock()
        self._tools: set[str] | None = None if tools is None else set(tools)
        self._outcomes: set[str] = set()
        self._session_sources: dict[str, Callable[[], int]] = {}
        self._latency_buckets = tuple(latency_buckets)
        if not deferred:
            self.prepare()

    def __getattr__(self, name: str) -> Any:
        # only reached while a deferred Metrics has no series yet (afterwards they are plain attributes)
        if name in _SERIES_ATTRIBUTES and "_build_lock" in self.__dict__:
            self.prepare()
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def prepare(self) -> None:
        """Import prometheus_client and make the series, unless done already (thread-safe)."""
        with self._build_lock:
            if "registry" not in self.__dict__:
                self._build_series(self._latency_buckets)

    def _build_series(self, latency_buckets: Sequence[float]) -> None:
        import prometheus_client as prom

        prom.disable_created_metrics()  # type: ignore[no-untyped-call]
        self._prom = prom
        self._multiprocess = _multiprocess_in_effect()
        registry: CollectorRegistry = prom.CollectorRegistry(auto_describe=True)
        live: dict[str, Any] = {"multiprocess_mode": "livesum"} if self._multiprocess else {}
        reg = registry
        self._calls = prom.Counter(
            "zoom_mcp_tool_calls", "Tool calls by tool and outcome.", ["tool", "outcome"], registry=reg
        )
        self._latency = prom.Histogram(
            "zoom_mcp_zoom_request_duration_seconds",
            "Latency of requests to the Zoom API.",
            buckets=tuple(latency_buckets),
            registry=reg,
        )
        self._rate_limited = prom.Counter(
            "zoom_mcp_rate_limited", "HTTP 429s, from Zoom or from a caller's own limit.", ["source"], registry=reg
        )
        self._confirmations = prom.Counter(
            "zoom_mcp_confirmations", "Confirmations asked of a person, given and declined.", ["event"], registry=reg
        )
        self._auth_failures = prom.Counter(
            "zoom_mcp_auth_failures", "Refused HTTP credentials.", ["reason"], registry=reg
        )
        self._forwards = prom.Counter(
            "zoom_mcp_session_forwards",
            "Requests forwarded to the replica holding their session.",
            ["result"],
            registry=reg,
        )
        self._in_flight = prom.Gauge("zoom_mcp_tool_calls_in_flight", "Tool calls running now.", registry=reg, **live)
        self._sessions = prom.Gauge(
            "zoom_mcp_http_sessions", "Open MCP sessions by transport.", ["transport"], registry=reg, **live
        )
        for source in sorted(RATE_LIMIT_SOURCES):
            self._rate_limited.labels(source)
        for event in sorted(CONFIRMATION_EVENTS):
            self._confirmations.labels(event)
        for transport in sorted(TRANSPORTS):
            self._sessions.labels(transport).set(0)
        self.registry = registry  # last: its presence means "built" (see `prepare`)

    # --- bounded label values --------------------------------------------------------------------------
    def allow_tools(self, names: Iterable[str]) -> None:
        """Add tool names this server serves; from the first call on, any other name is counted as `unknown`.
        (Until then, e.g. in a test harness, every name is its own series.)"""
        with self._lock:
            self._tools = (self._tools or set()) | set(names)

    def _tool(self, tool: str) -> str:
        known = self._tools
        return tool if known is None or tool in known else UNKNOWN_TOOL

    def _outcome(self, outcome: str) -> str:
        with self._lock:
            if outcome in self._outcomes:
                return outcome
            if _OUTCOME.match(outcome) and len(self._outcomes) < MAX_OUTCOMES:
                self._outcomes.add(outcome)
                return outcome
        return OTHER

    @staticmethod
    def _of(value: str, allowed: frozenset[str]) -> str:
        return value if value in allowed else OTHER

    # --- what the server records -------------------------------------------------------------------------
    def record_call(self, tool: str, outcome: str) -> None:
        """Count one finished tool call; `outcome` is e.g. `ok`, `error`, `zoom_error`, `refused`, `rate_limited`."""
        self._calls.labels(self._tool(tool), self._outcome(outcome)).inc()

    def observe_zoom_latency(self, seconds: float) -> None:
        """Record how long one request to the Zoom API took (retries are separate requests)."""
        self._latency.observe(max(0.0, seconds))

    def record_rate_limited(self, source: str = "zoom") -> None:
        """Count one 429: `source="zoom"` when Zoom answered 429, `"caller"` when a caller hit its own limit."""
        self._rate_limited.labels(self._of(source, RATE_LIMIT_SOURCES)).inc()

    def record_confirmation(self, event: ConfirmationEvent) -> None:
        """Count a confirmation `asked` of a person, `given` by them, or `declined`."""
        if event not in CONFIRMATION_EVENTS:
            raise ValueError(f"confirmation event must be one of {sorted(CONFIRMATION_EVENTS)}, not {event!r}")
        self._confirmations.labels(event).inc()

    def record_auth_failure(self, reason: str) -> None:
        """Count refused HTTP credentials (`missing`, `invalid`)."""
        self._auth_failures.labels(self._of(reason, AUTH_FAILURE_REASONS)).inc()

    def record_forward(self, result: str) -> None:
        """Count a request forwarded to the replica holding its session (`forwarded`) or found gone (`gone`)."""
        self._forwards.labels(self._of(result, FORWARD_RESULTS)).inc()

    def call_started(self) -> None:
        self._in_flight.inc()

    def call_finished(self) -> None:
        self._in_flight.dec()

    def session_opened(self, transport: str) -> None:
        self._sessions.labels(self._of(transport, TRANSPORTS)).inc()

    def session_closed(self, transport: str) -> None:
        self._sessions.labels(self._of(transport, TRANSPORTS)).dec()

    def watch_sessions(self, transport: str, count: Callable[[], int]) -> None:
        """Read the open-session gauge of `transport` from `count()` (at render time, and on `refresh()`)."""
        with self._lock:
            self._session_sources[self._of(transport, TRANSPORTS)] = count

    def refresh(self) -> None:
        """Bring the watched gauges up to date (each process does it for itself in multiprocess mode)."""
        with self._lock:
            sources = dict(self._session_sources)
        for transport, read_count in sources.items():
            self._sessions.labels(transport).set(read_count())

    # --- reading -----------------------------------------------------------------------------------------
    def sample(self, name: str, **labels: str) -> float:
        """The current value of one series as `render()` shows it (0.0 when it has no sample yet)."""
        for family in self._collected():
            for sample in family.samples:
                if sample.name == name and sample.labels == labels:
                    return float(sample.value)
        return 0.0

    def call_count(self, tool: str, outcome: str) -> int:
        return int(self.sample("zoom_mcp_tool_calls_total", tool=tool, outcome=outcome))

    def confirmation_count(self, event: ConfirmationEvent) -> int:
        return int(self.sample("zoom_mcp_confirmations_total", event=event))

    def rate_limited_count(self, source: str = "zoom") -> int:
        return int(self.sample("zoom_mcp_rate_limited_total", source=source))

    def _exposed(self) -> CollectorRegistry:
        if not self._multiprocess:
            return self.registry
        from prometheus_client import multiprocess

        merged = self._prom.CollectorRegistry()
        multiprocess.MultiProcessCollector(merged, path=self._multiprocess)  # type: ignore[no-untyped-call]
        return merged

    def _collected(self) -> list[Any]:
        self.refresh()
        return list(self._exposed().collect())

    def render(self) -> str:
        """The Prometheus text exposition (format 0.0.4) of every series, of every worker process in
        multiprocess mode: labels in their declared order, whole numbers written without a fraction."""
        lines: list[str] = []
        for family in self._collected():
            name = f"{family.name}_total" if family.type == "counter" else family.name
            lines += [f"# HELP {name} {family.documentation}", f"# TYPE {name} {family.type}"]
            samples = list(family.samples)
            if family.type != "histogram":
                samples.sort(key=lambda sample: (sample.name, _ordered(sample.labels)))
            for sample in samples:
                labels = dict(sample.labels)
                if "le" in labels:
                    labels["le"] = _number(float(labels["le"]))
                lines.append(f"{sample.name}{_label_text(labels)} {_number(float(sample.value))}")
        return "\n".join(lines) + "\n"

    def mark_process_dead(self) -> None:
        """In multiprocess mode: this process is stopping (its live gauges leave the sums)."""
        if self._multiprocess:
            from prometheus_client import multiprocess

            multiprocess.mark_process_dead(os.getpid(), self._multiprocess)  # type: ignore[no-untyped-call]
