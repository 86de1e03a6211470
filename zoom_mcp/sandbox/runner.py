"""Serve the sandbox with uvicorn on loopback and hand tests a `RunningSandbox`.

`running_sandbox(config)` runs uvicorn in a background thread (for sync code and for tests whose event
loop must stay free); `running_sandbox_async(config)` runs it as a task in the caller's event loop.
Both bind 127.0.0.1 on a free port (port 0) unless told otherwise. `serving_app` / `serving_app_async` do
the same for any ASGI app (test fakes) and yield the bound port.

`deferred_sandbox(config)` binds and listens at once (so its URLs are known) but builds the app and starts
uvicorn in its thread only at the first connection or at `start()`: a client that connects meanwhile waits in
the socket's backlog. `zoom-mcp serve` uses it so that its embedded sandbox costs nothing at start-up.
This module imports the app (its handlers, the OpenAPI model) only when a sandbox is built.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import select
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
import uvicorn

from zoom_mcp.sandbox.config import FaultConfig, ForcedStatus, RateLimitConfig, SandboxConfig

if TYPE_CHECKING:  # the app, its core and state load when a sandbox is built
    from zoom_mcp.sandbox.core import Sandbox
    from zoom_mcp.sandbox.state import SandboxState

logger = logging.getLogger("zoom_mcp.sandbox")


class SandboxUrls:
    """The sandbox's URLs, from its `host` and `port`."""

    host: str
    port: int

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v2"

    @property
    def oauth_url(self) -> str:
        return f"{self.root_url}/oauth/token"


@dataclass
class RunningSandbox(SandboxUrls):
    """A sandbox being served; URLs and in-process access to its log, faults, tokens and state."""

    sandbox: Sandbox
    host: str
    port: int

    @property
    def control_url(self) -> str:
        return f"{self.root_url}/_sandbox"

    @property
    def config(self) -> SandboxConfig:
        return self.sandbox.config

    @property
    def state(self) -> SandboxState:
        return self.sandbox.state

    def requests(self) -> list[dict[str, Any]]:
        """The request log so far (oldest first)."""
        return self.sandbox.log.entries()

    def clear_requests(self) -> None:
        self.sandbox.log.clear()

    def set_faults(
        self,
        *,
        latency_ms: int = 0,
        error_rate: float = 0.0,
        forced: list[ForcedStatus] | None = None,
    ) -> None:
        """Replace the injected faults (call with no arguments to remove them all)."""
        self.sandbox.faults.set(FaultConfig(latency_ms=latency_ms, error_rate=error_rate, forced=list(forced or [])))

    def set_rate_limits(self, config: RateLimitConfig) -> None:
        self.sandbox.limiter.reconfigure(config)

    def expire_tokens(self) -> None:
        """Expire every issued OAuth token (static tokens stay valid)."""
        self.sandbox.tokens.expire_all()

    def reset(self) -> None:
        """Forget all changes: state re-seeded, request log emptied, faults and rate limits as configured."""
        self.sandbox.reset()
        self.clear_requests()
        self.sandbox.faults.set(copy.deepcopy(self.config.faults))
        self.sandbox.limiter.reconfigure(copy.deepcopy(self.config.rate_limits))


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # accepted sockets inherit it: no 40 ms stalls
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _uvicorn(app: Any) -> uvicorn.Server:
    # ws="none": no websocket routes here, and uvicorn would import websockets or wsproto to serve them
    return uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", ws="none"))


@contextmanager
def serving_app(app: Any, *, host: str = "127.0.0.1", port: int = 0, name: str = "app") -> Iterator[int]:
    """Serve an ASGI app with uvicorn in a background thread for the `with` block; yields the bound port."""
    server = _uvicorn(app)
    sock = _bind(host, port)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"zoom-{name}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError(f"The {name} did not start within 10 seconds; see the log above for the cause.")
        time.sleep(0.01)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@asynccontextmanager
async def serving_app_async(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[int]:
    """Serve an ASGI app with uvicorn as a task in the current event loop; yields the bound port."""
    server = _uvicorn(app)
    sock = _bind(host, port)
    async with anyio.create_task_group() as group:
        group.start_soon(server.serve, [sock])
        with anyio.fail_after(10):
            while not server.started:
                await anyio.sleep(0.01)
        try:
            yield sock.getsockname()[1]
        finally:
            server.should_exit = True
    sock.close()


@contextmanager
def running_sandbox(
    config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[RunningSandbox]:
    """Serve a sandbox in a background thread for the duration of the `with` block."""
    from zoom_mcp.sandbox.app import create_app

    app = create_app(config or SandboxConfig())
    with serving_app(app, host=host, port=port, name="sandbox") as bound:
        yield RunningSandbox(app.state.sandbox, host, bound)


@asynccontextmanager
async def running_sandbox_async(
    config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[RunningSandbox]:
    """Serve a sandbox as a task in the current event loop for the duration of the `async with` block."""
    from zoom_mcp.sandbox.app import create_app

    app = create_app(config or SandboxConfig())
    async with serving_app_async(app, host=host, port=port) as bound:
        yield RunningSandbox(app.state.sandbox, host, bound)


class DeferredSandbox(SandboxUrls):
    """A sandbox whose socket listens now and which is built and served later, in its own thread: at the first
    connection, or when `start()` is called. Connections made before wait in the socket's backlog."""

    def __init__(self, config: SandboxConfig, host: str = "127.0.0.1", port: int = 0) -> None:
        self.config = config
        self.host = host
        self._sock = _bind(host, port)
        self.port: int = self._sock.getsockname()[1]
        self._wake_read, self._wake_write = socket.socketpair()
        self._lock = threading.Lock()
        self._stopping = False
        self._server: uvicorn.Server | None = None
        self._running: RunningSandbox | None = None
        self._built = threading.Event()  # built, or failed to build, or stopped before
        self._thread = threading.Thread(target=self._serve, name="zoom-sandbox", daemon=True)
        self._thread.start()

    def start(self) -> None:
        """Build and serve the sandbox now, without waiting for a first connection (returns at once)."""
        self._wake()

    def running(self, timeout: float = 30.0) -> RunningSandbox:
        """The sandbox being served (built now if it was not yet); RuntimeError when it cannot be built."""
        self.start()
        self._built.wait(timeout)
        if self._running is None:
            raise RuntimeError("The sandbox could not be built; see the log above for the cause.")
        return self._running

    def close(self) -> None:
        """Stop serving (or stop waiting to) and release the port."""
        with self._lock:
            self._stopping = True
            if self._server is not None:
                self._server.should_exit = True
        self._wake()
        self._thread.join(timeout=10)
        for sock in (self._sock, self._wake_read, self._wake_write):
            sock.close()

    def _wake(self) -> None:
        with contextlib.suppress(OSError):  # closed: the sandbox is gone
            self._wake_write.send(b"x")

    def _serve(self) -> None:
        select.select([self._sock, self._wake_read], [], [])
        server: uvicorn.Server | None = None
        try:
            if not self._stopping:
                from zoom_mcp.sandbox.app import create_app

                app = create_app(self.config)
                server = _uvicorn(app)
                self._running = RunningSandbox(app.state.sandbox, self.host, self.port)
        except Exception:
            logger.exception("the embedded sandbox could not be built; calls to Zoom will fail")
            self._sock.close()  # waiting and later connections are refused instead of hanging
        with self._lock:
            self._server = None if self._stopping else server
        self._built.set()
        if self._server is not None:
            self._server.run(sockets=[self._sock])


@contextmanager
def deferred_sandbox(
    config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[DeferredSandbox]:
    """A `DeferredSandbox` for the duration of the `with` block (built at its first connection or `start()`)."""
    sandbox = DeferredSandbox(config or SandboxConfig(), host, port)
    try:
        yield sandbox
    finally:
        sandbox.close()
