"""The request scope: progress that only increases across phases, best-effort reporting, no-ops outside a request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anyio
import pytest

from zoom_mcp import request_scope

pytestmark = pytest.mark.anyio


class Recorder:
    def __init__(self, *, broken: bool = False) -> None:
        self.lines: list[tuple[str, str, dict[str, Any]]] = []
        self.updates: list[tuple[float, float | None, str | None]] = []
        self.broken = broken

    async def log(self, level: request_scope.LogLevel, message: str, data: Mapping[str, Any]) -> None:
        if self.broken:
            raise anyio.ClosedResourceError
        self.lines.append((level, message, dict(data)))

    async def progress(self, progress: float, total: float | None, message: str | None) -> None:
        if self.broken:
            raise anyio.BrokenResourceError
        self.updates.append((progress, total, message))


async def test_progress_only_increases_across_phases() -> None:
    recorder = Recorder()
    with request_scope.scoped(recorder):
        await request_scope.progress(0, 10, "download")
        await request_scope.progress(4, 10, "download")
        await request_scope.progress(4, 10, "download")  # not an increase: not sent
        await request_scope.progress(10, 10, "download")
        request_scope.end_phase()
        await request_scope.progress(0, 3, "wait")  # a new phase starts just above where the last one ended
        await request_scope.progress(2, 3, "wait")
        await request_scope.step("page")
    values = [update[0] for update in recorder.updates]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert values[:3] == [0, 4, 10] and 10 < values[3] < 10.001 and values[4] == 12
    assert recorder.updates[4][1] == 13 and values[5] == 14  # totals shift with the phase; a step adds one


async def test_sends_are_best_effort_and_scopes_do_not_leak() -> None:
    with request_scope.scoped(Recorder(broken=True)) as scope:
        await request_scope.log("warning", "the client went away")
        await request_scope.progress(1, 2)
        request_scope.note_sent("GET", "/users/me")
        assert not scope.write_sent
        request_scope.note_sent("PATCH", "/meetings/1")
        assert scope.write_sent and scope.sent == ["GET /users/me", "PATCH /meetings/1"]
    assert request_scope.current() is None
    await request_scope.log("info", "outside a request: nothing happens")
    await request_scope.sleep(0)


async def test_sleep_reports_seconds_left_and_stops_when_cancelled() -> None:
    recorder = Recorder()
    with request_scope.scoped(recorder):
        with anyio.move_on_after(0.05) as cancelled:  # the cancellation arrives during a 30 s wait
            await request_scope.sleep(30, "Zoom's rate limit")
    assert cancelled.cancelled_caught
    ((done, total, message),) = recorder.updates  # one report, then the wait ended at once
    assert done < 1 and total == 30 and message == "Zoom's rate limit: 30 s left"
