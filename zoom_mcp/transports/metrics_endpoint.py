"""Who may read `/metrics`, and the separate metrics listener (`--metrics-listen HOST:PORT`).

`/metrics` on the MCP port answers only to a credential:

- `Authorization: Bearer <ZOOM_MCP_METRICS_TOKEN>` (a scraper's token, set in the environment), or
- any credential the MCP endpoint accepts (an API key or JWT of a caller), when authentication is configured;

without authentication and without a metrics token (a loopback-only server for one person) it stays open,
like `/mcp` itself. With `--metrics-listen HOST:PORT` the metrics are served on that address instead (no
credential: put it on a network only the scraper reaches) and the MCP port has no `/metrics`. The exposition
itself names no caller: labels are bounded (see `zoom_mcp/metrics.py`).
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Mapping
from typing import Final

from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zoom_mcp.metrics import CONTENT_TYPE, Metrics

METRICS_TOKEN_ENV: Final = "ZOOM_MCP_METRICS_TOKEN"


def metrics_token_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    value = (os.environ if environ is None else environ).get(METRICS_TOKEN_ENV, "").strip()
    return value or None


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _refusal() -> Response:
    return JSONResponse(
        {
            "error": "unauthorized",
            "error_description": "/metrics needs a credential: Authorization: Bearer <the ZOOM_MCP_METRICS_TOKEN "
            "the operator set>, or a credential of this MCP endpoint.",
        },
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="zoom-mcp metrics"'},
    )


def metrics_handler(metrics: Metrics, *, token: str | None, auth_enabled: bool) -> Route:
    """The `/metrics` route of the MCP port (see the module docstring for who may read it)."""

    async def endpoint(request: Request) -> Response:
        presented = _bearer(request)
        by_token = token is not None and presented is not None and hmac.compare_digest(presented, token)
        by_caller = auth_enabled and isinstance(request.scope.get("user"), AuthenticatedUser)
        open_locally = token is None and not auth_enabled
        if not (by_token or by_caller or open_locally):
            return _refusal()
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    return Route("/metrics", endpoint, methods=["GET"])


def metrics_listener_app(metrics: Metrics) -> Starlette:
    """The app of `--metrics-listen`: `/metrics` only, no credential."""

    async def endpoint(request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    return Starlette(routes=[Route("/metrics", endpoint, methods=["GET"])])


def parse_listen_address(value: str) -> tuple[str, int]:
    """`HOST:PORT` (IPv6 as `[::1]:9100`) -> (host, port); raises ValueError with what to write."""
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise ValueError(f"--metrics-listen must be HOST:PORT (e.g. 127.0.0.1:9100), got {value!r}")
    return host.strip("[]"), int(port)
