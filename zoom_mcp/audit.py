"""The audit trail: one JSON line per non-read tool call, written without stalling the call.

Each line: `{"time", "caller", "tool", "arguments", "gate", "outcome", "status", "zoom_code"}`; a call the
client cancelled (outcome `cancelled`) also has `"write_sent"`: whether a request that may change data
had already gone to Zoom.
Argument values under any key matching token|secret|password|passcode|key|authorization
(case-insensitive, at any depth) and `confirmation_token` are replaced by "[REDACTED]".

`AuditLog(path)` hands each record to a background thread through a queue; `record()` never
blocks on the disk. `close()` flushes and stops the thread. `AuditLog(None)` records nothing.
The file comes from `--audit-log` or `ZOOM_MCP_AUDIT_LOG` (`audit_log_from_args`).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import queue
import re
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

AUDIT_LOG_ENV = "ZOOM_MCP_AUDIT_LOG"
REDACTED = "[REDACTED]"
SECRET_KEY_PATTERN = re.compile(r"token|secret|password|passcode|key|authorization", re.IGNORECASE)

logger = logging.getLogger("zoom_mcp.audit")
_STOP = object()


def redact(value: Any) -> Any:
    """A copy of `value` with every secret-looking key's value replaced by "[REDACTED]"."""
    if isinstance(value, Mapping):
        return {str(k): (REDACTED if SECRET_KEY_PATTERN.search(str(k)) else redact(v)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return repr(value)


class AuditLog:
    """Appends audit records to `path` (JSON lines) from a background thread; `None` disables it."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = Path(path) if path is not None else None
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._closed = False
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._thread = threading.Thread(target=self._write_loop, name="zoom-mcp-audit", daemon=True)
            self._thread.start()

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def record(
        self,
        *,
        caller: str,
        tool: str,
        arguments: Mapping[str, Any],
        gate: str,
        outcome: str,
        status: int | None = None,
        zoom_code: int | None = None,
        write_sent: bool | None = None,
    ) -> None:
        """Queue one record; returns at once (the write happens on the audit thread)."""
        if self.path is None or self._closed:
            return
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "caller": caller,
            "tool": tool,
            "arguments": redact(dict(arguments)),
            "gate": gate,
            "outcome": outcome,
            "status": status,
            "zoom_code": zoom_code,
        }
        if write_sent is not None:
            entry["write_sent"] = write_sent
        self._queue.put(entry)

    __call__ = record  # matches the server's AuditHook protocol

    def _write_loop(self) -> None:
        assert self.path is not None
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            batch = [item]
            stop = False
            while True:  # drain what is queued into one write
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is _STOP:
                    stop = True
                    break
                batch.append(nxt)
            try:
                with self.path.open("a", encoding="utf-8") as handle:
                    for entry in batch:
                        handle.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
            except OSError as exc:
                logger.error("could not write the audit log %s: %s; %d record(s) lost", self.path, exc, len(batch))
            if stop:
                return

    def close(self, timeout: float = 5.0) -> None:
        """Flush every queued record and stop the writer thread."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout)


def add_audit_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--audit-log",
        metavar="FILE",
        default=None,
        help=f"append one JSON line per non-read call to FILE (default: ${AUDIT_LOG_ENV}, else no audit log)",
    )


def audit_log_from_args(args: argparse.Namespace | None = None, environ: Mapping[str, str] | None = None) -> AuditLog:
    """`--audit-log` wins over `ZOOM_MCP_AUDIT_LOG`; neither gives a disabled log."""
    env = os.environ if environ is None else environ
    path = getattr(args, "audit_log", None) if args is not None else None
    return AuditLog(path or env.get(AUDIT_LOG_ENV) or None)
