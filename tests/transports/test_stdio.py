"""The stdio transport: the event-loop pipe path (pipes on both ends) and the SDK's own path (anything else),
driven with raw JSON-RPC lines against the real `zoom-mcp serve` child on its embedded sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from zoom_mcp.transports import stdio

ZOOM_VARIABLES = ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET", "ZOOM_ACCESS_TOKEN", "ZOOM_API_BASE_URL")


def messages(*extra: dict[str, Any]) -> bytes:
    lines = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-11-25",
                "capabilities": {},
                "clientInfo": {"name": "raw", "version": "0"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        *extra,
    ]
    return b"".join(json.dumps(line).encode() + b"\n" for line in lines)


def test_pipes_answer_every_request_including_a_line_larger_than_asyncio_limits() -> None:
    huge = {
        "jsonrpc": "2.0",
        "id": 3,
        "method": "tools/call",
        "params": {"name": "meeting_get", "arguments": {"meetingId": "x" * 300_000}},
    }
    env = {k: v for k, v in os.environ.items() if k not in ZOOM_VARIABLES}
    child = subprocess.Popen(
        [sys.executable, "-m", "zoom_mcp", "serve", "--tool-mode", "all"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(messages(huge))
        child.stdin.flush()
        by_id: dict[int, dict[str, Any]] = {}
        while len(by_id) < 3:  # the client keeps stdin open until it has its answers
            line = child.stdout.readline()
            assert line, "the server closed stdout before answering"
            answer = json.loads(line)
            if "id" in answer:
                by_id[answer["id"]] = answer
        child.stdin.close()
        assert child.wait(timeout=30) == 0
    finally:
        child.kill()
    assert len(by_id[2]["result"]["tools"]) >= 159
    assert by_id[3]["result"]["isError"] is True  # answered (Zoom says no such meeting), not dropped


def test_a_file_for_stdout_uses_the_sdk_path_and_answers_the_same(tmp_path: Path) -> None:
    output = tmp_path / "answers.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ZOOM_VARIABLES}
    with output.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "zoom_mcp", "serve", "--tool-mode", "all"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert child.stdin is not None
        try:
            child.stdin.write(messages())
            child.stdin.flush()
            deadline = time.monotonic() + 30
            while output.read_bytes().count(b"\n") < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            child.stdin.close()
            assert child.wait(timeout=30) == 0
        finally:
            child.kill()
    by_id = {a["id"]: a for a in map(json.loads, output.read_text().splitlines()) if "id" in a}
    assert by_id[1]["result"]["serverInfo"]["name"]
    assert len(by_id[2]["result"]["tools"]) >= 159


def test_stray_output_goes_to_stderr_not_the_wire() -> None:
    script = (
        "import os, sys\n"
        "from zoom_mcp.transports.stdio import _claimed_wire\n"
        "with _claimed_wire() as (wire_in, wire_out):\n"
        "    print('stray print', flush=True)\n"
        "    os.write(1, b'stray write\\n')\n"
        "    os.write(wire_out, b'on the wire\\n')\n"
        "print('after', flush=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=30, check=True)
    assert done.stdout == b"on the wire\nafter\n"
    assert b"stray print" in done.stderr and b"stray write" in done.stderr


def test_pipes_are_detected_and_other_streams_are_not(tmp_path: Path) -> None:
    script = "from zoom_mcp.transports.stdio import _wire_kind as k; print(k())"
    piped = subprocess.run([sys.executable, "-c", script], capture_output=True, input=b"", timeout=30, check=True)
    assert piped.stdout.strip() == b"pipes"
    target = tmp_path / "out.txt"
    with target.open("wb") as out:
        subprocess.run([sys.executable, "-c", script], stdout=out, input=b"", timeout=30, check=True)
    assert target.read_bytes().strip() == b"files"
    replaced = "import io, sys; sys.stdin = io.StringIO(); " + script
    embedded = subprocess.run([sys.executable, "-c", replaced], capture_output=True, timeout=30, check=True)
    assert embedded.stdout.strip() == b"None"  # no descriptor behind stdin: the SDK's own path
    assert stdio.MAX_LINE_BYTES >= 1024 * 1024
