"""Real processes for deployment tests and benchmarks: `zoom-mcp serve --transport http --state-url ...` replicas.

`start_replica(...)` runs one replica on a free loopback port (`--port 0`; the port is read from its log) and
waits until `/readyz` answers 200; `Replica.kill()` (SIGKILL, as a crash) and `stop()` (SIGTERM, graceful).
`modern_call(...)` sends one modern-era (2026-07-28, stateless) `tools/call` over plain HTTP, so a test can
aim each call at any replica without a session.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

MODERN = "2026-07-28"
_LISTENING = re.compile(r"zoom-mcp listening on http://127\.0\.0\.1:(\d+)/mcp")


@dataclass
class Replica:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    argv: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mcp_url(self) -> str:
        return self.base_url + "/mcp"

    @property
    def sse_url(self) -> str:
        return self.base_url + "/sse"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: the replica dies mid-whatever, as in a crash."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM: calls in flight finish, then the process exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


def launch_replica(
    name: str, *, env: Mapping[str, str], state_url: str | None, log_dir: Path, extra_args: Sequence[str] = ()
) -> Replica:
    """Start one replica process (see `wait_ready`)."""
    argv = [sys.executable, "-m", "zoom_mcp", "serve", "--transport", "http", "--port", "0", "--log-level", "INFO"]
    argv += ["--tool-mode", "all"]  # the whole catalogue, as these tests count it (serve's default: discover)
    if state_url is not None:
        argv += ["--state-url", state_url]
    argv += list(extra_args)
    log_path = log_dir / f"replica-{name}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(argv, env=dict(env), stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    return Replica(name, process, 0, log_path, argv)


def start_replica(name: str, *, timeout: float = 60.0, **options: Any) -> Replica:
    """Start one replica and wait until it is ready."""
    return wait_ready(launch_replica(name, **options), timeout)


def wait_ready(replica: Replica, timeout: float = 60.0) -> Replica:
    """Wait until the replica logged its port and `/readyz` answers 200."""
    process, name = replica.process, replica.name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"replica {name} exited with {process.returncode}:\n{replica.log()[-3000:]}")
        found = _LISTENING.search(replica.log())
        if found is not None:
            replica.port = int(found.group(1))
            try:
                if httpx2.get(replica.base_url + "/readyz", timeout=2).status_code == 200:
                    return replica
            except httpx2.TransportError:
                pass
        time.sleep(0.05)
    replica.kill()
    raise RuntimeError(f"replica {name} did not become ready in {timeout:.0f} s:\n{replica.log()[-3000:]}")


def start_replicas(names: Sequence[str], *, timeout: float = 90.0, **options: Any) -> list[Replica]:
    """Start several replicas at once (their start-ups overlap) and wait for each."""
    launched = [launch_replica(name, **options) for name in names]
    try:
        return [wait_ready(replica, timeout) for replica in launched]
    except Exception:
        for replica in launched:
            replica.kill()
        raise


def modern_body(name: str, arguments: Mapping[str, Any], request_id: int = 1) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": request_id,
        "method": "tools/call",
        "params": {
            "name": name,
            "arguments": dict(arguments),
            "_meta": {
                "io.modelcontextprotocol/protocolVersion": MODERN,
                "io.modelcontextprotocol/clientInfo": {"name": "deployment-test", "version": "0"},
                "io.modelcontextprotocol/clientCapabilities": {},
            },
        },
    }


async def modern_call(
    http: httpx2.AsyncClient, base_url: str, name: str, arguments: Mapping[str, Any], request_id: int = 1
) -> dict[str, Any]:
    """One modern-era tools/call; returns the JSON-RPC `result` (raises on an HTTP or JSON-RPC error)."""
    headers = {
        "accept": "application/json, text/event-stream",
        "mcp-protocol-version": MODERN,
        "mcp-method": "tools/call",
        "mcp-name": name,
    }
    response = await http.post(base_url + "/mcp", json=modern_body(name, arguments, request_id), headers=headers)
    if response.status_code != 200:
        raise AssertionError(f"{base_url}: HTTP {response.status_code}: {response.text[:500]}")
    answer = _json_of(response)
    if "result" not in answer:
        raise AssertionError(f"{base_url}: {answer}")
    result: dict[str, Any] = answer["result"]
    return result


def _json_of(response: httpx2.Response) -> dict[str, Any]:
    if response.headers.get("content-type", "").startswith("text/event-stream"):
        import json

        for line in response.text.splitlines():
            if line.startswith("data:"):
                data: dict[str, Any] = json.loads(line[5:])
                if "result" in data or "error" in data:
                    return data
        raise AssertionError(f"no JSON-RPC answer in the stream: {response.text[:500]}")
    body: dict[str, Any] = response.json()
    return body


def text_of(result: Mapping[str, Any]) -> str:
    return "\n".join(str(c.get("text", "")) for c in result.get("content", []))


def child_environment(base: Mapping[str, str], **extra: str) -> dict[str, str]:
    env = dict(base)
    env.pop("ZOOM_MCP_HTTP_WORKER_OF", None)
    env.pop("ZOOM_MCP_STATE_URL", None)
    env.update(extra)
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.setdefault("PATH", os.environ.get("PATH", ""))
    return env
