"""AuditLog: one JSON line per record, secrets redacted, never blocking, flushed on close."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from zoom_mcp.audit import REDACTED, AuditLog, add_audit_arguments, audit_log_from_args, redact


def read_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_one_line_per_record_with_every_field(tmp_path: Path) -> None:
    path = tmp_path / "audit" / "zoom.jsonl"
    log = AuditLog(path)
    log.record(
        caller="local",
        tool="meeting_delete",
        arguments={"meetingId": "85746065432", "confirmation_token": "zmc1.a.b"},
        gate="token",
        outcome="token_accepted",
        status=204,
        zoom_code=None,
    )
    log(caller="bob", tool="meeting_status_update", arguments={}, gate="elicit", outcome="declined")
    log.close()
    first, second = read_lines(path)
    assert set(first) == {"time", "caller", "tool", "arguments", "gate", "outcome", "status", "zoom_code"}
    assert first["arguments"] == {"meetingId": "85746065432", "confirmation_token": REDACTED}
    assert first["status"] == 204 and first["gate"] == "token"
    assert str(first["time"]).endswith("Z")
    assert second["caller"] == "bob" and second["status"] is None


def test_secrets_are_redacted_at_any_depth() -> None:
    value = {
        "settings": {"password": "p", "Meeting_Passcode": "1", "nested": [{"apiKey": "k", "ok": 1}]},
        "Authorization": "Bearer x",
        "client_secret": "s",
        "access_token": "t",
        "topic": "Weekly sync",
    }
    assert redact(value) == {
        "settings": {"password": REDACTED, "Meeting_Passcode": REDACTED, "nested": [{"apiKey": REDACTED, "ok": 1}]},
        "Authorization": REDACTED,
        "client_secret": REDACTED,
        "access_token": REDACTED,
        "topic": "Weekly sync",
    }


def test_recording_does_not_wait_for_the_disk(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.jsonl")
    started = time.perf_counter()
    for i in range(2000):
        log.record(caller="c", tool="t", arguments={"i": i}, gate="none", outcome="ok")
    queued_in = time.perf_counter() - started
    log.close()
    assert len(read_lines(tmp_path / "a.jsonl")) == 2000
    assert queued_in < 1.0


def test_disabled_log_records_nothing_and_close_is_idempotent(tmp_path: Path) -> None:
    log = AuditLog(None)
    assert not log.enabled
    log.record(caller="c", tool="t", arguments={}, gate="none", outcome="ok")
    log.close()
    log.close()
    assert list(tmp_path.iterdir()) == []


def test_file_from_flag_or_environment(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    add_audit_arguments(parser)
    flag = tmp_path / "flag.jsonl"
    env = {"ZOOM_MCP_AUDIT_LOG": str(tmp_path / "env.jsonl")}
    from_flag = audit_log_from_args(parser.parse_args(["--audit-log", str(flag)]), env)
    from_env = audit_log_from_args(parser.parse_args([]), env)
    neither = audit_log_from_args(parser.parse_args([]), {})
    for log in (from_flag, from_env, neither):
        log.close()
    assert from_flag.path == flag
    assert from_env.path == tmp_path / "env.jsonl"
    assert neither.path is None


def test_unwritable_file_does_not_break_the_caller(tmp_path: Path) -> None:
    blocker = tmp_path / "dir"
    blocker.mkdir()
    log = AuditLog(blocker)  # a directory cannot be opened for appending
    log.record(caller="c", tool="t", arguments={}, gate="none", outcome="ok")
    log.close()
    assert blocker.is_dir()
