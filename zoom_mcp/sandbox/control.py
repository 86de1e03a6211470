"""Control endpoints under `/_sandbox/` (loopback clients only): request log, faults and rate limits,
reset, state snapshot and token expiry, for processes that run the sandbox separately."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zoom_mcp.sandbox.core import Sandbox
from zoom_mcp.sandbox.faults import parse_faults, parse_rate_limits


def control_routes(sandbox: Sandbox) -> list[Route]:
    """The `/_sandbox/` routes acting on `sandbox`."""

    async def requests_get(request: Request) -> Response:
        return JSONResponse(sandbox.log.entries())

    async def requests_delete(request: Request) -> Response:
        sandbox.log.clear()
        return Response(status_code=204)

    async def faults_post(request: Request) -> Response:
        try:
            data = await request.json()
            config = parse_faults(data)
            limits = parse_rate_limits(data["rate_limits"]) if data.get("rate_limits") is not None else None
        except (ValueError, TypeError, AttributeError) as exc:
            return JSONResponse({"code": 300, "message": f"Invalid faults: {exc}"}, status_code=400)
        sandbox.faults.set(config)
        if limits is not None:
            sandbox.limiter.reconfigure(limits)
        return JSONResponse({**asdict(config), "rate_limits": asdict(sandbox.limiter.config)})

    async def reset(request: Request) -> Response:
        sandbox.reset()
        return Response(status_code=204)

    async def state_get(request: Request) -> Response:
        state = sandbox.state
        return JSONResponse(
            {
                "users": list(state.users.values()),
                "meetings": {str(k): v for k, v in state.meetings.items()},
                "webinars": {str(k): v for k, v in state.webinars.items()},
                "recordings": list(state.recordings),
                "summaries": list(state.summaries),
                "live": {str(k): asdict(v) for k, v in state.live.items()},
            }
        )

    async def expire(request: Request) -> Response:
        sandbox.tokens.expire_all()
        return Response(status_code=204)

    return [
        Route("/_sandbox/requests", _loopback_only(requests_get), methods=["GET"]),
        Route("/_sandbox/requests", _loopback_only(requests_delete), methods=["DELETE"]),
        Route("/_sandbox/faults", _loopback_only(faults_post), methods=["POST"]),
        Route("/_sandbox/reset", _loopback_only(reset), methods=["POST"]),
        Route("/_sandbox/state", _loopback_only(state_get), methods=["GET"]),
        Route("/_sandbox/tokens/expire", _loopback_only(expire), methods=["POST"]),
    ]


_LOOPBACK = {"127.0.0.1", "::1", "localhost", "testclient"}


def _loopback_only(endpoint: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
    """Control endpoints answer only loopback clients (the sandbox may be bound to another interface)."""

    async def guarded(request: Request) -> Response:
        client = request.client.host if request.client else "127.0.0.1"
        if client not in _LOOPBACK and not client.startswith("127."):
            message = "Sandbox control endpoints answer loopback clients only; call them from the sandbox's host."
            return JSONResponse({"code": 403, "message": message}, status_code=403)
        return await endpoint(request)

    return guarded
