"""`ZoomClient`: the one place that sends HTTP requests to the Zoom API.

One pooled `httpx2.AsyncClient` per `ZoomClient`. Each request: wait for the client-side rate limiter
(by the operation's rate-limit label), add the bearer token, send, and on failure:

- 401: drop the token, fetch a new one, retry once (any method);
- 429 (not the daily limit): Zoom processed nothing, so EVERY method (POST and PATCH too) waits
  `Retry-After` (seconds or HTTP date; capped by `retry_wait_cap`, not retried when Zoom asks for more
  than `max_retry_after`) and is retried up to `max_retries` times; a daily-limit 429 is never retried;
- 5xx and connection errors/timeouts: only methods that are safe to repeat (GET, PUT, DELETE, HEAD,
  OPTIONS) are retried, with exponential backoff and jitter; never POST or PATCH (Zoom may have acted).

Each retry, wait and final Zoom error is also reported to the MCP client of the request being served
(`zoom_mcp.request_scope`: log lines at warning/error, waits as progress in seconds left); a cancelled
request stops waiting at once and sends nothing more.

Paths are sent exactly as given (built by `paths.build_path`, never re-encoded or normalised). Every
failure raises a `ZoomError` subclass whose message an agent can act on; tokens and secrets are never
logged or put into errors.
"""

from __future__ import annotations

import json as jsonlib
import logging
import random
import re
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import httpx2

from zoom_mcp import request_scope
from zoom_mcp.zoom_client.auth import TokenProvider, token_provider_for
from zoom_mcp.zoom_client.errors import (
    RateLimited,
    ZoomAPIError,
    ZoomConfigError,
    ZoomTransportError,
    error_from_response,
    redact,
)
from zoom_mcp.zoom_client.rate_limit import RateLimiter
from zoom_mcp.zoom_client.settings import ZoomSettings
from zoom_mcp.zoom_client.uploads import UploadFile

logger = logging.getLogger("zoom_mcp.zoom_client")

IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD", "OPTIONS"})
_RAW_DOT_SEGMENT = re.compile(r"(^|/)\.{1,2}(/|$)")


@dataclass(frozen=True)
class ZoomResponse:
    """A successful answer. `json` is the parsed body (None when empty or not JSON, e.g. a 204)."""

    status: int
    headers: Mapping[str, str]
    json: Any
    text: str


class ZoomClient:
    """Async client for the Zoom API. Use as `async with ZoomClient(settings) as client: ...`."""

    def __init__(
        self,
        settings: ZoomSettings,
        *,
        transport: httpx2.AsyncBaseTransport | None = None,
        token_provider: TokenProvider | None = None,
        rate_limiter: RateLimiter | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> None:
        self.settings = settings
        self._base_url = settings.api_base_url.rstrip("/")
        self._transport = transport
        self._http_client: httpx2.AsyncClient | None = None  # made at first use: see `_http`
        self._http_lock = threading.Lock()
        self._closed = False
        self._token_provider = token_provider
        self._limiter = rate_limiter if rate_limiter is not None else RateLimiter(settings.rate_limits)
        self._sleep = sleep  # None: request_scope.sleep (reports seconds left to the client)

    async def __aenter__(self) -> Self:
        return self

    @property
    def _http(self) -> httpx2.AsyncClient:
        """The pooled HTTP client, made at first use (its connection pool and TLS context cost tens of
        milliseconds that a server's start-up does not need; `serve` makes it in the background)."""
        client = self._http_client
        if client is None:
            with self._http_lock:  # the start-up warm-up thread may be making it at the same moment
                client = self._http_client
                if client is None:
                    if self._closed:
                        raise RuntimeError("Cannot send a request, as the client has been closed.")
                    client = self._http_client = self._new_http_client()
        return client

    def _new_http_client(self) -> httpx2.AsyncClient:
        settings = self.settings
        return httpx2.AsyncClient(
            transport=self._transport,
            timeout=httpx2.Timeout(settings.timeout, connect=settings.connect_timeout),
            limits=httpx2.Limits(
                max_connections=settings.max_connections,
                max_keepalive_connections=settings.max_keepalive_connections,
            ),
            headers={"User-Agent": settings.user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        with self._http_lock:
            self._closed = True
        if self._http_client is not None:
            await self._http_client.aclose()

    @property
    def http(self) -> httpx2.AsyncClient:
        """The shared pooled HTTP client (for other parts that talk to Zoom hosts, e.g. downloads)."""
        return self._http

    @property
    def token_provider(self) -> TokenProvider:
        """The token provider chosen from the settings (raises ZoomConfigError without credentials)."""
        if self._token_provider is None:
            self._token_provider = token_provider_for(self.settings, self._http)
        return self._token_provider

    async def access_token(self) -> str:
        """A valid access token (for callers that must authenticate other Zoom URLs, e.g. recording downloads)."""
        return await self.token_provider.get_token()

    def secrets(self) -> tuple[str, ...]:
        """Every secret value this client knows (configured secrets and issued tokens), for redaction."""
        provider_secrets = self._token_provider.secrets() if self._token_provider is not None else ()
        return (*self.settings.secrets(), *provider_secrets)

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, Any] | None = None,
        json: Any = None,
        files: Mapping[str, UploadFile] | None = None,
        data: Mapping[str, Any] | None = None,
        rate_limit: str | None = None,
        required_scopes: Sequence[str] = (),
    ) -> ZoomResponse:
        """Send one API request and return its answer, or raise a `ZoomError` subclass.

        `path` is relative to `api_base_url` and already encoded (`paths.build_path`). `files` maps a
        multipart field name to an in-memory `UploadFile` (the client never reads the disk); `data` adds plain
        multipart form fields.
        """
        method = method.upper()
        url = self._url(path)
        params = _clean_query(query)
        upload = _check_files(files)
        idempotent = method in IDEMPOTENT_METHODS
        provider = self.token_provider
        attempt = 0
        reauthenticated = False
        while True:
            await self._limiter.acquire(rate_limit)
            started = time.perf_counter()
            try:
                token = await provider.get_token()
                request_scope.note_sent(method, path)
                response = await self._send(method, url, token, params, json, upload, data)
            except (httpx2.TransportError, ZoomTransportError) as exc:
                if idempotent and attempt < self.settings.max_retries:
                    attempt += 1
                    backoff = self._backoff(attempt)
                    logger.warning(
                        "%s %s failed (%s); retry %d in %.2f s", method, path, type(exc).__name__, attempt, backoff
                    )
                    await self._announce_retry(method, path, f"failed ({type(exc).__name__})", attempt, backoff)
                    await self._wait(backoff, f"retrying {method} {path} after a connection failure")
                    continue
                failure = self._transport_error(exc, method, path, attempt + 1)
                await request_scope.log("error", str(failure), method=method, path=path, attempts=attempt + 1)
                raise failure from None
            elapsed_ms = (time.perf_counter() - started) * 1000
            status = response.status_code
            logger.info("%s %s -> %d in %.0f ms", method, path, status, elapsed_ms)
            await request_scope.log(
                "debug", f"{method} {path} -> {status} in {elapsed_ms:.0f} ms", method=method, path=path, status=status
            )
            if status < 400:
                return _to_response(response)
            if status == 401 and not reauthenticated and provider.invalidate(token):
                reauthenticated = True
                logger.info("%s %s: token rejected (401); fetching a new token and retrying once", method, path)
                await request_scope.log(
                    "info",
                    f"Zoom refused the access token for {method} {path} (401); fetching a new token and retrying once",
                    method=method,
                    path=path,
                )
                continue
            error = error_from_response(
                status=status,
                headers=dict(response.headers),
                text=response.text,
                method=method,
                path=path,
                required_scopes=required_scopes,
                secrets=self.secrets(),
            )
            if isinstance(error, RateLimited):  # pause this label for every request (and replica) sharing the budget
                await self._limiter.penalize(rate_limit, retry_after=error.retry_after, daily=error.is_daily_limit)
            wait = self._retry_wait(error, idempotent, attempt)
            if wait is None:
                await request_scope.log(
                    "error" if status >= 500 else "warning",
                    str(error),
                    method=method,
                    path=path,
                    status=status,
                    zoom_code=error.code,
                )
                raise error
            attempt += 1
            logger.warning("%s %s -> %d; retry %d in %.2f s", method, path, status, attempt, wait)
            await self._announce_retry(method, path, f"-> {status}", attempt, wait)
            reason = "Zoom's rate limit (Retry-After)" if status == 429 else f"retrying after Zoom's {status}"
            await self._wait(wait, f"{method} {path}: {reason}")

    async def _announce_retry(self, method: str, path: str, what: str, attempt: int, wait: float) -> None:
        await request_scope.log(
            "warning",
            f"{method} {path} {what}; retry {attempt} of {self.settings.max_retries} in {wait:.2f} s",
            method=method,
            path=path,
            attempt=attempt,
            wait_seconds=round(wait, 3),
        )

    async def _wait(self, seconds: float, reason: str) -> None:
        if self._sleep is not None:
            await self._sleep(seconds)
        else:
            await request_scope.sleep(seconds, reason)

    def _url(self, path: str) -> httpx2.URL:
        if not path.startswith("/") or path.startswith("//"):
            raise ZoomConfigError(
                f"Request path {path!r} must start with a single '/' and be relative to the API base."
            )
        if "?" in path or "#" in path or _RAW_DOT_SEGMENT.search(path):
            raise ZoomConfigError(
                f"Request path {path!r} contains '?', '#' or a dot-segment. Build it with zoom_client.build_path "
                "and pass query parameters with query=."
            )
        try:
            return httpx2.URL(self._base_url + path)
        except httpx2.InvalidURL as exc:
            raise ZoomConfigError(
                f"The request path ({len(path)} characters) cannot form a URL: {exc}. Shorten the path values."
            ) from None

    async def _send(
        self,
        method: str,
        url: httpx2.URL,
        token: str,
        params: dict[str, Any],
        json: Any,
        upload: dict[str, UploadFile],
        data: Mapping[str, Any] | None,
    ) -> httpx2.Response:
        headers = {"Authorization": f"Bearer {token}"}
        kwargs: dict[str, Any] = {}
        if upload:
            kwargs["files"] = {field: (f.filename, f.content, f.media_type) for field, f in upload.items()}
            kwargs["data"] = {k: _form_value(v) for k, v in (data or {}).items()}
        elif data is not None:
            kwargs["data"] = {k: _form_value(v) for k, v in data.items()}
        elif json is not None:
            kwargs["json"] = json
        try:
            return await self._http.request(method, url, params=params or None, headers=headers, **kwargs)
        except (httpx2.InvalidURL, UnicodeEncodeError) as exc:  # a request that cannot be formed at all
            raise ZoomConfigError(
                f"The request {method} {url.path[:200]} cannot be sent: {type(exc).__name__}: {str(exc)[:200]}. "
                "Check the arguments for values that are far too long or not valid text."
            ) from None

    def _retry_wait(self, error: ZoomAPIError, idempotent: bool, attempt: int) -> float | None:
        """Seconds to wait before retrying this error, or None when it must not be retried.

        A 429 is retried for every method (Zoom processed nothing); a 5xx only for idempotent methods.
        """
        if attempt >= self.settings.max_retries:
            return None
        if isinstance(error, RateLimited):
            if error.is_daily_limit:
                return None
            if error.retry_after is None:
                return self._backoff(attempt + 1)
            if error.retry_after > self.settings.max_retry_after:
                return None
            return min(error.retry_after, self.settings.retry_wait_cap)
        if error.status >= 500 and idempotent:
            return self._backoff(attempt + 1)
        return None

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with jitter: base * 2^(attempt-1), scaled by a random 50-100%, capped."""
        ceiling = self.settings.backoff_base * 2.0 ** (attempt - 1)
        return min(ceiling * random.uniform(0.5, 1.0), self.settings.retry_wait_cap)

    def _transport_error(self, exc: Exception, method: str, path: str, attempts: int) -> ZoomTransportError:
        if isinstance(exc, ZoomTransportError):
            exc.attempts = attempts
            return exc
        kind = "timed out" if isinstance(exc, httpx2.TimeoutException) else "could not connect or lost the connection"
        detail = redact(str(exc), self.secrets()) or type(exc).__name__
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        return ZoomTransportError(
            f"Zoom request {method} {path} {kind}{tries} ({type(exc).__name__}: {detail}). "
            f"Check ZOOM_API_BASE_URL ({self._base_url}) and the network, then call again.",
            method=method,
            path=path,
            attempts=attempts,
        )


def _clean_query(query: Mapping[str, Any] | None) -> dict[str, Any]:
    """Drop None values; booleans become `true`/`false` as Zoom expects."""
    cleaned: dict[str, Any] = {}
    for key, value in (query or {}).items():
        if value is None:
            continue
        cleaned[key] = ("true" if value else "false") if isinstance(value, bool) else value
    return cleaned


def _check_files(files: Mapping[str, UploadFile] | None) -> dict[str, UploadFile]:
    checked: dict[str, UploadFile] = {}
    for field, upload in (files or {}).items():
        if not isinstance(upload, UploadFile):
            raise ZoomConfigError(
                f"Upload for {field!r} must be an UploadFile (bytes in memory), not {type(upload).__name__}: "
                "the Zoom client never reads local files."
            )
        checked[field] = upload
    return checked


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return jsonlib.dumps(value)
    return str(value)


def _to_response(response: httpx2.Response) -> ZoomResponse:
    text = response.text
    body: Any = None
    if text.strip():
        try:
            body = jsonlib.loads(text)
        except ValueError:
            body = None
    return ZoomResponse(status=response.status_code, headers=dict(response.headers), json=body, text=text)
