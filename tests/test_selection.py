"""--toolsets / --tools / --exclude-tools / --read-only / --confirm and select_tools."""

from __future__ import annotations

import argparse
import logging

import pytest

from tests.gates import specs
from zoom_mcp.selection import (
    DEFAULT_TOOLSETS,
    SelectionError,
    add_selection_arguments,
    policy_from_args,
    select_tools,
)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_selection_arguments(parser)
    return parser.parse_args(list(argv))


def names(*argv: str) -> list[str]:
    policy = policy_from_args(parse(*argv), known_tools=specs.ALL_TOOLS)
    return [t["name"] for t in select_tools(specs.ALL_TOOLS, policy)]


def test_every_toolset_is_served_without_flags_and_everyday_is_documented() -> None:
    policy = policy_from_args(parse())
    assert policy.toolsets is None
    assert "sip_trunk_numbers_delete_all" in names()
    assert {"meetings", "cloud_recording", "webinars"} <= DEFAULT_TOOLSETS
    everyday = names("--toolsets", "everyday")
    assert names("--toolsets", "default") == everyday
    assert "sip_trunk_numbers_delete_all" not in everyday  # sip_connected_audio is left out
    assert "meeting_delete" in everyday
    assert policy.confirm == "elicit" and not policy.read_only


def test_all_and_default_keywords() -> None:
    assert names("--toolsets", "all") == [t["name"] for t in specs.ALL_TOOLS]
    assert "sip_trunk_numbers_delete_all" in names("--toolsets", "default,sip_connected_audio")
    assert names("--toolsets", "cloud_recording") == ["recordings_delete"]


def test_tools_and_exclude_tools() -> None:
    assert names("--tools", "meetings_list,meeting_delete") == ["meetings_list", "meeting_delete"]
    assert names("--toolsets", "cloud_recording", "--tools", "meetings_list") == ["meetings_list", "recordings_delete"]
    assert "meeting_delete" not in names("--exclude-tools", "meeting_delete")


def test_read_only_wins() -> None:
    assert names("--read-only", "--tools", "meeting_delete,meetings_list", "--toolsets", "all") == ["meetings_list"]


def test_unknown_toolset_lists_valid_ones() -> None:
    with pytest.raises(
        SelectionError, match=r"unknown toolset\(s\) meetngs; valid toolsets: all, everyday, .*meetings"
    ):
        names("--toolsets", "meetngs")


def test_unknown_tool_names_are_reported() -> None:
    with pytest.raises(SelectionError, match="meeting_nuke"):
        names("--tools", "meeting_nuke")
    with pytest.raises(SelectionError, match="--exclude-tools: typo"):
        names("--exclude-tools", "typo")
    with pytest.raises(SelectionError, match="meeting_nuke"):
        select_tools(specs.ALL_TOOLS, policy_from_args(parse("--tools", "meeting_nuke")))


def test_confirm_modes_and_never_is_loud(caplog: pytest.LogCaptureFixture) -> None:
    assert policy_from_args(parse("--confirm", "token")).confirm == "token"
    with pytest.raises(SystemExit):
        parse("--confirm", "sometimes")
    caplog.set_level(logging.WARNING, logger="zoom_mcp.gates")
    assert policy_from_args(parse("--confirm", "never")).confirm == "never"
    assert any(r.levelno == logging.WARNING and "CONFIRMATIONS ARE OFF" in r.getMessage() for r in caplog.records)


def test_against_the_real_catalogue() -> None:
    from zoom_mcp.catalog.registry import load_catalog

    catalogue = load_catalog()
    assert set(catalogue.toolsets) >= DEFAULT_TOOLSETS
    assert len(select_tools(catalogue.tools, policy_from_args(parse("--toolsets", "all")))) == len(catalogue.tools)
    default = select_tools(catalogue.tools, policy_from_args(parse(), known_tools=catalogue.tools))
    assert len(default) == len(catalogue.tools)
    everyday = select_tools(catalogue.tools, policy_from_args(parse("--toolsets", "everyday")))
    assert 0 < len(everyday) < len(catalogue.tools)
    read_only = select_tools(catalogue.tools, policy_from_args(parse("--read-only", "--toolsets", "all")))
    assert read_only and all(spec.read_only for spec in read_only)
    assert not any(spec.gated for spec in read_only)
