"""The sandbox Zoom as a Starlette app: `/oauth/token`, the API under `/v2`, recording downloads under
`/rec/download/`, and control endpoints under `/_sandbox/` (request log, faults, reset, state, tokens).

A `/v2` request goes through: bearer check -> injected faults -> route (raw path) -> account check ->
rate limit -> scope check -> validation -> stateful handler or the spec's example.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import unquote

import anyio
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zoom_mcp.sandbox.auth import OAuthError
from zoom_mcp.sandbox.config import SandboxConfig
from zoom_mcp.sandbox.control import control_routes
from zoom_mcp.sandbox.core import Sandbox
from zoom_mcp.sandbox.errors import (
    ZoomStyleError,
    meeting_not_found,
    user_not_found,
    validation_failed,
    webinar_not_found,
)
from zoom_mcp.sandbox.handlers import HANDLERS, Ctx, Reply, Upload
from zoom_mcp.sandbox.handlers.recording_analytics import record_download
from zoom_mcp.sandbox.request_log import RequestLogMiddleware
from zoom_mcp.sandbox.routing import RouteMatch, raw_path
from zoom_mcp.sandbox.seed import ROOT_MARKER
from zoom_mcp.sandbox.spec import SpecOperation
from zoom_mcp.sandbox.validation import BodyValidator, coerce_query

JSON = Any
logger = logging.getLogger(__name__)
API_PREFIX = "/v2"
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """Build the sandbox app; the `Sandbox` instance is at `app.state.sandbox`."""
    sandbox = Sandbox(config or SandboxConfig())

    async def token(request: Request) -> Response:
        try:
            answer = sandbox.tokens.issue(
                request.headers.get("authorization"),
                request.query_params.get("grant_type"),
                request.query_params.get("account_id"),
            )
        except OAuthError as exc:
            return JSONResponse({"reason": exc.reason, "error": exc.error}, status_code=exc.status)
        return JSONResponse(answer)

    async def api(request: Request) -> Response:
        try:
            return await _serve_api(sandbox, request)
        except ZoomStyleError as exc:
            return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)
        except Exception as exc:  # a sandbox bug: answer like Zoom's 500 and say what broke
            logger.exception("sandbox handler failed for %s %s", request.method, request.url.path)
            message = f"Sandbox internal error ({type(exc).__name__}: {exc}); this is a sandbox bug, not yours."
            return JSONResponse({"code": 500, "message": message}, status_code=500)

    async def download(request: Request) -> Response:
        try:
            sandbox.tokens.check(request.headers.get("authorization") or _query_token(request))
        except ZoomStyleError as exc:
            return JSONResponse(exc.body(), status_code=exc.status)
        content = sandbox.state.file_content.get(request.path_params["file_id"])
        if content is None:
            return JSONResponse({"code": 3301, "message": "This recording file does not exist."}, status_code=404)
        data, media_type = content
        record_download(sandbox.state, request.path_params["file_id"])  # read back by the recording analytics
        return Response(data, media_type=media_type)

    routes = [
        Route("/oauth/token", token, methods=["POST"]),
        Route(API_PREFIX + "/{rest:path}", api, methods=_METHODS),
        Route("/rec/download/{file_id}", download, methods=["GET"]),
        *control_routes(sandbox),
    ]
    app = Starlette(routes=routes)
    app.state.sandbox = sandbox
    app.add_middleware(RequestLogMiddleware, log=sandbox.log)
    return app


def _query_token(request: Request) -> str | None:
    value = request.query_params.get("access_token")
    return f"Bearer {value}" if value else None


async def _serve_api(sandbox: Sandbox, request: Request) -> Response:
    scope = request.scope
    api_path = raw_path(scope)[len(API_PREFIX) :]
    sandbox.tokens.check(request.headers.get("authorization"))
    if sandbox.faults.latency_seconds:
        await anyio.sleep(sandbox.faults.latency_seconds)
    sandbox.faults.check(request.method, api_path)
    match, path_known, layout = sandbox.layouts.match(request.method, api_path)
    if match is None or layout is None:
        if path_known:
            raise ZoomStyleError(405, 405, f"Method {request.method} is not allowed on {api_path}.")
        raise ZoomStyleError(404, 404, f"No API operation at {request.method} {api_path}; check the path.")
    op = match.operation
    scope.setdefault("state", {})["operation_id"] = op.operation_id
    _check_account(sandbox, match)
    _check_slashes(match)
    sandbox.limiter.check(op.rate_limit_label)
    sandbox.tokens.check_scopes(op)
    query = coerce_query(op, {k: request.query_params.getlist(k) for k in request.query_params})
    body = await _read_body(layout.validators, op, request)
    ctx = Ctx(
        op=op,
        path=match.path_values,
        query=query,
        body=body,
        state=sandbox.state,
        config=sandbox.config,
        operations=layout.by_id,
    )
    handler = HANDLERS.get(op.operation_id)
    reply = handler(ctx) if handler is not None else _fallback(ctx)
    return _render(reply, str(request.base_url).rstrip("/"))


def _check_account(sandbox: Sandbox, match: RouteMatch) -> None:
    account = match.path_values.get("accountId")
    if account is None:
        return
    allowed = {sandbox.config.account_id, "me", *sandbox.config.sub_account_ids}
    if account not in allowed:
        raise ZoomStyleError(
            400,
            2001,
            f"Account does not exist: {account}. Use the configured account ID "
            f"({sandbox.config.account_id}), a sub-account ID or `me`.",
        )


def _check_slashes(match: RouteMatch) -> None:
    """Like Zoom, a value that decodes to a leading `/` or a `//` never reaches the resource."""
    for name, value in match.path_values.items():
        if value.startswith("/") or "//" in value:
            raise ZoomStyleError(
                404,
                3001 if name.startswith("meeting") else 404,
                f"Not found: {name} {value!r}. A meeting UUID that begins with '/' or contains '//' "
                "must be URL-encoded twice (for example %252F for '/').",
            )


async def _read_body(validators: dict[str, BodyValidator], op: SpecOperation, request: Request) -> JSON:
    if op.body_content_type is None:
        return None
    if op.body_content_type == "multipart/form-data":
        form = await request.form()
        fields = {k: (await _upload(v) if isinstance(v, UploadFile) else v) for k, v in form.multi_items()}
        await form.close()
        missing = [name for name in (op.body_schema or {}).get("required") or [] if name not in fields]
        if missing:
            raise validation_failed(
                [{"field": n, "message": f"Required form field '{n}' is missing."} for n in missing]
            )
        return fields
    raw = await request.body()
    if not raw.strip():
        if op.body_required:
            raise validation_failed([{"field": "body", "message": "A JSON request body is required."}])
        return None
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise ZoomStyleError(400, 300, f"The request body is not valid JSON: {exc}.") from exc
    validator = validators.get(op.operation_id)
    errors = validator.errors(body) if validator is not None else []
    if errors:
        raise validation_failed(errors)
    return body


async def _upload(file: UploadFile) -> Upload:
    size = file.size if file.size is not None else len(await file.read())
    return Upload(file.filename or "", size, file.content_type or "application/octet-stream")


def _fallback(ctx: Ctx) -> Reply:
    """Answer an operation without state: check the addressed resources exist, then the spec's example."""
    for name, value in ctx.path.items():
        if name == "userId":
            if ctx.state.find_user(value) is None:
                raise user_not_found(value)
        elif name in ("meetingId", "meetingUUID"):
            known = (
                (value.isdigit() and int(value) in ctx.state.meetings)
                or ctx.state.find_meeting_by_uuid(value)
                or ctx.state.find_meeting_by_uuid(unquote(value))
            )
            if not known:
                raise meeting_not_found(value)
        elif name == "webinarId" and not (value.isdigit() and int(value) in ctx.state.webinars):
            raise webinar_not_found(value)
    return ctx.done()


def _render(reply: Reply, root: str) -> Response:
    if reply.body is None or reply.status == 204:
        return Response(status_code=reply.status, headers=reply.headers)
    text = json.dumps(reply.body).replace(ROOT_MARKER, root)
    return Response(text, status_code=reply.status, media_type="application/json", headers=reply.headers)
