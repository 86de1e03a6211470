"""Metrics: counters and the Prometheus text exposition."""

from __future__ import annotations

import pytest

from zoom_mcp.metrics import Metrics


def test_exposition_lists_every_series_with_escaped_labels() -> None:
    metrics = Metrics(latency_buckets=(0.1, 1.0))
    metrics.record_call("meetings_list", "ok")
    metrics.record_call("meetings_list", "ok")
    metrics.record_call('we"ird\ntool', "error")
    metrics.observe_zoom_latency(0.05)
    metrics.observe_zoom_latency(0.5)
    metrics.observe_zoom_latency(3.0)
    metrics.record_rate_limited()
    metrics.record_rate_limited("caller")
    metrics.record_confirmation("asked")
    metrics.record_confirmation("given")
    metrics.record_auth_failure("missing")
    metrics.watch_sessions("streamable_http", lambda: 7)
    text = metrics.render()
    assert 'zoom_mcp_tool_calls_total{tool="meetings_list",outcome="ok"} 2' in text
    assert 'zoom_mcp_tool_calls_total{tool="we\\"ird\\ntool",outcome="error"} 1' in text
    assert 'zoom_mcp_zoom_request_duration_seconds_bucket{le="0.1"} 1' in text
    assert 'zoom_mcp_zoom_request_duration_seconds_bucket{le="1"} 2' in text
    assert 'zoom_mcp_zoom_request_duration_seconds_bucket{le="+Inf"} 3' in text
    assert "zoom_mcp_zoom_request_duration_seconds_sum 3.55" in text
    assert 'zoom_mcp_rate_limited_total{source="zoom"} 1' in text
    assert 'zoom_mcp_rate_limited_total{source="caller"} 1' in text
    assert 'zoom_mcp_confirmations_total{event="asked"} 1' in text
    assert 'zoom_mcp_confirmations_total{event="declined"} 0' in text
    assert 'zoom_mcp_auth_failures_total{reason="missing"} 1' in text
    assert 'zoom_mcp_http_sessions{transport="streamable_http"} 7' in text
    assert text.endswith("\n")
    for line in text.splitlines():
        assert line.startswith("#") or line.startswith("zoom_mcp_")


def test_unknown_confirmation_event_is_refused() -> None:
    with pytest.raises(ValueError, match="asked"):
        Metrics().record_confirmation("maybe")  # type: ignore[arg-type]


def test_tool_names_a_caller_invents_share_one_series_and_no_label_is_unbounded() -> None:
    metrics = Metrics(tools=["meetings_list"])
    metrics.record_call("meetings_list", "ok")
    for index in range(50):
        metrics.record_call(f"invented_{index}", "refused")
        metrics.record_auth_failure(f"reason-{index}")
        metrics.record_rate_limited(f"source-{index}")
        metrics.record_call("meetings_list", f"outcome_{index}_{'x' * 50}")  # not an outcome name: "other"
    metrics.allow_tools(["meeting_get"])
    metrics.record_call("meeting_get", "ok")
    text = metrics.render()
    assert 'zoom_mcp_tool_calls_total{tool="unknown",outcome="refused"} 50' in text
    assert 'zoom_mcp_tool_calls_total{tool="meeting_get",outcome="ok"} 1' in text
    assert 'zoom_mcp_tool_calls_total{tool="meetings_list",outcome="other"} 50' in text
    assert 'zoom_mcp_auth_failures_total{reason="other"} 50' in text
    assert 'zoom_mcp_rate_limited_total{source="other"} 50' in text
    assert "invented" not in text and "reason-" not in text
    assert len(text.splitlines()) < 60
