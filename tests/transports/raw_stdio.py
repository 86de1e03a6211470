"""`zoom-mcp serve` as a subprocess driven through raw pipes: any bytes in, every answer line collected.

The SDK's client only sends well-formed messages; these tests need to send anything. `RawStdioServer`
writes lines (or bytes) to the server's stdin and a reader task files every line it answers by id
(`answers[id]` lists each answer, so a double answer shows), keeping notifications apart.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import defaultdict
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": "init",
    "method": "initialize",
    "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}},
}


class RawStdioServer:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.answers: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        self.notifications: list[dict[str, Any]] = []
        self.unreadable: list[bytes] = []
        self._arrived = asyncio.Condition()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            try:
                message = json.loads(line)
            except ValueError:
                self.unreadable.append(line)
                continue
            async with self._arrived:
                if isinstance(message, dict) and "method" not in message:
                    self.answers[_key(message.get("id"))].append(message)
                else:
                    self.notifications.append(message)
                self._arrived.notify_all()

    async def send(self, line: str | bytes) -> None:
        assert self.process.stdin is not None
        data = line if isinstance(line, bytes) else line.encode("utf-8", errors="surrogatepass")
        self.process.stdin.write(data if data.endswith(b"\n") else data + b"\n")
        await self.process.stdin.drain()

    async def request(self, message: Mapping[str, Any], timeout: float = 60) -> dict[str, Any]:
        await self.send(json.dumps(message))
        return (await self.wait_for([message["id"]], timeout))[0]

    async def wait_for(self, ids: list[Any], timeout: float = 60, *, null_answers: int = 0) -> list[dict[str, Any]]:
        """The first answer to each of `ids` (and wait for `null_answers` answers with id null as well)."""
        keys = [_key(i) for i in ids]
        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(
                lambda: all(self.answers.get(k) for k in keys) and len(self.answers.get(_key(None), [])) >= null_answers
            )
        return [self.answers[k][0] for k in keys]

    async def initialize(self) -> dict[str, Any]:
        answer = await self.request(INITIALIZE)
        await self.send(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}))
        return answer

    @property
    def alive(self) -> bool:
        return self.process.returncode is None


def _key(request_id: Any) -> Any:
    """Answers are filed by id; 1 and 1.0 are the same JSON number but distinct keys here (type kept)."""
    return (type(request_id).__name__, json.dumps(request_id))


def zoom_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")}
    env.update(extra)
    return env


@asynccontextmanager
async def raw_server(
    *args: str, env: Mapping[str, str] | None = None, stderr: Path | None = None
) -> AsyncIterator[RawStdioServer]:
    """`python -m zoom_mcp serve ARGS` (the embedded sandbox unless `env` names a Zoom) on raw pipes."""
    with open(stderr or os.devnull, "w") as errors:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "zoom_mcp",
            "serve",
            *args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
            env=dict(env) if env is not None else zoom_env(),
            limit=256 * 1024 * 1024,
        )
        server = RawStdioServer(process)
        try:
            yield server
        finally:
            if process.returncode is None:
                process.kill()
            await process.wait()
            server._reader.cancel()
