"""The README's Zoom app setup tables are what `zoom-mcp tools scopes` prints from the catalogues."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from zoom_mcp.catalog.command_scopes import readme_with_tables
from zoom_mcp.catalog.registry import load_catalog
from zoom_mcp.catalog.scopes import scope_to_add, toolset_scopes, usable

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_tables_match_the_command() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_with_tables(text) == text, "run `zoom-mcp tools scopes --write-readme README.md`"
    for variant in ("regular", "master"):
        printed = subprocess.run(
            [sys.executable, "-m", "zoom_mcp", "tools", "scopes", "--api", variant], capture_output=True, text=True
        ).stdout
        assert printed.strip() and printed.strip() in text


def test_the_scope_to_add_is_the_account_kinds_own_and_covers_the_tool() -> None:
    for variant, suffix in (("regular", ":admin"), ("master", ":master")):
        tools = load_catalog(variant=variant).tools
        for tool in tools:
            scope = scope_to_add(tool, variant)
            assert scope is not None and usable(tool, {scope}), tool.name
        assert sum(str(scope_to_add(t, variant)).endswith(suffix) for t in tools) > 0.9 * len(tools)
    regular = {e.toolset: e for e in toolset_scopes(load_catalog(variant="regular").tools, "regular")}
    assert "meeting:read:list_past_participants:admin" in regular["meetings"].scopes
