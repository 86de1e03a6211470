"""`zoom-mcp tools list` takes the server's selection options and reports the resulting size."""

from __future__ import annotations

import json
import os
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


def zoom_mcp_without_credentials(*args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZOOM_")} | variables
    command = [sys.executable, "-m", "zoom_mcp", "tools", "list", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env)


def test_default_is_the_generated_catalogue_and_curated_tools_are_opt_in() -> None:
    # without credentials the variant follows the sandbox's account type: regular (168 operations)
    regular = json.loads(zoom_mcp_without_credentials("--json").stdout)
    assert len(regular) == 168
    assert {t["_meta"]["zoom-mcp/operation"]["variant"] for t in regular} == {"regular"}
    with_curated = json.loads(zoom_mcp_without_credentials("--json", "--curated").stdout)
    assert len(with_curated) > 168 and "live_recording_start" in {t["name"] for t in with_curated}
    master = json.loads(zoom_mcp_without_credentials("--json", "--api", "master").stdout)
    assert len(master) == 159
    assert {t["_meta"]["zoom-mcp/operation"]["variant"] for t in master} == {"master"}
    master_curated = json.loads(zoom_mcp_without_credentials("--json", "--api", "master", "--curated").stdout)
    assert len(master_curated) > 159 and "live_recording_start" in {t["name"] for t in master_curated}


def test_zoom_api_variant_chooses_the_catalogue_and_a_bad_value_is_named() -> None:
    assert len(json.loads(zoom_mcp_without_credentials("--json", ZOOM_API_VARIANT="master").stdout)) == 159
    assert len(json.loads(zoom_mcp_without_credentials("--json", ZOOM_API_VARIANT="regular").stdout)) == 168
    flag_wins = zoom_mcp_without_credentials("--json", "--api", "regular", ZOOM_API_VARIANT="master")
    assert len(json.loads(flag_wins.stdout)) == 168
    bad = zoom_mcp_without_credentials(ZOOM_API_VARIANT="sub-account")
    assert bad.returncode == 1 and "ZOOM_API_VARIANT" in bad.stderr and "regular, master, auto" in bad.stderr


def test_tool_mode_all_shows_what_serve_lists_in_all_mode() -> None:
    # `serve --tool-mode all` lists the catalogue and the curated in-meeting tools; so does `tools list --tool-mode all`
    for api, operations in (("regular", 168), ("master", 159)):
        listed = json.loads(zoom_mcp_without_credentials("--json", "--api", api, "--tool-mode", "all").stdout)
        curated = json.loads(zoom_mcp_without_credentials("--json", "--api", api, "--curated").stdout)
        assert [t["name"] for t in listed] == [t["name"] for t in curated]
        assert len(listed) > operations and "live_recording_start" in {t["name"] for t in listed}
        from_env = zoom_mcp_without_credentials("--json", "--api", api, ZOOM_MCP_TOOL_MODE="all")
        assert len(json.loads(from_env.stdout)) == len(listed)
    # without the flag or the variable: the generated catalogue alone, as before
    assert len(json.loads(zoom_mcp_without_credentials("--json", "--api", "master").stdout)) == 159


def test_selection_flags_name_curated_tools_as_on_serve() -> None:
    # `serve --tools/--exclude-tools` accept the curated in-meeting tools; `tools list` takes the same flags
    only = zoom_mcp_without_credentials("--json", "--tools", "live_recording_start,meeting_get")
    assert only.returncode == 0, only.stderr
    assert sorted(t["name"] for t in json.loads(only.stdout)) == ["live_recording_start", "meeting_get"]
    in_mode = zoom_mcp_without_credentials("--json", "--tool-mode", "all", "--tools", "live_recording_start")
    assert [t["name"] for t in json.loads(in_mode.stdout)] == ["live_recording_start"]
    without = zoom_mcp_without_credentials("--json", "--curated", "--exclude-tools", "ai_companion_disable")
    names = {t["name"] for t in json.loads(without.stdout)}
    assert "ai_companion_disable" not in names and "ai_companion_stop" in names
    assert zoom_mcp_without_credentials("--tools", "live_recording_begin").returncode == 2
