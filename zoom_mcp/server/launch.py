"""Assembling and running the server for `zoom-mcp serve` (kept apart from the CLI parsing)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

import anyio

from zoom_mcp import startup_gc
from zoom_mcp.api_variant import (
    VariantChoice,
    VariantError,
    announce,
    credential_problem,
    credentials_set,
    detect_variant,
    requested_api,
    sandbox_choice,
)
from zoom_mcp.audit import audit_log_from_args
from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.discovery.modes import ToolModeError, tool_mode_from_args, warn_about_many_tools
from zoom_mcp.live_controls import curated_tools
from zoom_mcp.metrics import Metrics
from zoom_mcp.selection import SelectionError, policy_from_args
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, open_runtime
from zoom_mcp.server.tool_modes import starting_list_size
from zoom_mcp.server.uploads import UPLOAD_DIR_ENV, UploadSettings
from zoom_mcp.server.warmup import FIRST_CALL_MODULES, Warmup, import_modules
from zoom_mcp.state import StateConfigError, StateUnavailable, connect_state_store, open_state_store
from zoom_mcp.state.options import state_url_from_args
from zoom_mcp.transports.settings import HttpConfigError, settings_from_args
from zoom_mcp.zoom_client import ZoomConfigError, ZoomError, ZoomSettings


class LaunchError(Exception):
    """The server cannot start as asked; the message says what to change."""


@contextmanager
def embedded_sandbox(
    request_log: Any = None, account_type: str = "regular", warmup: Warmup | None = None
) -> Iterator[tuple[ZoomSettings, tuple[str, ...]]]:
    """Serve a sandbox Zoom on loopback (own thread) and give Zoom settings that point at it. Its port listens
    at once; it is built and served at its first connection, or when `warmup` runs (see server/warmup.py)."""
    from zoom_mcp.sandbox.config import SandboxConfig
    from zoom_mcp.sandbox.runner import deferred_sandbox
    from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings

    config = SandboxConfig(request_log_path=request_log, account_type=account_type)
    with deferred_sandbox(config) as sandbox:
        if warmup is not None:
            warmup.add(sandbox.start)
        settings = sandbox_zoom_settings(sandbox)
        print(
            f"zoom-mcp: no Zoom credentials in use; talking to the built-in sandbox Zoom ({account_type} account) "
            f"at {sandbox.base_url} (set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET, or "
            "ZOOM_ACCESS_TOKEN, for real Zoom)",
            file=sys.stderr,
            flush=True,
        )
        yield settings, (sandbox.root_url.split("://", 1)[1],)


def zoom_target(args: argparse.Namespace, environ: Any = None) -> tuple[bool, ZoomSettings | None, str]:
    """(use the sandbox?, the real Zoom settings or None, the requested variant), or LaunchError when the
    credentials or the variant are not usable. The sandbox only with --sandbox or no ZOOM_* credential at all."""
    try:
        requested = requested_api(args, environ)
    except VariantError as exc:
        raise LaunchError(str(exc)) from exc
    if getattr(args, "sandbox", False) or not credentials_set(environ):
        return True, None, requested
    problem = credential_problem(environ)
    if problem is not None:
        raise LaunchError(problem)
    try:
        return False, ZoomSettings.from_env(environ), requested
    except ZoomConfigError as exc:
        raise LaunchError(str(exc)) from exc


def choose_variant(use_sandbox: bool, zoom: ZoomSettings | None, requested: str) -> VariantChoice:
    """The variant to serve (a token request for `auto` with a Server-to-Server app); LaunchError on failure."""
    if use_sandbox or zoom is None:
        return sandbox_choice(requested)
    try:
        return anyio.run(detect_variant, requested, zoom)
    except ZoomError as exc:
        raise LaunchError(
            f"could not decide the API variant (--api auto asks Zoom for a token to read its scopes): {exc} "
            "Run `zoom-mcp doctor` to see which setting is wrong, or pass --api regular|master."
        ) from exc


def launch(args: argparse.Namespace) -> int:
    use_sandbox, zoom, requested = zoom_target(args)
    choice = choose_variant(use_sandbox, zoom, requested)
    announce(choice)
    try:
        catalog = load_catalog(variant=choice.variant)
        curated = curated_tools(catalog.variant)  # served beside the catalogue: their names are selectable too
        policy = policy_from_args(args, known_tools=[*catalog.tools, *curated])
        tool_mode = tool_mode_from_args(args)
        http = settings_from_args(args) if args.transport == "http" else None
        state_url = state_url_from_args(args)
        open_state_store(state_url)  # checks the URL before anything starts
    except (SelectionError, HttpConfigError, StateConfigError, ToolModeError) as exc:
        raise LaunchError(str(exc)) from exc
    uploads = upload_settings(args, over_http=http is not None)
    if getattr(args, "resource_poll_seconds", 30.0) <= 0:
        raise LaunchError("--resource-poll-seconds must be a positive number of seconds")
    warmup = Warmup()  # what a first call needs and a first tools/list does not: made once the client is quiet
    sandbox: AbstractContextManager[tuple[ZoomSettings, tuple[str, ...]]]
    if use_sandbox:
        sandbox = embedded_sandbox(args.sandbox_request_log, account_type=choice.variant, warmup=warmup)
    else:
        assert zoom is not None
        sandbox = nullcontext((zoom, ()))
    with sandbox as (settings, hosts):
        account = args.account_id or os.environ.get("ZOOM_ACCOUNT_ID") or settings.account_id or "me"
        options = RuntimeOptions(
            zoom=settings,
            policy=policy,
            catalog=catalog,
            default_account_id=account,
            audit_log_path=_str_or_none(audit_log_from_args(args).path),
            download_hosts=tuple(hosts),
            uploads=uploads,
            tool_mode=tool_mode,
            resource_poll_seconds=getattr(args, "resource_poll_seconds", 30.0),
            # over stdio prometheus_client loads at the first call (or the warm-up): nothing serves /metrics
            metrics=Metrics(deferred=True) if http is None else None,
        )
        try:
            anyio.run(_serve, options, http, state_url, warmup)
        finally:
            warmup.close()  # before the sandbox and the Zoom client it warms up go away
    return 0


async def _serve(
    options: RuntimeOptions, http: Any, state_url: str | None = None, warmup: Warmup | None = None
) -> None:
    try:
        store = await connect_state_store(state_url)
    except StateUnavailable as exc:
        raise LaunchError(f"cannot start: {exc}") from None
    options.state = store
    try:
        await _serve_with(options, http, warmup or Warmup())
    finally:
        await store.aclose()


async def _serve_with(options: RuntimeOptions, http: Any, warmup: Warmup) -> None:
    async with open_runtime(options) as runtime:
        server = build_server(runtime)
        warn_about_many_tools(starting_list_size(runtime, options.tool_mode), options.tool_mode)
        warmup.add(lambda: runtime.client.http)  # the connection pool (httpcore2) and its TLS context
        warmup.add(runtime.metrics.prepare)
        warmup.add(import_modules(*FIRST_CALL_MODULES))
        startup_gc.resume(freeze=http is None)  # built: collect again (serve_http collects, then freezes)
        if http is None:
            from zoom_mcp.transports.stdio import serve_stdio

            warmup.install(server)
            try:
                await serve_stdio(server)
            finally:
                warmup.close()  # before the runtime closes the Zoom client
        else:
            warmup.run_now()  # a hosted endpoint is made whole before it listens
            from zoom_mcp.transports.http import serve_http

            await serve_http(
                server,
                http,
                metrics=runtime.metrics,
                default_caller=runtime.default_caller,
                store=runtime.state,
                confirmations=runtime.links,
            )


def upload_settings(args: argparse.Namespace, *, over_http: bool) -> UploadSettings:
    """Where file arguments may be read from: `--upload-dir` / `ZOOM_MCP_UPLOAD_DIR`, over stdio only."""
    flag = getattr(args, "upload_dir", None)
    if over_http:
        if flag:
            raise LaunchError(
                "--upload-dir applies to stdio only: the hosted endpoint never reads local files. Callers send files "
                "inline (content_base64, filename, media_type); drop --upload-dir."
            )
        if os.environ.get(UPLOAD_DIR_ENV):
            logging.getLogger("zoom_mcp").warning(
                "%s is ignored over HTTP: the hosted endpoint never reads local files", UPLOAD_DIR_ENV
            )
        return UploadSettings(directory=None, paths_allowed=False)
    try:
        return UploadSettings.for_stdio(flag or os.environ.get(UPLOAD_DIR_ENV) or None)
    except ValueError as exc:
        raise LaunchError(f"{exc} (from --upload-dir or {UPLOAD_DIR_ENV})") from exc


def _str_or_none(path: object) -> str | None:
    return None if path is None else str(path)
