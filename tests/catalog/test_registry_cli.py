"""Runtime loading (`load_catalog`, `ToolSpec`) and the `zoom-mcp tools list/show` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.catalog.conftest import FIXTURES
from zoom_mcp.catalog.compiler import write_catalog
from zoom_mcp.catalog.registry import CatalogNotFound, load_catalog, tools_list_size
from zoom_mcp.cli import main


@pytest.fixture
def catalog_path(tmp_path: Path) -> Path:
    (tmp_path / "classification.json").write_text(
        json.dumps({"operations": {"thingUpdate": {"destructiveWhen": [{"when": {"body_type": 8}, "reason": "r"}]}}})
    )
    return write_catalog(FIXTURES / "petstore-3.0.yaml", tmp_path, tmp_path)


def test_load_catalog_gives_tool_specs(catalog_path: Path) -> None:
    catalog = load_catalog(catalog_path)
    assert [t.name for t in catalog.tools] == ["thing_get", "thing_delete", "thing_update", "file_upload"]
    update = catalog.by_name["thing_update"]
    assert (update.method, update.path, update.toolset) == (
        "PATCH",
        "/accounts/{accountId}/things/{type}",
        "meeting_things",
    )
    assert not update.read_only and not update.destructive and update.gated
    assert update.destructive_when == [{"when": {"body_type": 8}, "reason": "r"}]
    assert update.arguments["body_type"] == {"in": "body", "name": "type"}
    assert update.danger == "normal"
    assert catalog.by_name["thing_get"].read_only
    assert catalog.by_name["thing_get"].output_wrapper == "result"
    assert catalog.toolsets == ["meeting_things", "uploads"]


def test_to_mcp_dict_is_the_stored_tool(catalog_path: Path) -> None:
    raw = json.loads(catalog_path.read_text())["tools"]
    catalog = load_catalog(catalog_path)
    assert [t.to_mcp_dict() for t in catalog.tools] == raw


def test_missing_catalogue_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(CatalogNotFound, match="zoom-mcp specs build"):
        load_catalog(tmp_path / "tools.json")


def test_tools_list_prints_one_line_per_tool_and_the_size(
    catalog_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tools", "list", "--catalog", str(catalog_path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 5
    assert lines[0].split()[:3] == ["thing_get", "meeting_things", "read-only"]
    assert lines[1].split()[:3] == ["thing_delete", "meeting_things", "destructive"]
    size = tools_list_size(load_catalog(catalog_path).tools)
    assert lines[-1] == f"4 tools; tools/list size {size} bytes (~{size // 4} tokens at bytes/4)"


def test_tools_list_json_is_what_tools_list_sends(catalog_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tools", "list", "--json", "--catalog", str(catalog_path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(catalog_path.read_text())["tools"]
    assert set(printed[0]) == {"name", "title", "description", "inputSchema", "outputSchema", "annotations", "_meta"}


def test_tools_show_prints_one_tool_or_close_matches(catalog_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tools", "show", "thing_get", "--catalog", str(catalog_path)]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "thing_get"
    assert main(["tools", "show", "thing_gett", "--catalog", str(catalog_path)]) == 1
    err = capsys.readouterr().err
    assert "no tool named 'thing_gett'" in err and "thing_get" in err and "zoom-mcp tools list" in err


def test_tools_list_stats_counts_tools_per_toolset(catalog_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tools", "list", "--stats", "--catalog", str(catalog_path)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[2].startswith("| meeting_things | 3 | ")
    assert lines[3].startswith("| uploads | 1 | ")
    size = tools_list_size(load_catalog(catalog_path).tools)
    assert lines[-1] == f"| **total** | **4** | **{size}** (~{size // 4} tokens) |"


def test_loading_the_catalogue_stays_light(catalog_path: Path) -> None:
    code = (
        "import sys; from zoom_mcp.catalog import load_catalog; "
        f"load_catalog(__import__('pathlib').Path({str(catalog_path)!r})); "
        "heavy = {'jsonschema', 'yaml', 'zoom_mcp.catalog.compiler'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


def test_tools_list_into_a_closed_pipe_ends_quietly() -> None:
    """`zoom-mcp tools list | head -1`: the reader leaves early; no BrokenPipeError traceback on stderr."""
    import subprocess
    import sys

    listing = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "zoom_mcp",
            "tools",
            "list",
            "--api",
            "master",
            "--json",
        ],  # ~470 KB: more than a pipe holds
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert listing.stdout is not None and listing.stderr is not None
    first = listing.stdout.readline()
    listing.stdout.close()  # as `head -1` does
    err = listing.stderr.read().decode()
    assert listing.wait(timeout=60) in (0, 1) and first.strip()
    assert "Traceback" not in err and "BrokenPipe" not in err
