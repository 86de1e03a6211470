"""Several processes serving one port: `zoom-mcp serve --transport http --workers N --state-url redis://...`.

One Python process serves Streamable HTTP on one core (the GIL). With `--workers N` the first process binds
the port with `SO_REUSEPORT`, starts N-1 copies of its own command line (marked by the `ZOOM_MCP_HTTP_WORKER_OF`
environment variable, which holds the first process's id) that bind the same port, and serves as well; the
kernel spreads new connections over the N processes. With `--state-url` the processes share their state like
replicas do (zoom_mcp/state): redeemed confirmations, the Zoom rate budget, per-caller call limits, resource
subscriptions and the session directory (each process also listens on a private port where the others forward
the requests of the sessions it holds). Each process has its own Zoom client, metrics and session cap.

Requirements, checked before anything starts (`prepare_workers`):

- `--state-url` whenever processes would otherwise diverge: a confirmation token could be redeemed once per
  process, and N processes pacing on their own would send N times the account's rate limit. Without it,
  `--workers` is only allowed when neither can happen (read-only serving or `--confirm never` without
  authentication files, and `ZOOM_RATE_PLAN=off`) and then needs `--stateless` (no session forwarding);
- a real Zoom account or a separate `zoom-mcp sandbox` (ZOOM_* variables): an embedded sandbox would be one
  fake Zoom per process, each with its own data;
- one confirmation key for all: a confirmation asked by one process may be answered through another, so
  `ZOOM_MCP_CONFIRM_KEYS` is generated for the process group when it is unset;
- one metrics exposition for all: `PROMETHEUS_MULTIPROC_DIR` is set to a new temporary directory (removed when
  the first process stops) unless the operator set it, so `/metrics` of any process counts every process.

Workers stop when the first process stops (it sends them SIGTERM, so calls in flight finish) or disappears.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Final

import anyio

from zoom_mcp.transports.config_errors import HttpConfigError

logger = logging.getLogger(__name__)

WORKER_ENV: Final = "ZOOM_MCP_HTTP_WORKER_OF"
CONFIRM_KEYS_ENV: Final = "ZOOM_MCP_CONFIRM_KEYS"  # the same name as zoom_mcp.gates.tokens.CONFIRM_KEYS_ENV
METRICS_DIR_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"  # the same name as zoom_mcp.metrics.MULTIPROCESS_ENV
_created_metrics_directory: str | None = None


class WorkersConfigError(HttpConfigError):
    """`--workers` cannot be used as asked; the message says what to change."""


def worker_parent(environ: Mapping[str, str] | None = None) -> int | None:
    """The first process's id when this process is a worker it started, else None."""
    value = (os.environ if environ is None else environ).get(WORKER_ENV, "")
    return int(value) if value.isdigit() else None


def prepare_workers(
    *,
    embedded_sandbox: bool,
    argv: Sequence[str] | None = None,
    environ: MutableMapping[str, str] | None = None,
    state_url: str | None = None,
    divergences: Sequence[str] = (),
) -> tuple[str, ...]:
    """Check that N processes can serve as one and return the command line that starts a worker.

    `argv` is this process's command line after the program name (default `sys.argv[1:]`). Sets
    `ZOOM_MCP_CONFIRM_KEYS` in `environ` (default `os.environ`) when it is unset, before the server is built,
    so that every process seals and checks confirmations with the same key. `divergences` says what would
    differ between processes without a shared store (see `divergences`); with any and no `state_url`, refused.
    """
    env = os.environ if environ is None else environ
    words = list(sys.argv[1:] if argv is None else argv)
    if divergences and not state_url:
        raise WorkersConfigError(
            "--workers needs --state-url redis://host:6379/0 (or ZOOM_MCP_STATE_URL) here: without a shared state "
            f"store, {' and '.join(divergences)}. Start Redis and pass --state-url, or serve with one process."
        )
    if embedded_sandbox:
        raise WorkersConfigError(
            "--workers needs one Zoom for all processes, but this server would embed its own sandbox Zoom in each. "
            "Run `zoom-mcp sandbox` separately and set the ZOOM_* variables it prints (or use real Zoom "
            "credentials), or drop --workers."
        )
    if "serve" not in words:
        raise WorkersConfigError("--workers only works from the `zoom-mcp serve` command line (workers re-run it).")
    if not env.get(METRICS_DIR_ENV, "").strip():  # one metrics exposition for the group (prometheus multiprocess)
        global _created_metrics_directory
        _created_metrics_directory = tempfile.mkdtemp(prefix="zoom-mcp-metrics-")
        env[METRICS_DIR_ENV] = _created_metrics_directory
    if not env.get(CONFIRM_KEYS_ENV, "").strip():
        env[CONFIRM_KEYS_ENV] = secrets.token_urlsafe(32)
        logger.warning(
            "%s is unset: generated one key for this process group (confirmations cannot span a restart; set it "
            "yourself to keep them valid across restarts and replicas)",
            CONFIRM_KEYS_ENV,
        )
    return (sys.executable, "-m", "zoom_mcp", *words)


def divergences(*, confirmations_possible: bool, pacing: bool) -> list[str]:
    """What would differ between worker processes that keep their own state."""
    found = []
    if confirmations_possible:
        found.append("a confirmation token redeemed through one process could be redeemed again through another")
    if pacing:
        found.append("each process would pace Zoom calls on its own, so together they would exceed the account's rate")
    return found


def remove_metrics_directory() -> None:
    """Remove the metrics directory `prepare_workers` created for the group (after the workers stopped)."""
    global _created_metrics_directory
    if _created_metrics_directory is not None:
        shutil.rmtree(_created_metrics_directory, ignore_errors=True)
        _created_metrics_directory = None


def start_workers(command: Sequence[str], count: int, port: int) -> list[subprocess.Popen[bytes]]:
    """Start `count` workers running `command` on `port` (appended flags win over earlier ones)."""
    env = dict(os.environ)
    env[WORKER_ENV] = str(os.getpid())
    argv = [*command, "--port", str(port)]
    return [subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL) for _ in range(count)]


async def stop_workers(workers: Sequence[subprocess.Popen[bytes]], grace: float) -> None:
    """SIGTERM every worker (they finish calls in flight), wait up to `grace` + 5 s, then kill the rest."""
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace + 5
    while any(worker.poll() is None for worker in workers) and time.monotonic() < deadline:
        await anyio.sleep(0.05)
    for worker in workers:
        if worker.poll() is None:
            logger.warning("worker %d did not stop within %.0f s; killing it", worker.pid, grace + 5)
            worker.kill()
            worker.wait()


async def watch_parent(parent: int, on_gone: Callable[[], None], interval: float = 1.0) -> None:
    """Call `on_gone` once the first process has disappeared (this worker was re-parented)."""
    while os.getppid() == parent:
        await anyio.sleep(interval)
    logger.warning("the first zoom-mcp process (%d) is gone; this worker stops", parent)
    on_gone()
