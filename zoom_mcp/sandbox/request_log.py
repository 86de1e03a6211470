"""The request log: every request the sandbox answered, in memory and optionally as JSON lines."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zoom_mcp.sandbox.routing import raw_path


class RequestLog:
    """Append-only list of `{"time", "method", "path", "query", "status", "operationId"}` entries."""

    def __init__(self, path: Path | None = None) -> None:
        self._entries: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._path = path

    def append(self, method: str, raw_path: str, query: str, status: int, operation_id: str | None) -> None:
        entry: dict[str, Any] = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "method": method,
            "path": raw_path,
            "query": query,
            "status": status,
        }
        if operation_id:
            entry["operationId"] = operation_id
        with self._lock:
            self._entries.append(entry)
            if self._path is not None:
                with self._path.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(entry) + "\n")
                    handle.flush()

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(e) for e in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class RequestLogMiddleware:
    """Pure ASGI middleware appending one request-log entry per HTTP request (control calls excluded)."""

    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith("/_sandbox/"):
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})
        logged = False

        def record(status: int) -> None:
            nonlocal logged
            if not logged:
                logged = True
                query = bytes(scope.get("query_string", b"")).decode("latin-1")
                self.log.append(scope["method"], raw_path(scope), query, status, scope["state"].get("operation_id"))

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                record(int(message["status"]))  # before the client can see the answer
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            record(500)
