"""A small Zoom stand-in that keeps the exact bytes of every multipart upload (the sandbox keeps only names).

Served over real HTTP on loopback (`capturing_zoom()`); accepts the static token `capture-token` and
answers a multipart POST like Zoom's branding uploads (201 `{"id", "name", "size", "type"}`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zoom_mcp.sandbox.runner import serving_app

TOKEN = "capture-token"


@dataclass
class Upload:
    path: str
    field: str
    filename: str
    media_type: str
    content: bytes


@dataclass
class CaptureZoom:
    port: int = 0
    uploads: list[Upload] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v2"

    def environment(self) -> dict[str, str]:
        return {"ZOOM_ACCESS_TOKEN": TOKEN, "ZOOM_API_BASE_URL": self.base_url, "ZOOM_ACCOUNT_ID": "capture"}

    def clear(self) -> None:
        with self.lock:
            self.uploads.clear()
            self.requests.clear()

    async def handle(self, request: Request) -> Response:
        with self.lock:
            self.requests.append(f"{request.method} {request.url.path}")
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return JSONResponse({"code": 124, "message": "Invalid access token."}, status_code=401)
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            return JSONResponse({"id": "x"}, status_code=200)
        form = await request.form()
        stored = None
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                content = await value.read()
                stored = Upload(request.url.path, name, value.filename or "", value.content_type or "", bytes(content))
                with self.lock:
                    self.uploads.append(stored)
        await form.close()
        if stored is None:
            return JSONResponse({"code": 120, "message": "No file uploaded."}, status_code=400)
        return JSONResponse(
            {"id": "file-1", "name": stored.filename, "size": len(stored.content), "type": "image"}, status_code=201
        )


@contextmanager
def capturing_zoom() -> Iterator[CaptureZoom]:
    capture = CaptureZoom()
    app = Starlette(routes=[Route("/v2/{rest:path}", capture.handle, methods=["GET", "POST", "PATCH", "DELETE"])])
    with serving_app(app, name="capture-zoom") as port:
        capture.port = port
        yield capture
