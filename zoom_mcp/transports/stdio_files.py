"""stdin and stdout that are not pipes (a file, a terminal): lines read and written by worker threads.

`serve_stdio` uses these where the event loop cannot watch the descriptors (`PipeLines`/`PipeWriter` need pipes
or sockets), so that the guard and the end-of-file drain (`stdio_guard`, `stdio_inflight`) hold there too:
`zoom-mcp serve < requests.jsonl > answers.jsonl` answers every request.
"""

from __future__ import annotations

import io
import os
from collections.abc import AsyncIterator
from typing import Protocol

import anyio

from zoom_mcp.transports.stdio_guard import Oversized
from zoom_mcp.transports.stdio_inflight import TextWriter


class LineSource(Protocol):
    """What `GuardedLines` reads: lines (or `Oversized`) until end of file; closed by the transport."""

    def __aiter__(self) -> AsyncIterator[str | Oversized]: ...

    async def __anext__(self) -> str | Oversized: ...

    def close(self) -> None: ...


class TextSink(TextWriter, Protocol):
    """Where the SDK's stdout writer puts its lines; closed by the transport."""

    def close(self) -> None: ...


class FileLines:
    """UTF-8 lines of a descriptor, read in a worker thread; iteration ends at end of file."""

    def __init__(self, file: io.TextIOWrapper) -> None:
        self._file = file
        self._async = anyio.wrap_file(file)

    @classmethod
    def open(cls, fd: int) -> FileLines:
        raw = os.fdopen(os.dup(fd), "rb")
        return cls(io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n"))

    def __aiter__(self) -> AsyncIterator[str | Oversized]:
        return self

    async def __anext__(self) -> str | Oversized:
        line = await self._async.readline()
        if not line:
            raise StopAsyncIteration
        return line

    def close(self) -> None:
        self._file.close()


class FileWriter:
    """UTF-8 text written to a descriptor by a worker thread; `flush` hands it to the operating system."""

    def __init__(self, file: io.TextIOWrapper) -> None:
        self._file = file
        self._async = anyio.wrap_file(file)

    @classmethod
    def open(cls, fd: int) -> FileWriter:
        raw = os.fdopen(os.dup(fd), "wb")
        # A lone surrogate cannot be UTF-8; inside JSON text its backslash form is the JSON escape itself.
        return cls(io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", newline="\n"))

    async def write(self, text: str) -> None:
        await self._async.write(text)

    async def flush(self) -> None:
        await self._async.flush()

    def close(self) -> None:
        self._file.close()
