"""stdio transport: one MCP connection over the process's stdin/stdout (both protocol eras).

The SDK's `stdio_server` reads and writes through `anyio.wrap_file`, which hands every line read, every
write and every flush to a worker thread: three thread round trips per request. When stdin and stdout are
pipes or sockets (how MCP clients start servers) `serve_stdio` gives `stdio_server` asyncio pipe streams
instead, so the event loop reads and writes the descriptors itself. The SDK still parses and frames the
messages, behind `stdio_guard.GuardedLines`, which answers every line the SDK would drop (invalid JSON,
invalid JSON-RPC, a line over `MAX_LINE_BYTES`) with a JSON-RPC error and keeps the server reading.
Like the SDK, it serves the wire from private duplicates while fd 0 reads the null device and fd 1 points
at stderr, so that stray output (a library printing, a child process) cannot corrupt the wire;
both are restored on exit. At end of file the requests already read are answered before the server leaves
(`stdio_inflight`). Other descriptors (a file, a terminal) are read and written by worker threads
(`stdio_files`) behind the same guard and drain; without descriptors (replaced streams, embedding) or on
Windows, the SDK's own path serves.
"""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any, Literal, cast

import anyio
from mcp.server import Server
from mcp.server.stdio import stdio_server

from zoom_mcp.transports.stdio_files import FileLines, FileWriter, LineSource, TextSink
from zoom_mcp.transports.stdio_guard import GuardedLines, Oversized
from zoom_mcp.transports.stdio_inflight import InFlight, NotedWriter

# A client may send one large message (a long argument); asyncio's default 64 KiB line limit is too small.
# A longer line is skipped and answered with an error (stdio_guard); the server goes on reading.
MAX_LINE_BYTES = 64 * 1024 * 1024
HEAD_BYTES = 1024 * 1024  # of an oversized line, kept to find its id


async def serve_stdio(server: Server[Any]) -> None:
    """Serve `server` on stdin/stdout until the client closes the stream."""
    options = server.create_initialization_options()  # resources.listChanged stays false: we never send it
    wires = _wire_kind()
    if wires is None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, options)
        return
    with _claimed_wire() as (wire_in, wire_out):
        inflight = InFlight()  # answered before the server leaves at end of file (stdio_inflight)
        if wires == "pipes":
            lines: LineSource = await PipeLines.open(wire_in)
            plain: TextSink = await PipeWriter.open(wire_out)
        else:
            lines, plain = FileLines.open(wire_in), FileWriter.open(wire_out)
        writer = NotedWriter(plain, inflight)

        async def reply(text: str) -> None:
            await writer.write(text + "\n")
            await writer.flush()

        guarded = GuardedLines(lines, reply, inflight)
        try:
            streams = stdio_server(stdin=cast(anyio.AsyncFile[str], guarded), stdout=cast(anyio.AsyncFile[str], writer))
            async with streams as (read_stream, write_stream):
                await server.run(read_stream, write_stream, options)
        finally:
            plain.close()
            lines.close()


def _wire_kind() -> Literal["pipes", "files"] | None:
    """ "pipes" when stdin and stdout are pipes or sockets (the event loop reads and writes them), "files" for
    other descriptors (a file, a terminal: worker threads do), None without usable descriptors (the SDK's path)."""
    if sys.platform == "win32":  # the Proactor loop needs overlapped handles, which inherited pipes are not
        return None
    try:
        modes = [os.fstat(sys.stdin.fileno()).st_mode, os.fstat(sys.stdout.fileno()).st_mode]
    except (AttributeError, OSError, ValueError):  # replaced streams (tests, embedding) or closed descriptors
        return None
    return "pipes" if all(stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) for mode in modes) else "files"


@contextmanager
def _claimed_wire() -> Iterator[tuple[int, int]]:
    """Private duplicates of fd 0 and 1 for the wire; fd 0 reads /dev/null and fd 1 writes to stderr meanwhile."""
    sys.stdout.flush()
    wire_in, wire_out = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(null, 0)
        os.dup2(2, 1)
        yield wire_in, wire_out
    finally:
        os.close(null)
        os.dup2(wire_in, 0)
        os.dup2(wire_out, 1)
        os.close(wire_in)
        os.close(wire_out)


class PipeLines:
    """Lines (str) read from a pipe by the event loop; iteration ends at end of file."""

    def __init__(self, reader: asyncio.StreamReader, transport: asyncio.BaseTransport) -> None:
        self._reader = reader
        self._transport = transport

    @classmethod
    async def open(cls, fd: int) -> PipeLines:
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=MAX_LINE_BYTES)
        pipe = os.fdopen(os.dup(fd), "rb", buffering=0)
        transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), pipe)
        return cls(reader, transport)

    def __aiter__(self) -> AsyncIterator[str | Oversized]:
        return self

    async def __anext__(self) -> str | Oversized:
        try:
            line = await self._reader.readuntil(b"\n")
        except asyncio.IncompleteReadError as exc:  # end of file; a last line may lack its newline
            if not exc.partial:
                raise StopAsyncIteration from None
            line = exc.partial
        except asyncio.LimitOverrunError as exc:
            return await self._skip_oversized(exc.consumed)
        return line.decode("utf-8", errors="replace")

    async def _skip_oversized(self, consumed: int) -> Oversized:
        """Read past a line longer than the limit (it stays unread in the buffer), keeping its first bytes."""
        head = bytearray()
        total = 0
        while True:
            try:
                chunk = await self._reader.readexactly(consumed)
            except asyncio.IncompleteReadError as exc:
                chunk = exc.partial
            total += len(chunk)
            head += chunk[: max(0, HEAD_BYTES - len(head))]
            try:
                tail = await self._reader.readuntil(b"\n")
            except asyncio.LimitOverrunError as exc:
                consumed = exc.consumed
                continue
            except asyncio.IncompleteReadError as exc:
                tail = exc.partial
            total += len(tail)
            head += tail[: max(0, HEAD_BYTES - len(head))]
            return Oversized(bytes(head), total, MAX_LINE_BYTES)

    def close(self) -> None:
        self._transport.close()


class PipeWriter:
    """Text written to a pipe by the event loop; `flush` waits until the pipe has taken all of it (the
    transport keeps nothing back: a line flushed is in the pipe, even if the server leaves right after)."""

    def __init__(self, writer: asyncio.StreamWriter) -> None:
        self._writer = writer

    @classmethod
    async def open(cls, fd: int) -> PipeWriter:
        loop = asyncio.get_running_loop()
        pipe = os.fdopen(os.dup(fd), "wb", buffering=0)
        transport, protocol = await loop.connect_write_pipe(asyncio.streams.FlowControlMixin, pipe)
        transport.set_write_buffer_limits(high=0)  # drain() returns once the buffer is empty
        return cls(asyncio.StreamWriter(transport, protocol, None, loop))

    async def write(self, text: str) -> None:
        # A lone surrogate cannot be UTF-8; inside JSON text its backslash form is the JSON escape itself.
        self._writer.write(text.encode("utf-8", errors="backslashreplace"))

    async def flush(self) -> None:
        await self._writer.drain()

    def close(self) -> None:
        self._writer.close()
