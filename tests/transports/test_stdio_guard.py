"""Every line a stdio client sends gets an answer where JSON-RPC says one is due, and the server goes on serving:
malformed frames, a lone surrogate, bad ids, `params: []`, deep nesting, a line over 64 MiB, arguments too long
for a URL. Checked on the pure classifier and end to end on `zoom-mcp serve` through raw pipes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.transports.raw_stdio import raw_server
from zoom_mcp.transports.stdio import MAX_LINE_BYTES
from zoom_mcp.transports.stdio_guard import Oversized, problem_answer

pytestmark = pytest.mark.anyio

DEEP = "[" * 1000 + "]" * 1000

# (frame, expected answer id, expected code); id "no answer" = nothing is due
FRAMES: list[tuple[str, Any, int | None]] = [
    ("not json", None, -32700),
    ('{"jsonrpc":"2.0","id":3,"method":"ping"', None, -32700),
    ('{"jsonrpc":"1.0","id":11,"method":"ping"}', 11, -32600),
    ('{"jsonrpc":"2.0","id":1.5,"method":"ping"}', 1.5, -32600),
    ('{"jsonrpc":"2.0","id":{},"method":"ping"}', None, -32600),
    ('{"jsonrpc":"2.0","id":true,"method":"ping"}', None, -32600),
    ('{"jsonrpc":"2.0","id":null,"method":"ping"}', None, -32600),
    ('{"jsonrpc":"2.0","id":12,"method":"ping","params":[]}', 12, -32600),
    ('{"jsonrpc":"2.0","id":13,"method":"tools/list","params":{"a":' + DEEP + "}}", 13, -32600),
    (DEEP, None, -32600),
    ('{"jsonrpc":"2.0","id":14,"method":"ping","params":{"x":"\\ud800"}}', 14, -32600),
    ('{"jsonrpc":"2.0","id":"\\udc00","method":"ping"}', None, -32600),
    ("[]", None, -32600),
    ('[{"jsonrpc":"2.0","id":15,"method":"ping"}]', None, -32600),
    ("5", None, -32600),
    ('{"jsonrpc":"2.0","method":5}', None, -32600),
    ('{"jsonrpc":"2.0","id":16,"method":"no/such/method"}', 16, -32601),
    ('{"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"meeting_get","arguments":"x"}}', 17, -32602),
    ('{"jsonrpc":"2.0","id":20,"result":{}}', "no answer", None),  # a response nobody asked for
    ('{"jsonrpc":"2.0","id":21,"error":5}', "no answer", None),  # a malformed response: logged only
    ("   ", "no answer", None),
]


@pytest.mark.parametrize(("frame", "answer_id", "code"), FRAMES)
def test_the_classifier_answers_what_the_sdk_would_drop(frame: str, answer_id: Any, code: int | None) -> None:
    answer = problem_answer(frame)
    if code in (-32601, -32602):
        assert answer is None  # the SDK itself answers these
    elif code is None:
        assert answer in (None, "")
    else:
        assert answer
        parsed = json.loads(answer)
        assert parsed["jsonrpc"] == "2.0" and parsed["error"]["code"] == code
        assert parsed["id"] == answer_id and type(parsed["id"]) is type(answer_id)
        assert parsed["error"]["message"].startswith(("Parse error:", "Invalid Request:"))
        answer.encode("ascii")  # always writable, whatever the client sent


def test_valid_messages_pass_untouched() -> None:
    for line in (
        '{"jsonrpc":"2.0","id":1,"method":"ping"}',
        '{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"x","arguments":{"id":{}}}}',
        '{"jsonrpc":"2.0","method":"notifications/initialized"}',
        '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3,"reason":"has an \\"id\\""}}',
    ):
        assert problem_answer(line) is None


def test_an_oversized_line_is_answered_with_its_id_when_it_comes_first() -> None:
    head = b'{"jsonrpc":"2.0","id":"big-1","method":"tools/call","params":{"arguments":{"a":"' + b"z" * 100
    answer = json.loads(problem_answer(Oversized(head, 70 * 1024 * 1024, MAX_LINE_BYTES)) or "")
    assert answer["id"] == "big-1" and answer["error"]["code"] == -32600
    assert "73400320 bytes" in answer["error"]["message"] and "64 MiB" in answer["error"]["message"]
    late = b'{"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"a":"' + b"z" * 100
    assert json.loads(problem_answer(Oversized(late, 70 * 1024 * 1024, MAX_LINE_BYTES)) or "")["id"] is None


async def test_every_malformed_frame_gets_one_answer_and_the_server_goes_on() -> None:
    async with raw_server("--sandbox") as server:
        await server.initialize()
        for frame, _, _ in FRAMES:
            await server.send(frame)
        expected_ids = [answer_id for _, answer_id, code in FRAMES if code is not None and answer_id is not None]
        null_answers = sum(1 for _, answer_id, code in FRAMES if code is not None and answer_id is None)
        answers = await server.wait_for(expected_ids, null_answers=null_answers)
        pong = await server.request({"jsonrpc": "2.0", "id": "after", "method": "ping"})
        assert server.alive and pong["result"] == {}
        for (_, answer_id, code), answer in zip(
            [f for f in FRAMES if f[2] is not None and f[1] is not None], answers, strict=True
        ):
            assert answer["id"] == answer_id and answer["error"]["code"] == code
        assert all(len(found) == 1 for key, found in server.answers.items() if key != ("NoneType", "null"))
        assert len(server.answers[("NoneType", "null")]) == null_answers  # exactly one answer each, no more
        assert server.unreadable == []


async def test_a_line_over_64_mib_is_answered_and_the_next_request_is_served() -> None:
    async with raw_server("--sandbox") as server:
        await server.initialize()
        filler = b"z" * (MAX_LINE_BYTES + 1024)
        big = b'{"jsonrpc":"2.0","id":99,"method":"tools/call","params":{"name":"meeting_get","arguments":{"a":"'
        await server.send(big + filler + b'"}}}')
        answer = await server.request({"jsonrpc": "2.0", "id": 100, "method": "ping"})
        (too_big,) = await server.wait_for([99])
        assert answer["result"] == {} and server.alive
        assert too_big["error"]["code"] == -32600 and "64 MiB" in too_big["error"]["message"]
        assert len(server.answers[("int", "99")]) == 1


async def test_an_argument_too_long_for_a_url_is_a_tool_error_naming_it() -> None:
    async with raw_server("--sandbox") as server:
        await server.initialize()
        call = {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "tools/call",
            "params": {"name": "meeting_get", "arguments": {"meetingId": "8" * 200_000}},
        }
        answer = await server.request(call)
    result = answer["result"]
    text = result["content"][0]["text"]
    assert result["isError"] is True
    assert "meetingId: is too long to send" in text and "at most 8192 bytes" in text
    assert "internal error" not in text
