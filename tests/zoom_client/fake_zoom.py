"""A small scriptable fake Zoom for the client tests: a Starlette app served by uvicorn on 127.0.0.1.

It records every request with its raw path (`scope["raw_path"]`, still percent-encoded), issues
Server-to-Server OAuth tokens at `/oauth/token` (Basic auth checked, tokens expire), checks the bearer
token on `/v2/...` (401, code 124 otherwise) and answers either with replies queued per API path
(`fake.enqueue("/meetings/1", Reply(429, headers={"Retry-After": "1"}), Reply(200, {...}))`) or with a
default 200 echo of what it received. Use `running_fake_zoom()`; it binds a free port.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import socket
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zoom_mcp.sandbox.runner import serving_app
from zoom_mcp.zoom_client import ZoomSettings

ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@dataclass
class Reply:
    """One scripted answer. `json` None with status 204 gives an empty body; `text` overrides the body."""

    status: int = 200
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    delay: float = 0.0


@dataclass
class Recorded:
    method: str
    raw_path: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


class FakeZoom:
    """State and behaviour of the fake; thread-safe enough for one test talking to it at a time."""

    def __init__(
        self,
        *,
        client_id: str = "fake-client-id",
        client_secret: str = "fake-client-secret-value",
        account_id: str = "fake-account",
        token_ttl: int = 3600,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.account_id = account_id
        self.token_ttl = token_ttl
        self._default_ttl = token_ttl
        self.token_delay = 0.0
        self.static_tokens: set[str] = set()
        self.requests: list[Recorded] = []
        self.token_requests: list[Recorded] = []
        self.issued: list[str] = []
        self._tokens: dict[str, float] = {}
        self._scripts: dict[str, deque[Reply]] = {}
        self._lock = threading.Lock()
        self._counter = itertools.count(1)
        self.port = 0
        self.app = Starlette(
            routes=[
                Route("/oauth/token", self._token, methods=["POST"]),
                Route("/{rest:path}", self._api, methods=ALL_METHODS),
            ]
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v2"

    @property
    def oauth_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/oauth/token"

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.token_requests.clear()
            self.issued.clear()
            self._tokens.clear()
            self._scripts.clear()
            self.static_tokens.clear()
            self.token_delay = 0.0
            self.token_ttl = self._default_ttl

    def enqueue(self, api_path: str, *replies: Reply) -> None:
        """Queue replies for the API path (after `/v2`, raw as sent, e.g. `/meetings/%2F%2Fab`)."""
        with self._lock:
            self._scripts.setdefault(api_path, deque()).extend(replies)

    def expire_tokens(self) -> None:
        """Make every issued token invalid (as if they expired on Zoom's side)."""
        with self._lock:
            self._tokens.clear()

    def api_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.raw_path.startswith("/v2")]

    def raw_paths(self) -> list[str]:
        return [r.raw_path for r in self.api_requests()]

    async def _record(self, request: Request) -> Recorded:
        raw = request.scope.get("raw_path") or request.scope["path"].encode()
        recorded = Recorded(
            method=request.method,
            raw_path=raw.decode("latin-1"),
            path=request.scope["path"],
            query=parse_qs(request.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=await request.body(),
        )
        with self._lock:
            self.requests.append(recorded)
        return recorded

    async def _token(self, request: Request) -> Response:
        recorded = await self._record(request)
        with self._lock:
            self.token_requests.append(recorded)
        if self.token_delay:
            await asyncio.sleep(self.token_delay)
        expected = "Basic " + base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if recorded.headers.get("authorization") != expected:
            return JSONResponse({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}, 401)
        if recorded.query != {"grant_type": ["account_credentials"], "account_id": [self.account_id]}:
            return JSONResponse({"reason": "Bad Request", "error": "invalid_request"}, 400)
        token = f"fake-token-{next(self._counter)}-{int(time.time() * 1000)}"
        with self._lock:
            self._tokens[token] = time.monotonic() + self.token_ttl
            self.issued.append(token)
        return JSONResponse(
            {"access_token": token, "token_type": "bearer", "expires_in": self.token_ttl, "scope": "meeting:read:admin"}
        )

    def _authorized(self, recorded: Recorded) -> bool:
        header = recorded.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return False
        token = header.removeprefix("Bearer ")
        with self._lock:
            expiry = self._tokens.get(token)
            return token in self.static_tokens or (expiry is not None and time.monotonic() < expiry)

    async def _api(self, request: Request) -> Response:
        recorded = await self._record(request)
        if not recorded.raw_path.startswith("/v2/"):
            return JSONResponse({"code": 404, "message": "Not under /v2."}, 404)
        if not self._authorized(recorded):
            return JSONResponse({"code": 124, "message": "Invalid access token."}, 401)
        api_path = recorded.raw_path.removeprefix("/v2")
        with self._lock:
            queue = self._scripts.get(api_path)
            reply = queue.popleft() if queue else None
        if reply is None:
            return JSONResponse(
                {"method": recorded.method, "raw_path": recorded.raw_path, "query": recorded.query, "ok": True}
            )
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.text is not None:
            return Response(reply.text, reply.status, headers=reply.headers, media_type="text/plain")
        if reply.json is None:
            return Response(b"", reply.status, headers=reply.headers)
        return JSONResponse(reply.json, reply.status, headers=reply.headers)


@contextmanager
def running_fake_zoom(**options: Any) -> Iterator[FakeZoom]:
    """Start a `FakeZoom` on loopback for the duration of the block."""
    fake = FakeZoom(**options)
    with serving_app(fake.app, name="fake Zoom") as port:
        fake.port = port
        yield fake


def fast_settings(fake: FakeZoom, **overrides: Any) -> ZoomSettings:
    """Client settings pointing at the fake, with tiny retry waits so tests stay fast."""
    values: dict[str, Any] = {
        "api_base_url": fake.base_url,
        "oauth_url": fake.oauth_url,
        "account_id": fake.account_id,
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
        "max_retries": 3,
        "retry_wait_cap": 0.05,
        "backoff_base": 0.01,
        "timeout": 5.0,
        "connect_timeout": 2.0,
    }
    values.update(overrides)
    return ZoomSettings(**values)


def closed_port() -> int:
    """A loopback port with nothing listening (for connection-refused tests)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port
