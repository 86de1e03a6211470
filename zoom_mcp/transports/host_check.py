"""Exact Host and Origin matching (DNS-rebinding protection) for the hosted endpoint.

The SDK's `TransportSecurityMiddleware` matches a `name:*` pattern by string prefix, so
`Host: 127.0.0.1:1@evil.example` or `Origin: http://127.0.0.1:8000.evil.example` pass. Here a header is
first parsed in full and then compared:

- `Host` must be `hostname[:port]` (a DNS name, an IPv4 address or a bracketed IPv6 address; port 1-65535)
  and nothing else; `Origin` must be `http[s]://hostname[:port]` with no user info, path or trailing text
  (`null` and anything unparsable are refused);
- a pattern `name` matches that name without a port, `name:8000` that exact port, and `name:*` the name
  with any port (digits only); names compare case-insensitively, ports as numbers.
- no `Origin` header is fine (clients that are not browsers send none).

`HostOriginGuard` applies this to every route but the operational ones; the confirmation page checks
its own origin strictly (its POSTs must come from the page itself), so only its Host is checked here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

_LABEL: Final = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})"
_NAME: Final = rf"(?P<name>\[[0-9A-Fa-f:.]+\]|{_LABEL}(?:\.{_LABEL})*\.?)"
_PORT: Final = r"(?::(?P<port>[0-9]{1,5}))?"
_HOST: Final = re.compile(rf"^{_NAME}{_PORT}$")
_ORIGIN: Final = re.compile(rf"^(?P<scheme>https?)://{_NAME}{_PORT}$", re.IGNORECASE)
ANY_PORT: Final = "*"


@dataclass(frozen=True)
class Authority:
    """A parsed `hostname[:port]` (port None when absent)."""

    name: str
    port: int | None


def _authority(name: str, port: str | None) -> Authority | None:
    number = None if port is None else int(port)
    if number is not None and not 1 <= number <= 65535:
        return None
    return Authority(name.lower().rstrip(".") if not name.startswith("[") else name.lower(), number)


def parse_host(value: str) -> Authority | None:
    """`Host` header -> Authority, or None when it is not exactly `hostname[:port]`."""
    found = _HOST.fullmatch(value.strip()) if value else None
    return None if found is None else _authority(found.group("name"), found.group("port"))


def parse_origin(value: str) -> tuple[str, Authority] | None:
    """`Origin` header -> (scheme, Authority), or None when it is not exactly `scheme://hostname[:port]`."""
    found = _ORIGIN.fullmatch(value.strip()) if value else None
    if found is None:
        return None
    authority = _authority(found.group("name"), found.group("port"))
    return None if authority is None else (found.group("scheme").lower(), authority)


def _pattern(text: str) -> tuple[str, str | None] | None:
    """`name`, `name:port` or `name:*` -> (name, port text or "*" or None)."""
    name, sep, port = text.strip().rpartition(":")
    if sep and not name.endswith("]") and ":" in name:  # a bare IPv6 address without brackets: no port
        return text.strip().lower(), None
    if sep and (port == ANY_PORT or port.isdigit()):
        return name.lower().rstrip("."), port
    return text.strip().lower().rstrip("."), None


def _matches(authority: Authority, pattern: str) -> bool:
    parsed = _pattern(pattern)
    if parsed is None:
        return False
    name, port = parsed
    if authority.name != name:
        return False
    if port is None:
        return authority.port is None
    if port == ANY_PORT:
        return authority.port is not None
    return authority.port == int(port)


def host_allowed(value: str | None, patterns: Iterable[str]) -> bool:
    """Whether a `Host` header matches one of `patterns` exactly (see the module docstring)."""
    authority = parse_host(value or "")
    return authority is not None and any(_matches(authority, p) for p in patterns)


def origin_allowed(value: str | None, patterns: Iterable[str]) -> bool:
    """Whether an `Origin` header (absent = allowed) matches one of `patterns` (`scheme://name[:port|:*]`)."""
    if value is None:
        return True
    parsed = parse_origin(value)
    if parsed is None:
        return False
    scheme, authority = parsed
    for pattern in patterns:
        want_scheme, sep, rest = pattern.strip().partition("://")
        if sep and want_scheme.lower() == scheme and _matches(authority, rest.rstrip("/")):
            return True
    return False


class HostOriginGuard:
    """ASGI middleware: 421 for a Host, 403 for an Origin that does not match exactly.

    `exempt` paths (probes, metrics) are not checked; paths under `host_only_prefixes` get the Host check only.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Iterable[str],
        allowed_origins: Iterable[str],
        exempt: Iterable[str] = (),
        host_only_prefixes: Iterable[str] = (),
    ) -> None:
        self._app = app
        self._hosts = tuple(allowed_hosts)
        self._origins = tuple(allowed_origins)
        self._exempt = frozenset(exempt)
        self._host_only = tuple(host_only_prefixes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] not in self._exempt:
            headers = Headers(scope=scope)
            if not host_allowed(headers.get("host"), self._hosts):
                await PlainTextResponse("Invalid Host header", status_code=421)(scope, receive, send)
                return
            host_only = any(scope["path"].startswith(prefix) for prefix in self._host_only)
            if not host_only and not origin_allowed(headers.get("origin"), self._origins):
                await PlainTextResponse("Invalid Origin header", status_code=403)(scope, receive, send)
                return
        await self._app(scope, receive, send)
