"""Serving the hosted HTTP endpoint with uvicorn: `serve_http(server, settings)` and `running_http_server(...)`.

The app itself (routes, authentication, limits) is `http_app.build_http_app`, re-exported here. `serve_http`
binds the port (shared with `--workers` processes through `SO_REUSEPORT`), runs the app until SIGTERM/SIGINT,
then stops taking new tool calls, lets the calls in flight finish (up to `graceful_shutdown_seconds`) and
shuts down; `running_http_server` does the same in the background for tests and benchmarks (port 0 = a free
port). `--metrics-listen` gets its own small listener.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import socket
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from typing import Any

import anyio
import uvicorn
from mcp.server import Server
from starlette.applications import Starlette

from zoom_mcp.confirm_pages import ConfirmationLinks
from zoom_mcp.metrics import Metrics
from zoom_mcp.policy import Caller
from zoom_mcp.state import StateStore
from zoom_mcp.transports.http_app import (
    MCP_PATH,
    SSE_PATH,
    EndpointState,
    ShutdownHook,
    build_http_app,
    endpoint_state,
)
from zoom_mcp.transports.metrics_endpoint import metrics_listener_app, parse_listen_address
from zoom_mcp.transports.settings import (
    HttpSettings,
    check_http_settings,
    internal_host,
)
from zoom_mcp.transports.workers import (
    remove_metrics_directory,
    start_workers,
    stop_workers,
    watch_parent,
    worker_parent,
)

logger = logging.getLogger(__name__)

__all__ = [
    "MCP_PATH",
    "SSE_PATH",
    "EndpointState",
    "RunningHttpServer",
    "build_http_app",
    "endpoint_state",
    "running_http_server",
    "serve_http",
]


class _SignalFreeServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signals to the main server."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@contextlib.asynccontextmanager
async def _metrics_listener(settings: HttpSettings, metrics: Metrics) -> AsyncIterator[int | None]:
    """`--metrics-listen HOST:PORT`: serve /metrics there while the block runs; yields the bound port (or None)."""
    if settings.metrics_listen is None:
        yield None
        return
    host, port = parse_listen_address(settings.metrics_listen)
    sock = _bind(host, port)
    config = uvicorn.Config(metrics_listener_app(metrics), lifespan="off", log_level="warning", access_log=False)
    listener = _SignalFreeServer(config)
    async with anyio.create_task_group() as group:
        group.start_soon(listener.serve, [sock])
        try:
            yield int(sock.getsockname()[1])
        finally:
            listener.should_exit = True


class _DrainingServer(uvicorn.Server):
    """uvicorn server whose first exit signal drains calls in flight before the normal shutdown."""

    def __init__(self, config: uvicorn.Config, state: EndpointState, *, own_signals: bool = True) -> None:
        super().__init__(config)
        self._endpoint = state
        self._own_signals = own_signals
        self._drain_task: asyncio.Task[None] | None = None

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if self._own_signals:
            with super().capture_signals():
                yield
        else:
            yield

    def handle_exit(self, sig: int, frame: Any) -> None:
        if self._endpoint.draining:  # second signal: stop now
            self.force_exit = self.force_exit or sig == signal.SIGINT
            self.should_exit = True
            return
        self._endpoint.start_draining()
        self._drain_task = asyncio.get_event_loop().create_task(self._drain())

    async def _drain(self) -> None:
        limiter = self._endpoint.limiter
        grace = self._endpoint.settings.graceful_shutdown_seconds
        if limiter.in_flight:
            logger.info("Shutting down: waiting for %d tool call(s) in flight", limiter.in_flight)
        if not await limiter.wait_idle(grace):
            logger.warning("Shutting down with %d tool call(s) still running after %.0f s", limiter.in_flight, grace)
        self.should_exit = True


def _bind(host: str, port: int, *, reuse_port: bool = False) -> socket.socket:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # asyncio sets TCP_NODELAY only then
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:  # --workers: every process binds the port; the kernel spreads connections over them
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise OSError(exc.errno, f"Cannot listen on {host}:{port}: {exc.strerror}. Pick another --port.") from exc
    sock.set_inheritable(True)
    return sock


@dataclass
class RunningHttpServer:
    """A started endpoint (see `running_http_server`)."""

    settings: HttpSettings
    app: Starlette
    uvicorn_server: uvicorn.Server
    metrics_port: int | None = None  # with --metrics-listen: where /metrics is served

    @property
    def base_url(self) -> str:
        host = self.settings.host if ":" not in self.settings.host else f"[{self.settings.host.strip('[]')}]"
        if host in {"0.0.0.0", "[::]"}:
            host = "127.0.0.1"
        return f"http://{host}:{self.settings.port}"

    @property
    def mcp_url(self) -> str:
        return self.base_url + MCP_PATH

    @property
    def sse_url(self) -> str:
        return self.base_url + SSE_PATH

    @property
    def state(self) -> EndpointState:
        return endpoint_state(self.app)

    def request_shutdown(self) -> None:
        """What SIGTERM does: stop taking calls, let those in flight finish, then stop."""
        self.uvicorn_server.handle_exit(signal.SIGTERM, None)


def _uvicorn_config(app: Starlette, settings: HttpSettings, log_level: str) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        lifespan="on",
        log_level=log_level,
        access_log=False,
        timeout_graceful_shutdown=max(1, int(settings.graceful_shutdown_seconds)),
        server_header=False,
    )


@contextlib.asynccontextmanager
async def running_http_server(
    server: Server[Any],
    settings: HttpSettings,
    *,
    metrics: Metrics,
    on_shutdown: ShutdownHook | None = None,
    default_caller: Caller | None = None,
    log_level: str = "warning",
    confirmations: ConfirmationLinks | None = None,
    store: StateStore | None = None,
) -> AsyncIterator[RunningHttpServer]:
    """Serve `server` in the background (port 0 = a free port) until the block ends, then shut down gracefully."""
    check_http_settings(settings)
    sock = _bind(settings.host, settings.port)
    settings = replace(settings, port=sock.getsockname()[1])
    app = build_http_app(
        server,
        settings,
        metrics=metrics,
        on_shutdown=on_shutdown,
        default_caller=default_caller,
        store=store,
        confirmations=confirmations,
    )
    uvicorn_server = _DrainingServer(_uvicorn_config(app, settings, log_level), endpoint_state(app), own_signals=False)
    running = RunningHttpServer(settings=settings, app=app, uvicorn_server=uvicorn_server)
    async with _metrics_listener(settings, metrics) as metrics_port, anyio.create_task_group() as tg:
        running.metrics_port = metrics_port
        tg.start_soon(uvicorn_server.serve, [sock])
        while not uvicorn_server.started:
            if uvicorn_server.should_exit:
                raise RuntimeError("The HTTP endpoint failed to start; see the log above.")
            await anyio.sleep(0.01)
        try:
            yield running
        finally:
            if not uvicorn_server.should_exit and not running.state.draining:
                running.request_shutdown()


def _settle_heap() -> None:
    """Move everything allocated at start-up (catalogue, schemas, pydantic models) out of the garbage
    collector's sight, so that full collections while serving walk only the per-call objects."""
    gc.collect()
    gc.freeze()


async def serve_http(
    server: Server[Any],
    settings: HttpSettings,
    *,
    metrics: Metrics | None = None,
    on_shutdown: ShutdownHook | None = None,
    default_caller: Caller | None = None,
    log_level: str = "info",
    confirmations: ConfirmationLinks | None = None,
    store: StateStore | None = None,
) -> None:
    """Serve `server` over HTTP until SIGTERM/SIGINT; calls in flight finish before the process ends.

    With `settings.workers > 1` this process also starts `workers - 1` copies of its command line on the same
    port (see `workers.py`) and stops them when it stops. With a shared state `store` and several workers, each
    process also listens on a private port of its internal address, where the others forward the requests of
    the sessions it holds.
    """
    check_http_settings(settings)
    sock = _bind(settings.host, settings.port, reuse_port=settings.workers > 1)
    settings = replace(settings, port=sock.getsockname()[1])
    sockets = [sock]
    own_url = None
    if settings.workers > 1 and store is not None and store.shared:
        private_host = internal_host(settings)
        private = _bind(private_host, 0)
        sockets.append(private)
        own_url = f"http://{_url_host(private_host)}:{private.getsockname()[1]}"
    metrics = metrics or Metrics()
    app = build_http_app(
        server,
        settings,
        metrics=metrics,
        on_shutdown=on_shutdown,
        default_caller=default_caller,
        store=store,
        own_url=own_url,
        confirmations=confirmations,
    )
    uvicorn_server = _DrainingServer(_uvicorn_config(app, settings, log_level), endpoint_state(app))
    parent = worker_parent()
    started: list[subprocess.Popen[bytes]] = []
    if settings.workers > 1 and parent is None and settings.worker_command:
        started = start_workers(settings.worker_command, settings.workers - 1, settings.port)
        logger.info("zoom-mcp serving with %d processes (this one and %d workers)", settings.workers, len(started))
    logger.info("zoom-mcp listening on http://%s:%d%s", settings.host, settings.port, MCP_PATH)
    _settle_heap()
    try:
        async with _metrics_listener(settings, metrics), anyio.create_task_group() as tg:
            if parent is not None:
                tg.start_soon(watch_parent, parent, lambda: uvicorn_server.handle_exit(signal.SIGTERM, None))
            await uvicorn_server.serve(sockets=sockets)
            tg.cancel_scope.cancel()
    finally:
        metrics.mark_process_dead()
        await stop_workers(started, settings.graceful_shutdown_seconds)
        if parent is None:
            remove_metrics_directory()


def _url_host(host: str) -> str:
    return f"[{host.strip('[]')}]" if ":" in host else host
