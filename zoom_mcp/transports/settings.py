"""Settings of the hosted HTTP endpoint: the `HttpSettings` dataclass, its command-line flags and their checks.

`add_http_arguments(parser)` adds the flags to `zoom-mcp serve`; `settings_from_args(args)` turns the parsed
flags into `HttpSettings` and checks them: `check_http_settings(settings)` refuses unsafe or contradictory combinations
(for instance listening beyond loopback without an authentication method) with an `HttpConfigError`
that says what to change.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from mcp.server.transport_security import TransportSecuritySettings

from zoom_mcp.auth.config import AuthConfig, AuthConfigError
from zoom_mcp.transports.config_errors import HttpConfigError
from zoom_mcp.transports.workers import divergences, prepare_workers, worker_parent

if TYPE_CHECKING:  # the verifiers (PyJWT, the policy files' YAML) load only when an HTTP server is set up
    from zoom_mcp.auth.middleware import CompositeVerifier

DEFAULT_MAX_BODY_BYTES: Final = 1024 * 1024
DEFAULT_MAX_SESSIONS: Final = 1000
DEFAULT_MAX_SESSIONS_PER_CALLER: Final = 100
DEFAULT_SESSION_IDLE_SECONDS: Final = 30 * 60
DEFAULT_GRACEFUL_SHUTDOWN_SECONDS: Final = 30.0
LOOPBACK_HOSTS: Final = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS: Final = frozenset({"0.0.0.0", "::", "", "*"})

__all__ = ["HttpConfigError", "HttpSettings", "add_http_arguments", "check_http_settings", "settings_from_args"]


@dataclass(frozen=True)
class HttpSettings:
    """Everything the hosted endpoint needs to know; files are read when the app is built."""

    host: str = "127.0.0.1"
    port: int = 8000
    stateless: bool = False
    json_response: bool = False
    allowed_hosts: tuple[str, ...] = ()
    allowed_origins: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_sessions: int = DEFAULT_MAX_SESSIONS
    max_sessions_per_caller: int = DEFAULT_MAX_SESSIONS_PER_CALLER  # authenticated callers (session_caps.py)
    session_idle_seconds: float = DEFAULT_SESSION_IDLE_SECONDS
    graceful_shutdown_seconds: float = DEFAULT_GRACEFUL_SHUTDOWN_SECONDS
    api_keys_file: Path | None = None
    jwks_url: str | None = None
    jwks_file: Path | None = None
    issuer: str | None = None
    audience: str | None = None
    scope_policies_file: Path | None = None
    resource_url: str | None = None
    workers: int = 1
    worker_command: tuple[str, ...] = ()  # set by settings_from_args when workers > 1 (see workers.py)
    state_url: str | None = None  # --state-url / ZOOM_MCP_STATE_URL: a store shared by replicas and workers
    advertise_url: str | None = None  # --advertise-url: how other replicas reach this one (session forwarding)
    metrics_listen: str | None = None  # --metrics-listen HOST:PORT: /metrics there instead of on the MCP port
    metrics_token: str | None = field(default=None, repr=False)  # ZOOM_MCP_METRICS_TOKEN: a scraper's credential
    verifier: CompositeVerifier | None = field(default=None, compare=False, repr=False)
    """The verifier `settings_from_args` built from the auth files; `build_http_app` uses it instead of
    reading the files again (None: the app builds it from `auth`)."""

    @property
    def auth(self) -> AuthConfig:
        """The authentication part of these settings."""
        return AuthConfig(
            api_keys_file=self.api_keys_file,
            jwks_url=self.jwks_url,
            jwks_file=self.jwks_file,
            issuer=self.issuer,
            audience=self.audience,
            scope_policies_file=self.scope_policies_file,
        )

    @property
    def jwt_enabled(self) -> bool:
        return self.auth.jwt_enabled

    @property
    def auth_enabled(self) -> bool:
        return self.auth.enabled

    @property
    def public_resource_url(self) -> str:
        """The URL clients use for `/mcp` (the OAuth protected resource); `--resource-url` or derived."""
        if self.resource_url:
            return self.resource_url.rstrip("/")
        host = self.host
        if host in WILDCARD_HOSTS:
            host = "127.0.0.1"
        elif ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}/mcp"


def is_loopback(host: str) -> bool:
    """Whether `host` (a bind address or name) only accepts connections from this machine."""
    if host.lower() in {"localhost", "ip6-localhost"}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_http_settings(settings: HttpSettings) -> None:
    """Raise `HttpConfigError` when `settings` must not be used to start the endpoint."""
    if not is_loopback(settings.host) and not settings.auth_enabled:
        raise HttpConfigError(
            f"Refusing to listen on {settings.host!r} without authentication: anyone who can reach the port could "
            "use your Zoom account. Pass --api-keys FILE and/or --jwks-url URL (or --jwks-file FILE) with --issuer "
            "and --audience, or bind to 127.0.0.1."
        )
    if settings.host in WILDCARD_HOSTS and not settings.allowed_hosts:
        raise HttpConfigError(
            f"Listening on every interface ({settings.host!r}) needs --allowed-hosts: the Host names clients use "
            "to reach this server (e.g. --allowed-hosts mcp.example.com,mcp.example.com:*). This blocks DNS "
            "rebinding attacks."
        )
    try:
        settings.auth.check()
    except AuthConfigError as exc:
        raise HttpConfigError(str(exc)) from exc
    if settings.max_body_bytes <= 0:
        raise HttpConfigError("--max-body-bytes must be a positive number of bytes.")
    if settings.max_sessions_per_caller <= 0:
        raise HttpConfigError("--max-sessions-per-caller must be a positive number.")
    if settings.max_sessions <= 0:
        raise HttpConfigError("--max-sessions must be a positive number.")
    if settings.workers < 1:
        raise HttpConfigError("--workers must be 1 or more (processes serving the port).")
    if settings.workers > 1 and not settings.stateless and not settings.state_url:
        raise HttpConfigError(
            "--workers needs --state-url redis://... (or --stateless): a handshake-era session lives in one process "
            "and its next request may reach another; with a shared store the processes forward such requests to "
            "the one holding the session. Pass --state-url, add --stateless, or serve with one process."
        )
    if settings.metrics_listen is not None:
        from zoom_mcp.transports.metrics_endpoint import parse_listen_address

        try:
            parse_listen_address(settings.metrics_listen)
        except ValueError as exc:
            raise HttpConfigError(str(exc)) from None
    if settings.advertise_url is not None and not settings.advertise_url.startswith(("http://", "https://")):
        raise HttpConfigError(
            f"--advertise-url must be an http(s) URL other replicas can reach (e.g. http://10.0.0.5:8000), "
            f"got {settings.advertise_url!r}."
        )


def internal_host(settings: HttpSettings) -> str:
    """The address other replicas use for this one: `--advertise-url`'s host, the bind address, or (for a
    wildcard bind) this machine's primary address."""
    if settings.advertise_url:
        host = urlsplit(settings.advertise_url).hostname
        if host:
            return host
    if settings.host in WILDCARD_HOSTS:
        try:
            return socket.gethostbyname(socket.gethostname())
        except OSError:
            return "127.0.0.1"
    return settings.host.strip("[]")


def internal_url(settings: HttpSettings) -> str:
    """How other replicas reach this process's endpoint: `--advertise-url`, else derived from the bind address."""
    if settings.advertise_url:
        return settings.advertise_url.rstrip("/")
    host = internal_host(settings)
    return f"http://{f'[{host}]' if ':' in host else host}:{settings.port}"


def transport_security(settings: HttpSettings) -> TransportSecuritySettings:
    """Host/Origin validation (DNS rebinding protection), on for every bind address."""
    hosts = list(settings.allowed_hosts)
    origins = list(settings.allowed_origins)
    if not hosts:
        if is_loopback(settings.host):
            hosts = [*LOOPBACK_HOSTS, *(f"{name}:*" for name in LOOPBACK_HOSTS)]
        else:
            bind = f"[{settings.host}]" if ":" in settings.host else settings.host
            hosts = [bind, f"{bind}:*"]
    if not origins and is_loopback(settings.host):
        origins = [
            f"{scheme}://{name}{port}" for scheme in ("http", "https") for name in LOOPBACK_HOSTS for port in ("", ":*")
        ]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins)


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def add_http_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the HTTP transport's flags (used by `zoom-mcp serve --transport http`)."""
    group = parser.add_argument_group("HTTP transport (--transport http)")
    group.add_argument("--host", default="127.0.0.1", help="Address to listen on (default: 127.0.0.1).")
    group.add_argument("--port", type=int, default=8000, help="Port to listen on (default: 8000; 0 = any free).")
    group.add_argument("--stateless", action="store_true", help="Stateless Streamable HTTP (no sessions on /mcp).")
    group.add_argument("--json-response", action="store_true", help="Answer /mcp POSTs with JSON instead of SSE.")
    group.add_argument(
        "--allowed-hosts",
        type=_csv,
        default=(),
        help="Comma-separated Host header values to accept ('name:*' = any port). Default: loopback names.",
    )
    group.add_argument(
        "--allowed-origins",
        type=_csv,
        default=(),
        help="Comma-separated Origin header values to accept. Default: loopback origins when bound to loopback.",
    )
    group.add_argument("--max-body-bytes", type=int, default=DEFAULT_MAX_BODY_BYTES, help="Request body limit (413).")
    group.add_argument("--max-sessions", type=int, default=DEFAULT_MAX_SESSIONS, help="Open sessions cap (503).")
    group.add_argument(
        "--max-sessions-per-caller",
        type=int,
        default=DEFAULT_MAX_SESSIONS_PER_CALLER,
        help=f"Open sessions per authenticated caller (503 beyond; default {DEFAULT_MAX_SESSIONS_PER_CALLER}).",
    )
    group.add_argument(
        "--session-idle-seconds", type=float, default=DEFAULT_SESSION_IDLE_SECONDS, help="Close idle sessions."
    )
    group.add_argument(
        "--graceful-shutdown-seconds",
        type=float,
        default=DEFAULT_GRACEFUL_SHUTDOWN_SECONDS,
        help="On SIGTERM/SIGINT, how long to let calls in flight finish.",
    )
    group.add_argument(
        "--api-keys",
        type=Path,
        default=None,
        metavar="FILE",
        help="API keys file (YAML/JSON: name, key_sha256, policy); new key: python -m zoom_mcp.auth.api_keys NAME",
    )
    group.add_argument("--jwks-url", default=None, help="OAuth: JWKS URL of the authorization server.")
    group.add_argument("--jwks-file", type=Path, default=None, metavar="FILE", help="OAuth: JWKS as a local file.")
    group.add_argument("--issuer", default=None, help="OAuth: required `iss` of bearer JWTs.")
    group.add_argument("--audience", default=None, help="OAuth: required `aud` of bearer JWTs.")
    group.add_argument(
        "--scope-policies", type=Path, default=None, metavar="FILE", help="OAuth: scope -> policy (YAML/JSON)."
    )
    group.add_argument("--resource-url", default=None, help="OAuth: public URL of /mcp (protected resource).")
    group.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="Serve with N processes sharing the port (SO_REUSEPORT) and, through --state-url, their state "
        "(without it only --stateless, read-only serving without client-side pacing is allowed); needs a Zoom shared "
        "by all: real credentials or a separate `zoom-mcp sandbox`. Default 1.",
    )
    group.add_argument(
        "--metrics-listen",
        default=None,
        metavar="HOST:PORT",
        help="Serve /metrics on this separate address (no credential; keep it private) instead of on the MCP port, "
        "where it needs Authorization: Bearer $ZOOM_MCP_METRICS_TOKEN or a caller's credential.",
    )
    group.add_argument(
        "--advertise-url",
        default=os.environ.get("ZOOM_MCP_ADVERTISE_URL") or None,
        metavar="URL",
        help="With --state-url: the URL other replicas use to reach this one when they forward a session's requests "
        "(default: http://<bind address or this machine's address>:<port>; $ZOOM_MCP_ADVERTISE_URL).",
    )


def settings_from_args(args: argparse.Namespace) -> HttpSettings:
    """`HttpSettings` from flags added by `add_http_arguments`, checked, with the auth files read once.

    Raises `HttpConfigError` (bad flags, or a bad keys / scope-policy / JWKS file: then its `__cause__` is the
    auth package's `PolicyFileError`) here, before the server starts. The verifier built from the files is kept
    in `HttpSettings.verifier`, so `build_http_app` does not read them again.
    """
    settings = HttpSettings(
        host=args.host,
        port=args.port,
        stateless=args.stateless,
        json_response=args.json_response,
        allowed_hosts=tuple(args.allowed_hosts),
        allowed_origins=tuple(args.allowed_origins),
        max_body_bytes=args.max_body_bytes,
        max_sessions=args.max_sessions,
        max_sessions_per_caller=getattr(args, "max_sessions_per_caller", DEFAULT_MAX_SESSIONS_PER_CALLER),
        session_idle_seconds=args.session_idle_seconds,
        graceful_shutdown_seconds=args.graceful_shutdown_seconds,
        api_keys_file=args.api_keys,
        jwks_url=args.jwks_url,
        jwks_file=args.jwks_file,
        issuer=args.issuer,
        audience=args.audience,
        scope_policies_file=args.scope_policies,
        resource_url=args.resource_url,
        workers=getattr(args, "workers", 1),
        state_url=_state_url(args),
        advertise_url=getattr(args, "advertise_url", None),
        metrics_listen=getattr(args, "metrics_listen", None),
        metrics_token=_metrics_token(),
    )
    check_http_settings(settings)
    from zoom_mcp.auth.middleware import build_verifier

    try:
        settings = replace(settings, verifier=build_verifier(settings.auth))
    except AuthConfigError as exc:
        raise HttpConfigError(str(exc)) from exc
    if settings.workers > 1:
        settings = replace(settings, worker_command=_worker_command(args))
    return settings


def _metrics_token() -> str | None:
    from zoom_mcp.transports.metrics_endpoint import metrics_token_from_environment

    return metrics_token_from_environment()


def _state_url(args: argparse.Namespace) -> str | None:
    from zoom_mcp.state import state_url_from_args

    return state_url_from_args(args)


def _worker_command(args: argparse.Namespace) -> tuple[str, ...]:
    """The command line that starts one more worker (empty in a worker itself); see workers.py."""
    if worker_parent() is not None:
        return ()
    return prepare_workers(
        embedded_sandbox=_embeds_sandbox(args),
        state_url=_state_url(args),
        divergences=divergences(confirmations_possible=_confirmations_possible(args), pacing=_paces_zoom_calls()),
    )


def _confirmations_possible(args: argparse.Namespace) -> bool:
    """Whether some caller could be asked to confirm (and redeem a token): anything but a read-only or
    `--confirm never` server without authentication files (whose policies may allow confirmations)."""
    if getattr(args, "api_keys", None) or getattr(args, "jwks_url", None) or getattr(args, "jwks_file", None):
        return True
    return not (getattr(args, "read_only", False) or getattr(args, "confirm", "elicit") == "never")


def _paces_zoom_calls() -> bool:
    """Whether the Zoom client paces calls (ZOOM_RATE_PLAN is not `off`)."""
    from zoom_mcp.zoom_client import ZoomConfigError, ZoomSettings

    try:
        return bool(ZoomSettings.from_env().rate_limits)
    except ZoomConfigError:
        return True


def _embeds_sandbox(args: argparse.Namespace) -> bool:
    """Whether `zoom-mcp serve` would run its own sandbox Zoom (`--sandbox`, or no Zoom credentials)."""
    if getattr(args, "sandbox", False):
        return True
    from zoom_mcp.zoom_client import ZoomConfigError, ZoomSettings

    try:
        return not ZoomSettings.from_env().has_credentials
    except ZoomConfigError:
        return False  # `serve` reports the bad variables itself
