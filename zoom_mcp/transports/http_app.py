"""The hosted HTTP endpoint's app: one Starlette app serving MCP over Streamable HTTP and legacy HTTP+SSE.

Routes:

- `/mcp`                      Streamable HTTP, both protocol eras (the SDK routes by `MCP-Protocol-Version`),
                              stateful by default, stateless with `HttpSettings.stateless`;
- `/sse` + `/messages/`       the legacy HTTP+SSE transport (handshake era; with `--workers`, only when the
                              processes share `--state-url`, which forwards a POST to its stream's process);
- `/healthz`                  200 while the process is up;
- `/readyz`                   200 while the session manager runs and the server is not shutting down, else 503;
- `/metrics`                  Prometheus text exposition of `zoom_mcp.metrics.Metrics`, behind a credential
                              (`metrics_endpoint.py`; or on its own address with `--metrics-listen`);
- `/.well-known/oauth-protected-resource[/mcp]`   RFC 9728 metadata (OAuth resource-server mode only);
- `/confirm/<secret>`         the confirmation page of URL-mode elicitation (with `confirmations`).

With authentication configured, the MCP routes need credentials (401 + `WWW-Authenticate` otherwise); the
caller and its policy reach the handlers through `zoom_mcp.auth.caller.current_caller`. Host and Origin
headers are matched exactly on every bind address (`host_check.py`), bodies are capped (413), open sessions
are capped in total and per caller (503; `session_caps.py`), and each caller's calls per minute are limited
(a 429 tool error; see `call_limits.py`). With a shared state store, a request for a session another replica
holds is forwarded there (`session_routing.py`) and the session caps count every replica's sessions. Running
it with uvicorn (draining, workers) is `http.py`'s part.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Final
from uuid import UUID

import anyio
from mcp.server import Server
from mcp.server.auth.middleware.auth_context import AuthContextMiddleware
from mcp.server.auth.routes import build_resource_metadata_url, create_protected_resource_routes
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
from zoom_mcp.transports.metrics_endpoint import metrics_handler
from zoom_mcp.transports.session_caps import SessionCaps, SseTicket, caller_id_of
from zoom_mcp.transports.session_routing import SessionForwarding
from zoom_mcp.transports.settings import (
    HttpSettings,
    check_http_settings,
    internal_url,
    transport_security,
)

logger = logging.getLogger("zoom_mcp.transports.http")  # the endpoint logs under one name, as before the split

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


# The SDK offers no public view of what these helpers read (mcp 2.x): the Streamable HTTP sessions its session
# manager holds, the lifespan state the manager hands its servers, and the legacy SSE sessions. Every read of
# those private attributes is here.
def _streamable_sessions(manager: StreamableHTTPSessionManager) -> Collection[str]:
    """The ids of the Streamable HTTP sessions open in this process."""
    return manager._server_instances.keys()


def _lifespan_state(manager: StreamableHTTPSessionManager) -> Any:
    """What the session manager's lifespan gave its servers (None before it runs)."""
    return manager._lifespan_state


def _sse_sessions(sse: SseServerTransport) -> Collection[UUID]:
    """The legacy SSE sessions open in this process."""
    return sse._read_stream_writers.keys()


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
        forwarding = SessionForwarding(
            store,
            own_url or internal_url(settings),
            ttl=settings.session_record_seconds,
            on_forward=metrics.record_forward,
        )
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
    caps = SessionCaps(  # per caller and in total; with a shared store, across replicas (session_caps.py)
        settings.max_sessions_per_caller,
        settings.max_sessions,
        store=store,
        record_seconds=settings.session_record_seconds,
    )
    metrics.watch_sessions("streamable_http", lambda: len(_streamable_sessions(manager)))
    sse = SseServerTransport(
        MESSAGES_PATH, security_settings=sdk_security, max_request_body_size=settings.max_body_bytes
    )
    init_options = server.create_initialization_options()  # resources.listChanged stays false: we never send it

    async def handle_sse(scope: Scope, receive: Receive, send: Send) -> None:
        if state.sse_sessions >= settings.max_sessions:
            await _error(503, f"Too many open sessions ({settings.max_sessions}); retry later.")(scope, receive, send)
            return
        ticket = await caps.sse.enter(caller_id_of(scope))
        if not isinstance(ticket, SseTicket):
            await ticket(scope, receive, send)
            return
        state.sse_sessions += 1
        metrics.session_opened("sse")
        if forwarding is not None:
            send = forwarding.sse_send(send)
        try:
            async with sse.connect_sse(scope, receive, send) as (read_stream, write_stream):
                await serve_loop(
                    server,
                    read_stream,
                    write_stream,
                    lifespan_state=_lifespan_state(manager),
                    init_options=init_options,
                )
        except ValueError:
            pass  # connect_sse already answered (Host/Origin refused)
        finally:
            state.sse_sessions -= 1
            await caps.sse.leave(ticket)
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
        mcp_app = caps.wrap_streamable(mcp_app, lambda: _streamable_sessions(manager))
    sse_app: ASGIApp = _Asgi(handle_sse)
    messages_app: ASGIApp = _Asgi(sse.handle_post_message)
    if forwarding is not None:
        mcp_app = forwarding.wrap_streamable(
            mcp_app, lambda: _streamable_sessions(manager), registers=not settings.stateless
        )
        messages_app = forwarding.wrap_messages(messages_app, lambda: _sse_sessions(sse))
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
                group.start_soon(caps.run)
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


async def _refresh_gauges(metrics: Metrics, interval: float = 5.0) -> None:
    while True:
        metrics.refresh()
        await anyio.sleep(interval)
