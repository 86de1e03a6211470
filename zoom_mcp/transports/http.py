"""The hosted HTTP endpoint: one Starlette app serving MCP over Streamable HTTP and legacy HTTP+SSE.

Routes:

- `/mcp`                      Streamable HTTP, both protocol eras (the SDK routes by `MCP-Protocol-Version`),
                              stateful by default, stateless with `HttpSettings.stateless`;
- `/sse` + `/messages/`       the legacy HTTP+SSE transport (handshake era; with `--workers`, only when the
                              processes share `--state-url`, which forwards a POST to its stream's process);
- `/healthz`                  200 while the process is up;
- `/readyz`                   200 while the session manager runs and the server is not shutting down, else 503;
- `/metrics`                  Prometheus text exposition of `zoom_mcp.metrics.Metrics`, behind a credential
                              (`metrics_endpoint.py`; or on its own address with `--metrics-listen`);
- `/confirm/<secret>`         the confirmation page of URL-mode elicitation (when `confirmations` is given);
- `/.well-known/oauth-protected-resource[/mcp]`   RFC 9728 metadata (OAuth resource-server mode only).

With authentication configured, the MCP routes need credentials (401 + `WWW-Authenticate` otherwise); the
caller and its policy reach the handlers through `zoom_mcp.auth.caller.current_caller`. Host and Origin
headers are matched exactly on every bind address (`host_check.py`), bodies are capped (413), open sessions
are capped in total and per caller (503; `session_caps.py`), and each caller's calls per minute are limited
(a 429 tool error; see `call_limits.py`). With a shared state store, a request for a session another replica
holds is forwarded there (`session_routing.py`).

`serve_http(server, settings)` runs the app with uvicorn; on SIGTERM/SIGINT it stops taking new tool
calls, lets the calls in flight finish (up to `graceful_shutdown_seconds`), then shuts down.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import socket
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Final

import anyio
import uvicorn
from mcp.server import Server
from mcp.server.auth.middleware.auth_context import AuthContextMiddleware
from mcp.server.auth.routes import build_resource_metadata_url, create_protected_resource_routes
from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.runner import serve_loop
from mcp.server.sse import SseServerTransport
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp, StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import AnyHttpUrl
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from zoom_mcp.auth.middleware import CredentialsBackend, RequireCaller, build_verifier
from zoom_mcp.confirm_pages import ConfirmationLinks
from zoom_mcp.confirm_pages.links import origin_of
from zoom_mcp.metrics import Metrics, multiprocess_dir
from zoom_mcp.policy import Caller
from zoom_mcp.state import StateStore
from zoom_mcp.transports.call_limits import CallLimiter
from zoom_mcp.transports.host_check import HostOriginGuard
from zoom_mcp.transports.metrics_endpoint import metrics_handler, metrics_listener_app, parse_listen_address
from zoom_mcp.transports.session_caps import SseSessionCounter, StreamableSessionCap, caller_id_of
from zoom_mcp.transports.session_routing import SessionForwarding
from zoom_mcp.transports.settings import (
    HttpSettings,
    check_http_settings,
    internal_host,
    internal_url,
    transport_security,
)
from zoom_mcp.transports.workers import (
    remove_metrics_directory,
    start_workers,
    stop_workers,
    watch_parent,
    worker_parent,
)

logger = logging.getLogger(__name__)

MCP_PATH: Final = "/mcp"
SSE_PATH: Final = "/sse"
MESSAGES_PATH: Final = "/messages/"
PROTECTED_RESOURCE_PATH: Final = "/.well-known/oauth-protected-resource"
CONFIRM_PREFIX: Final = "/confirm/"
OPERATIONAL_PATHS: Final = frozenset({"/healthz", "/readyz", "/metrics"})

ShutdownHook = Callable[[], Awaitable[None]]


@dataclass
class EndpointState:
    """What the running app knows about itself; kept on `app.state.zoom_mcp`."""

    settings: HttpSettings
    limiter: CallLimiter
    session_manager: StreamableHTTPSessionManager
    ready: bool = False
    sse_sessions: int = 0
    draining: bool = field(default=False)

    def start_draining(self) -> None:
        self.draining = True
        self.limiter.start_draining()


def endpoint_state(app: Starlette) -> EndpointState:
    """The `EndpointState` of an app made by `build_http_app`."""
    state: EndpointState = app.state.zoom_mcp
    return state


def _install_limiter(
    server: Server[Any], metrics: Metrics, default_caller: Caller | None, state: StateStore | None = None
) -> CallLimiter:
    for middleware in server.middleware:
        if isinstance(middleware, CallLimiter):
            return middleware
    limiter = CallLimiter(metrics, default_caller, store=state)
    server.middleware.append(limiter)
    return limiter


class _Asgi:
    """Marks a plain ASGI function as an app for `Route` (which treats bare functions as request handlers)."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._app(scope, receive, send)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def build_http_app(
    server: Server[Any],
    settings: HttpSettings,
    *,
    metrics: Metrics,
    on_shutdown: ShutdownHook | None = None,
    default_caller: Caller | None = None,
    confirmations: ConfirmationLinks | None = None,
    store: StateStore | None = None,
    own_url: str | None = None,
) -> Starlette:
    """The Starlette app serving `server` over HTTP according to `settings`.

    Uses `settings.verifier` when `settings_from_args` built it; otherwise reads the authentication files named in
    `settings` (raising `AuthConfigError` / `PolicyFileError` when they are wrong). It
    installs a `CallLimiter` in `server.middleware`. `default_caller` is the caller of unauthenticated
    requests (loopback without authentication); its policy's `calls_per_minute` applies to them.
    `on_shutdown` runs after the session manager stopped. With a shared state `store`, per-caller limits are
    shared and a session held by another replica is forwarded there (`session_routing.py`); `own_url` is how the
    other replicas reach this process (default: `internal_url(settings)`). With `confirmations`, the app serves
    the confirmation pages of URL-mode elicitation under `/confirm/` (no credentials: the link is the capability).
    """
    check_http_settings(settings)
    verifier = settings.verifier if settings.verifier is not None else build_verifier(settings.auth)
    security = transport_security(settings)
    # Host/Origin are checked exactly by HostOriginGuard (host_check.py) around the whole app; the SDK's
    # own check matches `name:*` by prefix, so it is turned off inside the transports.
    sdk_security = TransportSecuritySettings(enable_dns_rebinding_protection=False)
    limiter = _install_limiter(server, metrics, default_caller, store)
    forwarding = None
    if store is not None and store.shared:
        forwarding = SessionForwarding(store, own_url or internal_url(settings), on_forward=metrics.record_forward)
    manager = StreamableHTTPSessionManager(
        app=server,
        stateless=settings.stateless,
        json_response=settings.json_response,
        security_settings=sdk_security,
        session_idle_timeout=settings.session_idle_seconds,
        max_request_body_size=settings.max_body_bytes,
        max_sessions=settings.max_sessions,
    )
    state = EndpointState(settings=settings, limiter=limiter, session_manager=manager)
    sse_per_caller = SseSessionCounter(settings.max_sessions_per_caller)
    metrics.watch_sessions("streamable_http", lambda: len(getattr(manager, "_server_instances", {})))
    sse = SseServerTransport(
        MESSAGES_PATH, security_settings=sdk_security, max_request_body_size=settings.max_body_bytes
    )
    init_options = server.create_initialization_options(NotificationOptions(resources_changed=True))

    async def handle_sse(scope: Scope, receive: Receive, send: Send) -> None:
        if state.sse_sessions >= settings.max_sessions:
            await _error(503, f"Too many open sessions ({settings.max_sessions}); retry later.")(scope, receive, send)
            return
        caller_id = caller_id_of(scope)
        if not sse_per_caller.admit(caller_id):
            await sse_per_caller.refusal(str(caller_id))(scope, receive, send)
            return
        state.sse_sessions += 1
        metrics.session_opened("sse")
        if forwarding is not None:
            send = forwarding.sse_send(send)
        try:
            async with sse.connect_sse(scope, receive, send) as (read_stream, write_stream):
                lifespan_state = getattr(manager, "_lifespan_state", None)
                await serve_loop(
                    server, read_stream, write_stream, lifespan_state=lifespan_state, init_options=init_options
                )
        except ValueError:
            pass  # connect_sse already answered (Host/Origin refused)
        finally:
            state.sse_sessions -= 1
            sse_per_caller.release(caller_id)
            metrics.session_closed("sse")

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok\n")

    async def readyz(request: Request) -> Response:
        if state.draining:
            return PlainTextResponse("shutting down\n", status_code=503)
        if not state.ready:
            return PlainTextResponse("starting\n", status_code=503)
        return PlainTextResponse("ready\n")

    mcp_app: ASGIApp = StreamableHTTPASGIApp(manager)
    if not settings.stateless:  # sessions per authenticated caller (the SDK caps only the total)
        mcp_app = StreamableSessionCap(
            mcp_app, settings.max_sessions_per_caller, lambda: getattr(manager, "_server_instances", {}).keys()
        )
    sse_app: ASGIApp = _Asgi(handle_sse)
    messages_app: ASGIApp = _Asgi(sse.handle_post_message)
    if forwarding is not None:
        mcp_app = forwarding.wrap_streamable(
            mcp_app, lambda: manager._server_instances.keys(), registers=not settings.stateless
        )
        messages_app = forwarding.wrap_messages(messages_app, lambda: sse._read_stream_writers.keys())
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
    if settings.metrics_listen is None:  # else /metrics is served on its own address (metrics_endpoint.py)
        routes.append(metrics_handler(metrics, token=settings.metrics_token, auth_enabled=verifier is not None))
    middleware: list[Middleware] = []
    if verifier is not None:
        metadata_url: AnyHttpUrl | None = None
        if settings.jwt_enabled:
            assert settings.issuer is not None and verifier.jwt_verifier is not None
            resource = AnyHttpUrl(settings.public_resource_url)
            metadata_url = build_resource_metadata_url(resource)
            metadata_routes = create_protected_resource_routes(
                resource_url=resource,
                authorization_servers=[AnyHttpUrl(settings.issuer)],
                scopes_supported=verifier.jwt_verifier.scope_policies.scopes,
                resource_name="zoom-mcp",
            )
            routes += metadata_routes
            if metadata_routes and isinstance(metadata_routes[0], Route):
                first = metadata_routes[0]
                if first.path != PROTECTED_RESOURCE_PATH:
                    routes.append(Route(PROTECTED_RESOURCE_PATH, first.endpoint, methods=["GET", "OPTIONS"]))
        mcp_app = RequireCaller(mcp_app, metrics, metadata_url)
        sse_app = RequireCaller(sse_app, metrics, metadata_url)
        messages_app = RequireCaller(messages_app, metrics, metadata_url)
        middleware = [
            Middleware(AuthenticationMiddleware, backend=CredentialsBackend(verifier)),
            Middleware(AuthContextMiddleware),
        ]
    routes.append(Route(MCP_PATH, mcp_app, methods=["GET", "POST", "DELETE"]))
    if confirmations is not None:  # the page of URL-mode elicitation, on this endpoint's own origin
        public = settings.resource_url and origin_of(settings.resource_url)
        routes += confirmations.hosted_routes(public or None)
    if settings.workers == 1 or forwarding is not None:  # without forwarding, a POST may miss its stream's worker
        routes += [Route(SSE_PATH, sse_app, methods=["GET"]), Mount(MESSAGES_PATH, app=messages_app)]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            async with manager.run(), anyio.create_task_group() as group:
                if forwarding is not None:
                    group.start_soon(forwarding.run)
                if multiprocess_dir() is not None:  # gauges of this process, for the other processes' renders
                    group.start_soon(_refresh_gauges, metrics)
                state.ready = True
                logger.info("zoom-mcp HTTP endpoint ready (%s)", "stateless" if settings.stateless else "stateful")
                try:
                    yield
                finally:
                    state.ready = False
                    group.cancel_scope.cancel()
                    if forwarding is not None:
                        await forwarding.close()
        finally:
            if on_shutdown is not None:
                await on_shutdown()

    guard = Middleware(
        HostOriginGuard,
        allowed_hosts=security.allowed_hosts,
        allowed_origins=security.allowed_origins,
        exempt=OPERATIONAL_PATHS,
        host_only_prefixes=(CONFIRM_PREFIX,),
    )
    app = Starlette(routes=routes, middleware=[guard, *middleware], lifespan=lifespan)
    app.state.zoom_mcp = state
    return app


class _SignalFreeServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signals to the main server."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _refresh_gauges(metrics: Metrics, interval: float = 5.0) -> None:
    while True:
        metrics.refresh()
        await anyio.sleep(interval)


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
