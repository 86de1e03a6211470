"""stdio transport: one MCP connection over the process's stdin/stdout (both protocol eras)."""

from __future__ import annotations

from typing import Any

from mcp.server import Server
from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.stdio import stdio_server


async def serve_stdio(server: Server[Any]) -> None:
    """Serve `server` on stdin/stdout until the client closes the stream."""
    options = server.create_initialization_options(NotificationOptions(resources_changed=True))
    async with stdio_server() as (read_stream, write_stream):
        await server.run(read_stream, write_stream, options)
