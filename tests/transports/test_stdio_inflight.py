"""A client that writes its requests and closes stdin at once still gets every answer before the server leaves
(`stdio_inflight.InFlight`): end to end on `zoom-mcp serve` through raw pipes, and on the tracker itself."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from mcp_types import JSONRPCNotification, JSONRPCRequest

from tests.transports.raw_stdio import INITIALIZE, zoom_env
from zoom_mcp.transports.stdio_inflight import InFlight

pytestmark = pytest.mark.anyio

INITIALIZED = {"jsonrpc": "2.0", "method": "notifications/initialized"}


def _call(request_id: int, name: str, arguments: dict[str, object]) -> dict[str, object]:
    params = {"name": name, "arguments": arguments}
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params}


MESSAGES = [
    INITIALIZE,
    INITIALIZED,
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
    _call(3, "zoom_call_read_tool", {"name": "meetings_list", "arguments": {"userId": "me"}}),
    _call(4, "zoom_search_tools", {"query": "delete a meeting"}),
    {"jsonrpc": "2.0", "id": 5, "method": "ping"},
]
STDIN = "".join(json.dumps(message) + "\n" for message in MESSAGES)


def test_requests_written_before_end_of_file_are_all_answered() -> None:
    """`printf '...' | zoom-mcp serve`: the Zoom calls still in flight at end of file are answered, then it exits."""
    done = subprocess.run(
        [sys.executable, "-m", "zoom_mcp", "serve"],
        input=STDIN,
        capture_output=True,
        text=True,
        env=zoom_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    _assert_every_request_answered(done.stdout)


def test_requests_read_from_a_file_into_a_file_are_all_answered(tmp_path: Path) -> None:
    """`zoom-mcp serve < requests.jsonl > answers.jsonl`: not pipes, the same guarantee."""
    requests, answers = tmp_path / "requests.jsonl", tmp_path / "answers.jsonl"
    requests.write_text(STDIN + "not json\n")
    with requests.open("rb") as stdin, answers.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "zoom_mcp", "serve"],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=zoom_env(),
            timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    text = answers.read_text()
    _assert_every_request_answered(text)
    assert any(json.loads(line).get("error", {}).get("code") == -32700 for line in text.splitlines())  # the guard


def _assert_every_request_answered(stdout: str) -> None:
    answers = {
        message["id"]: message
        for message in map(json.loads, stdout.splitlines())
        if message.get("id") is not None and "method" not in message
    }
    assert set(answers) == {"init", 2, 3, 4, 5}
    listed = answers[3]["result"]
    assert not listed.get("isError"), listed
    assert "meetings" in listed["structuredContent"]
    assert answers[4]["result"]["structuredContent"]["tools"]


async def test_a_response_crosses_its_request_off_and_the_wait_ends() -> None:
    inflight = InFlight()
    inflight.received(JSONRPCRequest(jsonrpc="2.0", id=7, method="tools/list"))
    inflight.received(JSONRPCRequest(jsonrpc="2.0", id="a", method="ping"))
    inflight.sent('{"jsonrpc":"2.0","id":7,"method":"elicitation/create","params":{}}')  # the server's own request
    inflight.sent('{"jsonrpc":"2.0","method":"notifications/message","params":{"id":"a"}}')
    assert len(inflight) == 2
    inflight.sent('{"jsonrpc":"2.0","id":7,"result":{"tools":[]}}')
    assert len(inflight) == 1
    waiting = asyncio.ensure_future(inflight.drained(timeout=30))
    await asyncio.sleep(0)
    assert not waiting.done()
    inflight.sent('{"jsonrpc": "2.0", "id": "a", "error": {"code": -1, "message": "x"}}')
    assert await waiting is True and len(inflight) == 0


async def test_a_cancelled_request_is_not_waited_for_and_the_wait_is_bounded() -> None:
    inflight = InFlight()
    inflight.received(JSONRPCRequest(jsonrpc="2.0", id=1, method="tools/call"))
    inflight.received(JSONRPCRequest(jsonrpc="2.0", id=2, method="tools/call"))
    inflight.received(JSONRPCNotification(jsonrpc="2.0", method="notifications/cancelled", params={"requestId": 1}))
    assert len(inflight) == 1
    assert await inflight.drained(timeout=0.01) is False  # id 2 never answered: the wait ends anyway
    inflight.sent('{"jsonrpc":"2.0","id":"2","result":{}}')  # a string id is another request
    assert len(inflight) == 1
