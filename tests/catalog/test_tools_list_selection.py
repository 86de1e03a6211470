"""`zoom-mcp tools list` takes the server's selection options and reports the resulting size."""

from __future__ import annotations

import json
import subprocess
import sys


def zoom_mcp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zoom_mcp", "tools", "list", *args], capture_output=True, text=True)


def test_read_only_lists_only_read_only_tools_and_prints_the_size() -> None:
    listed = json.loads(zoom_mcp("--json", "--read-only").stdout)
    assert listed and all(t["annotations"]["readOnlyHint"] is True for t in listed)
    summary = zoom_mcp("--read-only").stdout.strip().splitlines()[-1]
    assert summary.startswith(f"{len(listed)} tools; tools/list size ") and "bytes" in summary


def test_toolsets_tools_and_exclusions() -> None:
    listed = json.loads(
        zoom_mcp("--json", "--toolsets", "summaries", "--exclude-tools", "meeting_summary_delete").stdout
    )
    names = {t["name"] for t in listed}
    assert "meeting_summary_get" in names and "meeting_summary_delete" not in names
    assert {t["_meta"]["zoom-mcp/operation"]["toolset"] for t in listed} == {"summaries"}
    only = json.loads(zoom_mcp("--json", "--tools", "meeting_get,meeting_create").stdout)
    assert sorted(t["name"] for t in only) == ["meeting_create", "meeting_get"]


def test_unknown_names_fail_with_the_valid_ones() -> None:
    result = zoom_mcp("--toolsets", "meetngs")
    assert result.returncode == 2 and "valid toolsets" in result.stderr and "meetings" in result.stderr


def test_default_is_the_generated_catalogue_and_curated_tools_are_opt_in() -> None:
    assert len(json.loads(zoom_mcp("--json").stdout)) == 159
    with_curated = json.loads(zoom_mcp("--json", "--curated").stdout)
    assert len(with_curated) > 159 and "live_recording_start" in {t["name"] for t in with_curated}
