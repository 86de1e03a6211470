"""Safe downloads of Zoom recording files: credentials only to Zoom hosts, checked redirects, a size cap.

Rules, checked for the first URL and again for every redirect hop:

- the host must be on the allow-list (default `zoom.us`, `*.zoom.us`, `*.zoom.com`, `zoomgov.com`,
  `*.zoomgov.com`; the sandbox adds its loopback `host:port`), else the download is refused; the
  Bearer token therefore only ever goes to allowed hosts;
- the scheme must be `https`, except for allowed loopback hosts (`127.0.0.1`, `localhost`, `::1`),
  which the sandbox serves over plain `http`;
- redirects are followed by hand (at most `max_redirects`), never to a host off the list;
- the body is streamed and the download fails as soon as it exceeds `max_bytes` (or when
  `Content-Length` already says so);
- progress is reported as `(done_bytes, total_bytes | None)` through an async callback.

Error messages never contain tokens: URLs are shown without their query strings.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

import httpx2

from zoom_mcp.resources.errors import DownloadError

ProgressCallback = Callable[[int, int | None], Awaitable[None]]

DEFAULT_ALLOWED_HOSTS: tuple[str, ...] = ("zoom.us", "*.zoom.us", "*.zoom.com", "zoomgov.com", "*.zoomgov.com")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class HostRule:
    """One allow-list entry: `host`, `*.domain` (any subdomain) or `host:port`."""

    host: str
    port: int | None = None
    wildcard: bool = False

    @classmethod
    def parse(cls, entry: str) -> HostRule:
        text = entry.strip().lower()
        if not text:
            raise ValueError("An allowed download host must not be empty.")
        if "://" in text:
            url = httpx2.URL(text)
            return cls(host=url.host, port=url.port)
        wildcard = text.startswith("*.")
        if wildcard:
            text = text[2:]
        host, port = _split_host_port(text)
        return cls(host=host, port=port, wildcard=wildcard)

    def matches(self, host: str, port: int) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.wildcard:
            return host.endswith("." + self.host)
        return host == self.host

    def __str__(self) -> str:
        port = f":{self.port}" if self.port is not None else ""
        return ("*." if self.wildcard else "") + self.host + port

    @property
    def is_loopback(self) -> bool:
        return not self.wildcard and is_loopback_host(self.host)


def is_loopback_host(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts_for(api_base_url: str | None, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The default allow-list plus `extra`, plus the API's own `host:port` when it is a loopback sandbox."""
    hosts = [*DEFAULT_ALLOWED_HOSTS, *extra]
    if api_base_url:
        url = httpx2.URL(api_base_url)
        if is_loopback_host(url.host):
            port = url.port or (443 if url.scheme == "https" else 80)
            host = f"[{url.host}]" if ":" in url.host else url.host
            hosts.append(f"{host}:{port}")
    return tuple(dict.fromkeys(hosts))


def display_url(url: httpx2.URL | str) -> str:
    """The URL for messages: scheme, host and path only (query strings may carry tokens)."""
    parsed = httpx2.URL(str(url))
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}"


@dataclass(frozen=True)
class Download:
    """A finished download: the bytes, their media type and the final URL (without query string)."""

    content: bytes
    content_type: str | None
    url: str

    def text(self) -> str:
        return self.content.decode("utf-8-sig", errors="replace")


class Downloader:
    """Downloads files from Zoom hosts with a Bearer token, under the rules in the module docstring."""

    def __init__(
        self,
        http_client: httpx2.AsyncClient | Callable[[], httpx2.AsyncClient],
        allowed_hosts: Iterable[str] = DEFAULT_ALLOWED_HOSTS,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        chunk_size: int | None = None,
    ) -> None:
        # a callable: the client is fetched at the first download (the Zoom client makes its pool at first use)
        self._http_source = http_client
        self.rules = tuple(HostRule.parse(h) for h in allowed_hosts)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._chunk_size = chunk_size  # None: hand on bytes as they arrive (progress for slow downloads)

    @property
    def _http(self) -> httpx2.AsyncClient:
        source = self._http_source
        return source if isinstance(source, httpx2.AsyncClient) else source()

    def check_url(self, url: httpx2.URL | str) -> httpx2.URL:
        """The parsed URL when it may receive credentials; `DownloadError` saying why not otherwise."""
        try:
            parsed = httpx2.URL(str(url))
        except (httpx2.InvalidURL, ValueError) as exc:
            raise DownloadError(f"The download URL is not a valid URL ({type(exc).__name__}).") from None
        scheme, host = parsed.scheme.lower(), parsed.host.lower()
        if scheme not in ("https", "http") or not host:
            raise DownloadError(f"Refusing to download from {scheme or 'a relative'} URL; only https URLs are used.")
        port = parsed.port or (443 if scheme == "https" else 80)
        rule = next((r for r in self.rules if r.matches(host, port)), None)
        if rule is None:
            raise DownloadError(
                f"Refusing to download from {display_url(parsed)}: host {host} is not on the allowed download hosts "
                f"({', '.join(self.describe_rules())}), so Zoom credentials are not sent there. If this is a "
                "genuine Zoom file host, add it to the allowed download hosts in the server configuration."
            )
        if scheme != "https" and not rule.is_loopback:
            raise DownloadError(
                f"Refusing to download from {display_url(parsed)} over plain http; Zoom files are served over https "
                "(plain http is allowed only for an explicitly allowed loopback sandbox host)."
            )
        return parsed

    def describe_rules(self) -> list[str]:
        return [
            ("*." if r.wildcard else "") + r.host + (f":{r.port}" if r.port is not None else "") for r in self.rules
        ]

    async def download(
        self,
        url: str,
        *,
        token: str | None,
        max_bytes: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> Download:
        """GET `url` with `Authorization: Bearer <token>`, following allowed redirects; at most `max_bytes`."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        current = self.check_url(url)
        for _hop in range(self.max_redirects + 1):
            headers = {"Accept": "*/*"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            try:
                async with self._http.stream("GET", current, headers=headers, follow_redirects=False) as response:
                    if response.status_code in _REDIRECT_STATUSES:
                        current = self._redirect_target(current, response)
                        continue
                    if response.status_code >= 400:
                        raise _http_error(current, response.status_code)
                    content = await self._read_capped(response, current, limit, progress)
                    return Download(content, response.headers.get("content-type"), display_url(current))
            except httpx2.HTTPError as exc:
                raise DownloadError(
                    f"Downloading {display_url(current)} failed ({type(exc).__name__}). Check the network and try "
                    "again in a moment."
                ) from None
        raise DownloadError(
            f"Downloading {display_url(url)} took more than {self.max_redirects} redirects; giving up. "
            "Try again later or download the file from the Zoom web portal."
        )

    def _redirect_target(self, current: httpx2.URL, response: httpx2.Response) -> httpx2.URL:
        location = response.headers.get("location")
        if not location:
            raise DownloadError(f"{display_url(current)} answered a redirect without a Location header.")
        try:
            target = current.join(location)
        except (httpx2.InvalidURL, ValueError):
            raise DownloadError(f"{display_url(current)} redirected to an invalid URL.") from None
        try:
            return self.check_url(target)
        except DownloadError as exc:
            raise DownloadError(f"Redirect refused: {exc.message}") from None

    async def _read_capped(
        self, response: httpx2.Response, url: httpx2.URL, limit: int, progress: ProgressCallback | None
    ) -> bytes:
        total = _content_length(response)
        if total is not None and total > limit:
            raise _too_large(url, limit, total)
        if progress is not None:
            await progress(0, total)
        received = bytearray()
        async for chunk in response.aiter_bytes(self._chunk_size):
            received.extend(chunk)
            if len(received) > limit:
                raise _too_large(url, limit, None)
            if progress is not None:
                await progress(len(received), total)
        return bytes(received)


def _split_host_port(text: str) -> tuple[str, int | None]:
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else None
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, int(port)
    return text, None


def _content_length(response: httpx2.Response) -> int | None:
    raw = response.headers.get("content-length")
    if raw and raw.strip().isdigit():
        return int(raw)
    return None


def _too_large(url: httpx2.URL, limit: int, total: int | None) -> DownloadError:
    size = f" ({total} bytes)" if total is not None else ""
    return DownloadError(
        f"The file at {display_url(url)}{size} is larger than the download limit of {limit} bytes; it was not "
        "downloaded. Download it from the Zoom web portal, or raise the limit in the server configuration."
    )


def _http_error(url: httpx2.URL, status: int) -> DownloadError:
    if status in (401, 403):
        hint = (
            "Zoom refused the credentials for this file: the token may lack the recording scopes "
            "(cloud_recording:read:list_recording_files:master / recording:master) or the file is passcode "
            "protected; check the app's scopes and try again."
        )
    elif status == 404:
        hint = "The file no longer exists (deleted or moved to trash); read the recordings resource again."
    elif status == 429:
        hint = "Zoom is rate limiting downloads; wait a minute and try again."
    else:
        hint = "Try again in a moment."
    return DownloadError(f"Downloading {display_url(url)} failed with HTTP {status}. {hint}", status=status)
