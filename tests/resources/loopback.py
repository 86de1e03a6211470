"""A real HTTP server on 127.0.0.1 (free port) for download tests: serves any Starlette app, logs requests."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send


@dataclass
class Served:
    host: str
    port: int
    seen: list[tuple[str, str | None]] = field(default_factory=list)  # (path, authorization header)

    @property
    def root(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def host_port(self) -> str:
        return f"{self.host}:{self.port}"


@asynccontextmanager
async def serve(app: Starlette) -> AsyncIterator[Served]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    served = Served("127.0.0.1", sock.getsockname()[1])

    async def recording_app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            authorization = headers.get(b"authorization")
            served.seen.append((scope["path"], authorization.decode() if authorization else None))
        await app(scope, receive, send)

    server = uvicorn.Server(uvicorn.Config(recording_app, log_level="warning", lifespan="off"))
    async with anyio.create_task_group() as group:
        group.start_soon(server.serve, [sock])
        with anyio.fail_after(10):
            while not server.started:
                await anyio.sleep(0.01)
        try:
            yield served
        finally:
            server.should_exit = True
    sock.close()
