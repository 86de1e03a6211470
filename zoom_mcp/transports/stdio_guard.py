"""Every line a stdio client sends gets an answer when JSON-RPC says one is due, and never stops the server.

The SDK's stdio transport parses each line into a JSON-RPC message; a line it cannot parse is dropped
without a word, and a request whose `id` is not a string or an integer (`1.5`, `{}`, `true`, `null`)
passes as a *notification*, which is never answered: either way the client waits forever. `GuardedLines`
sits in front of it: lines the SDK takes as they are pass through untouched; for the others it writes the
JSON-RPC error itself and goes on reading:

- not JSON at all: `-32700 Parse error`, id null;
- nested too deeply to parse (about 1,000 levels): `-32600`, with the id when it comes before the nesting;
- JSON, but not a valid MCP JSON-RPC message (`"jsonrpc": "1.0"`, `params: []`, a method that is not a
  string, an id of `1.5` or `{}`, a lone UTF-16 surrogate, a batch): `-32600 Invalid Request`, with the
  id when one can be read (a string or a number), else null;
- a line longer than the transport's limit (`Oversized`, from the line reader): `-32600`, with the id
  when it appears (at the top level) within the part that was read;
- a malformed *response* (an object with `result` or `error`, no `method`) is logged, not answered:
  nobody waits for an answer to an answer. Blank lines are ignored.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, Final

from mcp_types import JSONRPCNotification, jsonrpc_message_adapter

from zoom_mcp.transports.stdio_inflight import InFlight

PARSE_ERROR: Final = -32700
INVALID_REQUEST: Final = -32600
_ID_SCAN_BYTES: Final = 1024 * 1024  # how much of an oversized line is searched for its id

logger = logging.getLogger("zoom_mcp.transports.stdio")


@dataclass(frozen=True)
class Oversized:
    """A line longer than the reader's limit: its first bytes (searched for the id) and its full length."""

    head: bytes
    length: int
    limit: int


@dataclass(frozen=True)
class _Servable:
    """A line the SDK can serve as it is, and the message it holds."""

    message: Any


Reply = Callable[[str], Awaitable[None]]


class GuardedLines:
    """The lines of `source` that the SDK can serve; answers the rest through `reply` (one JSON line each).

    With `inflight`, the requests passed on are noted there, and at end of file the lines end only once they
    are answered (`stdio_inflight`), so that a client that writes and closes at once still gets every answer.
    """

    def __init__(self, source: AsyncIterator[str | Oversized], reply: Reply, inflight: InFlight | None = None) -> None:
        self._source = source
        self._reply = reply
        self._inflight = inflight

    def __aiter__(self) -> AsyncIterator[str]:
        return self

    async def __anext__(self) -> str:
        while True:
            try:
                line = await self._source.__anext__()
            except StopAsyncIteration:
                if self._inflight is not None:
                    await self._inflight.drained()
                raise
            answer = _answer_or_message(line)
            if isinstance(answer, _Servable):
                assert isinstance(line, str)
                if self._inflight is not None:
                    self._inflight.received(answer.message)
                return line
            if answer:
                await self._reply(answer)


def problem_answer(line: str | Oversized) -> str | None:
    """None when the SDK can serve `line` as it is; else the error line to send ("" when none is due)."""
    answer = _answer_or_message(line)
    return None if isinstance(answer, _Servable) else answer


def _answer_or_message(line: str | Oversized) -> str | _Servable:
    """The error line to send ("" when none is due), or the message the SDK will read from `line`."""
    if isinstance(line, Oversized):
        request_id = _top_level_id(line.head[:_ID_SCAN_BYTES])
        mib = line.limit // (1024 * 1024)
        return error_line(
            request_id,
            INVALID_REQUEST,
            f"Invalid Request: the message is {line.length} bytes long; this server reads messages of at most "
            f"{mib} MiB. Send large content as a file path or in smaller pieces.",
        )
    if not line.strip():
        return ""
    try:
        message = jsonrpc_message_adapter.validate_json(line, by_name=False)
    except Exception:  # the SDK would drop it: say why
        return _explain(line)
    if isinstance(message, JSONRPCNotification) and '"id"' in line:
        return _explain(line)  # an `id` the SDK could not read turned a request into a "notification"
    return _Servable(message)


def error_line(request_id: Any, code: int, message: str) -> str:
    """One JSON-RPC error response, ASCII only (so it survives any text the client sent)."""
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "error": {"code": code, "message": message}})


def _explain(line: str) -> str:
    try:
        data = json.loads(line)
    except RecursionError:  # valid JSON, perhaps, but deeper than anything MCP needs: refuse, with the id if it shows
        return error_line(
            _top_level_id(line.encode("utf-8", errors="replace")[:_ID_SCAN_BYTES]),
            INVALID_REQUEST,
            "Invalid Request: the message is nested too deeply to read; flatten the arguments.",
        )
    except ValueError as exc:
        return error_line(None, PARSE_ERROR, f"Parse error: the line is not valid JSON ({_short(exc)}).")
    if isinstance(data, list):
        return error_line(
            None,
            INVALID_REQUEST,
            "Invalid Request: batches (JSON arrays) are not supported; send one message per line.",
        )
    if not isinstance(data, dict):
        return error_line(None, INVALID_REQUEST, "Invalid Request: a JSON-RPC message must be a JSON object.")
    request_id = data.get("id")
    readable = request_id if _is_echoable(request_id) else None
    if "method" not in data and ("result" in data or "error" in data):
        logger.warning("dropped a malformed JSON-RPC response from the client (id %r)", readable)
        return ""
    return error_line(readable, INVALID_REQUEST, f"Invalid Request: {_what_is_wrong(data)}")


def _what_is_wrong(data: dict[str, Any]) -> str:
    if data.get("jsonrpc") != "2.0":
        return 'the "jsonrpc" member must be exactly "2.0".'
    if "id" in data and not (isinstance(data["id"], str | int) and not isinstance(data["id"], bool)):
        return 'the "id" must be a string or an integer (MCP), not ' + _kind(data["id"]) + "."
    if not isinstance(data.get("method"), str):
        return 'the "method" member must be a string naming the method.'
    if "params" in data and not isinstance(data["params"], dict):
        return 'the "params" member must be an object (MCP uses named parameters), not ' + _kind(data["params"]) + "."
    if _has_lone_surrogate(data):
        return "the message contains a lone UTF-16 surrogate (such as \\ud800), which is not valid Unicode text."
    return "the message is not a valid JSON-RPC 2.0 message as MCP uses it (too deeply nested, or malformed)."


def _is_echoable(value: Any) -> bool:
    return (isinstance(value, str) and not _has_lone_surrogate(value)) or (
        isinstance(value, int | float) and not isinstance(value, bool) and value == value and abs(value) != float("inf")
    )


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return f"the number {value!r}"
    return {dict: "an object", list: "an array", str: "a string", int: "an integer"}.get(type(value), "that value")


def _has_lone_surrogate(value: Any, depth: int = 0) -> bool:
    for text in _strings(value, depth):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def _strings(value: Any, depth: int) -> Iterator[str]:
    if depth > 200:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, depth + 1)


def _short(exc: ValueError) -> str:
    return str(exc).splitlines()[0][:120]


def _top_level_id(head: bytes) -> Any:
    """The `id` member of the JSON object that `head` starts, when it appears at the top level within `head`."""
    text = head.decode("utf-8", errors="replace")
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if not text.startswith("{", position):
        return None
    position += 1
    try:
        while True:
            position = _skip_space(text, position)
            key, position = decoder.raw_decode(text, position)
            position = _skip_space(text, position)
            if not isinstance(key, str) or not text.startswith(":", position):
                return None
            position = _skip_space(text, position + 1)
            value, position = decoder.raw_decode(text, position)
            if key == "id":
                return value if _is_echoable(value) else None
            position = _skip_space(text, position)
            if not text.startswith(",", position):
                return None
            position += 1
    except (ValueError, RecursionError):  # the id comes after the part that was read (or never)
        return None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position
