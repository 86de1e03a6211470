"""A real HTTP server on 127.0.0.1 (free port) for download tests: serves any Starlette app, logs requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.types import Receive, Scope, Send

from zoom_mcp.sandbox.runner import serving_app_async


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
    served = Served("127.0.0.1", 0)

    async def recording_app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            authorization = headers.get(b"authorization")
            served.seen.append((scope["path"], authorization.decode() if authorization else None))
        await app(scope, receive, send)

    async with serving_app_async(recording_app, host=served.host) as port:
        served.port = port
        yield served
