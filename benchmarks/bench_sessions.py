"""The two kinds of MCP session load_http.py drives: the SDK's `Client`, or Streamable HTTP spoken directly.

Each opens a session and yields a `CallTool`: `await call(tool, arguments)` is True when the call answered
without error, and raises `CallFailed` (or a transport error) otherwise.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

CallTool = Callable[[str, dict[str, Any]], Awaitable[bool]]  # True: answered without error


class CallFailed(Exception):
    """A call answered with an error result (the message says which)."""


MODERN_VERSION = "2026-07-28"
ACCEPT = {"accept": "application/json, text/event-stream", "content-type": "application/json"}


@asynccontextmanager
async def sdk_session(http: httpx2.AsyncClient, url: str, era: str) -> AsyncIterator[CallTool]:
    """A session of the SDK's `Client` (what real assistants do; costs the load generator more CPU)."""
    mode = "legacy" if era == "legacy" else MODERN_VERSION
    async with Client(streamable_http_client(url, http_client=http), mode=mode) as client:

        async def call(tool: str, arguments: dict[str, Any]) -> bool:
            answer = await client.call_tool(tool, arguments)
            if answer.is_error:
                raise CallFailed(str(answer.content[0])[:200] if answer.content else "isError")
            return True

        yield call


def jsonrpc_answer(response: httpx2.Response) -> dict[str, Any]:
    """The JSON-RPC message of a response (JSON, or the last `data:` line of an SSE stream)."""
    response.raise_for_status()
    if response.headers.get("content-type", "").startswith("text/event-stream"):
        data = [line[5:].strip() for line in response.text.splitlines() if line.startswith("data:")]
        message: dict[str, Any] = json.loads(data[-1])
        return message
    message = response.json()
    return message


@asynccontextmanager
async def raw_session(http: httpx2.AsyncClient, url: str, era: str) -> AsyncIterator[CallTool]:
    """A session speaking Streamable HTTP directly (cheap for the load generator, so the server is measured).

    Legacy era against a stateless server: `initialize` answers without a session id, and the calls go
    without one (what the SDK's client does too).
    """
    ids = iter(range(1, 1 << 62))
    headers = dict(ACCEPT)
    if era == "legacy":
        init = {
            "jsonrpc": "2.0",
            "id": next(ids),
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "bench", "version": "0"},
            },
        }
        opened = await http.post(url, json=init, headers=headers)
        jsonrpc_answer(opened)
        headers["mcp-protocol-version"] = "2025-11-25"
        if "mcp-session-id" in opened.headers:
            headers["mcp-session-id"] = opened.headers["mcp-session-id"]
        initialized = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        (await http.post(url, json=initialized, headers=headers)).raise_for_status()
    meta = {
        "io.modelcontextprotocol/protocolVersion": MODERN_VERSION,
        "io.modelcontextprotocol/clientInfo": {"name": "bench", "version": "0"},
        "io.modelcontextprotocol/clientCapabilities": {},
    }

    async def call(tool: str, arguments: dict[str, Any]) -> bool:
        params: dict[str, Any] = {"name": tool, "arguments": arguments}
        call_headers = headers
        if era != "legacy":
            params["_meta"] = meta
            call_headers = {
                **headers,
                "mcp-protocol-version": MODERN_VERSION,
                "mcp-method": "tools/call",
                "mcp-name": tool,
            }
        body = {"jsonrpc": "2.0", "id": next(ids), "method": "tools/call", "params": params}
        message = jsonrpc_answer(await http.post(url, json=body, headers=call_headers))
        if "result" not in message or message["result"].get("isError", False):
            raise CallFailed(json.dumps(message)[:200])
        return True

    try:
        yield call
    finally:
        if "mcp-session-id" in headers:
            with anyio.CancelScope(shield=True):
                await http.delete(url, headers=headers)
