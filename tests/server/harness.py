"""The real server in process over a sandbox Zoom on loopback, driven by the SDK's real Client (the sandbox
itself is the `sandbox` fixture of tests/conftest.py). Used by the server tests and by the gate and live
control tests that go through the whole server.

`connect(...)` builds a runtime against the sandbox and yields a connected `Client` in the protocol
era asked for ("legacy" = handshake era over JSON-RPC streams, "modern" or "auto" = 2026-07-28 in process).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from mcp import Client

from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, ServerRuntime, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings
from zoom_mcp.zoom_client import ZoomSettings

ERAS = ["legacy", "modern"]


def zoom_settings(sandbox: RunningSandbox, **overrides: Any) -> ZoomSettings:
    return sandbox_zoom_settings(sandbox, **{"retry_wait_cap": 0.2, "backoff_base": 0.01, **overrides})


@asynccontextmanager
async def connect(
    sandbox: RunningSandbox,
    era: str,
    *,
    policy: CallerPolicy | None = None,
    audit_log: Path | None = None,
    elicitation_callback: Any = None,
    tool_mode: Any = "all",
    client_options: dict[str, Any] | None = None,
    **zoom_overrides: Any,
) -> AsyncIterator[tuple[Client, ServerRuntime]]:
    options = RuntimeOptions(
        zoom=zoom_settings(sandbox, **zoom_overrides),
        policy=policy or CallerPolicy(name="test"),
        default_account_id=sandbox.config.account_id,
        audit_log_path=str(audit_log) if audit_log else None,
        download_hosts=(sandbox.root_url.split("://", 1)[1],),
        tool_mode=tool_mode,
    )
    async with open_runtime(options) as runtime:
        server = build_server(runtime)
        mode = "legacy" if era == "legacy" else "auto"
        kwargs: dict[str, Any] = {"mode": mode}
        if elicitation_callback is not None:
            kwargs["elicitation_callback"] = elicitation_callback
        kwargs.update(client_options or {})
        async with Client(server, **kwargs) as client:
            yield client, runtime
