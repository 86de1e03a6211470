"""OutageLog: one warning when a user of the shared store loses it, one when the store answers again."""

from __future__ import annotations

import logging

import pytest

from zoom_mcp.state import OutageLog, StateUnavailable

LOGGER = logging.getLogger("zoom_mcp.tests.outage")


def test_one_warning_per_outage_and_one_when_it_ends(caplog: pytest.LogCaptureFixture) -> None:
    outage = OutageLog(LOGGER, "widgets", fallback="counting here", resumed="sharing again")
    with caplog.at_level(logging.WARNING, logger=LOGGER.name):
        outage.back()  # never lost: nothing to say
        outage.lost(StateUnavailable("redis down"))
        outage.lost(StateUnavailable("still down"))
        assert outage.degraded
        outage.back()
        outage.back()
    assert [r.getMessage() for r in caplog.records] == [
        "widgets: redis down; counting here",
        "widgets: the shared state store answers again; sharing again",
    ]
    assert not outage.degraded


def test_without_a_resumed_clause_the_return_is_said_plainly(caplog: pytest.LogCaptureFixture) -> None:
    outage = OutageLog(LOGGER, "widgets", fallback="counting here")
    with caplog.at_level(logging.WARNING, logger=LOGGER.name):
        outage.lost(StateUnavailable("redis down"))
        outage.back()
    assert caplog.records[-1].getMessage() == "widgets: the shared state store answers again"
