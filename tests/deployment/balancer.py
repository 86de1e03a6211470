"""A minimal round-robin HTTP load balancer on loopback, for tests: a person's browser behind it reaches
whichever replica the balancer picks.

`Balancer(sock)` serves on an already-bound socket (so its address can be given to the replicas, e.g. as
`--resource-url`, before they start); `start(ports)` runs it in a thread with its own event loop. Each request
goes to the next port of `ports`, over a new connection, with the client's headers unchanged (the Host header
passes through, as `proxy_set_header Host $host` does in nginx); `served` records the port of each request.
Request bodies are buffered; answers (SSE streams included) are relayed as they arrive.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import anyio
import httpx2
import uvicorn
from starlette.types import Receive, Scope, Send

_HOP_BY_HOP = frozenset({b"connection", b"keep-alive", b"transfer-encoding", b"content-length", b"upgrade"})


def bind_loopback() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


class _ThreadServer(uvicorn.Server):
    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class Balancer:
    """Round robin over replica ports (see the module docstring)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.port = int(sock.getsockname()[1])
        self.served: list[int] = []
        self._ports: Iterator[int] = iter(())
        self._server: _ThreadServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def route_to(self, ports: Sequence[int]) -> None:
        self._ports = itertools.cycle(list(ports))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        port = next(self._ports)
        self.served.append(port)
        query = scope.get("query_string", b"").decode("latin-1")
        url = f"http://127.0.0.1:{port}{scope['path']}" + (f"?{query}" if query else "")
        headers = [(k, v) for k, v in scope["headers"] if k.lower() not in _HOP_BY_HOP]
        async with httpx2.AsyncClient(timeout=httpx2.Timeout(30.0, read=None)) as http:
            request = http.build_request(scope["method"], url, headers=headers, content=body)
            answer = await http.send(request, stream=True)
            try:
                relayed = [(k, v) for k, v in answer.headers.raw if k.lower() not in _HOP_BY_HOP]
                await send({"type": "http.response.start", "status": answer.status_code, "headers": relayed})
                async with anyio.create_task_group() as group:

                    async def stop_when_client_leaves() -> None:
                        while (await receive())["type"] != "http.disconnect":
                            pass
                        group.cancel_scope.cancel()

                    group.start_soon(stop_when_client_leaves)
                    with contextlib.suppress(httpx2.TransportError):
                        async for chunk in answer.aiter_raw():  # streamed as it comes (SSE answers included)
                            await send({"type": "http.response.body", "body": chunk, "more_body": True})
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    group.cancel_scope.cancel()
            finally:
                await answer.aclose()

    def start(self, ports: Sequence[int]) -> None:
        self.route_to(ports)
        config = uvicorn.Config(
            self,
            log_level="warning",
            access_log=False,
            lifespan="off",
            server_header=False,
            timeout_graceful_shutdown=1,
        )
        server = _ThreadServer(config)
        self._server = server
        self._thread = threading.Thread(target=lambda: asyncio.run(server.serve([self.sock])), daemon=True)
        self._thread.start()
        for _ in range(1000):
            if server.started:
                return
            threading.Event().wait(0.01)
        raise RuntimeError("the test balancer did not start")

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.sock.close()
