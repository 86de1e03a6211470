"""Pointing zoom-mcp at a running sandbox Zoom: the one place that turns a `RunningSandbox` into the
ZOOM_* settings the server uses (embedded sandbox, tests, evaluations, benchmarks)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from zoom_mcp.zoom_client import ZoomSettings

if TYPE_CHECKING:
    from zoom_mcp.sandbox import DeferredSandbox, RunningSandbox


def sandbox_variables(sandbox: RunningSandbox | DeferredSandbox) -> dict[str, str]:
    """The ZOOM_* variables that make zoom-mcp talk to `sandbox` as if it were Zoom."""
    config = sandbox.config
    return {
        "ZOOM_API_BASE_URL": sandbox.base_url,
        "ZOOM_OAUTH_URL": sandbox.oauth_url,
        "ZOOM_ACCOUNT_ID": config.account_id,
        "ZOOM_CLIENT_ID": config.client_id,
        "ZOOM_CLIENT_SECRET": config.client_secret,
    }


def sandbox_environment(
    sandbox: RunningSandbox | DeferredSandbox, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """An environment for a `zoom-mcp serve` child process: `base` (default os.environ) without any
    ZOOM_* variable, plus the sandbox's."""
    source = os.environ if base is None else base
    env = {key: value for key, value in source.items() if not key.startswith("ZOOM_")}
    env.update(sandbox_variables(sandbox))
    return env


def sandbox_zoom_settings(sandbox: RunningSandbox | DeferredSandbox, **overrides: Any) -> ZoomSettings:
    """Zoom client settings for `sandbox`. The sandbox enforces its own rate limits, so the client's
    pacing is off unless ZOOM_RATE_PLAN asks for it; `overrides` win (e.g. shorter retry waits)."""
    variables = sandbox_variables(sandbox)
    variables["ZOOM_RATE_PLAN"] = os.environ.get("ZOOM_RATE_PLAN", "off")
    return ZoomSettings.from_env(variables, **overrides)
