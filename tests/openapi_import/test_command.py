"""`zoom-mcp specs import` through the real CLI entry point, and staleness of the committed document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zoom_mcp.cli import main
from zoom_mcp.openapi_import.importer import DEFAULT_OUTPUT, import_openapi, render_document


def test_committed_document_equals_a_fresh_import() -> None:
    assert DEFAULT_OUTPUT.exists(), "run `zoom-mcp specs import` and commit tool_specs/zoom-meetings.openapi.json"
    assert DEFAULT_OUTPUT.read_text(encoding="utf-8") == render_document(import_openapi()), (
        "tool_specs/zoom-meetings.openapi.json is stale: run `zoom-mcp specs import` and commit it"
    )


def test_check_passes_on_the_committed_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["specs", "import", "--check"]) == 0
    assert "up to date (159 operations, 18 tags)" in capsys.readouterr().err


def test_import_writes_the_document_and_check_detects_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out" / "zoom.openapi.json"
    assert main(["specs", "import", "--check", "--output", str(output)]) == 1
    assert "missing" in capsys.readouterr().err

    assert main(["specs", "import", "--output", str(output)]) == 0
    err = capsys.readouterr().err
    assert err.strip() == f"wrote {output} (159 operations, 18 tags)"
    assert len(json.loads(output.read_text(encoding="utf-8"))["tags"]) == 18
    assert main(["specs", "import", "--check", "--output", str(output)]) == 0

    output.write_text(output.read_text(encoding="utf-8").replace('"Archiving"', '"Archive"', 1), encoding="utf-8")
    assert main(["specs", "import", "--check", "--output", str(output)]) == 1
    assert "stale" in capsys.readouterr().err


def test_unreadable_or_malformed_inputs_give_an_error_that_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out.json"
    assert main(["specs", "import", "--reference", str(tmp_path / "nope.txt"), "--output", str(output)]) == 2
    assert "cannot read" in capsys.readouterr().err
    broken = tmp_path / "broken.txt"
    broken.write_text("Meetings\nSummary\n- Method:\nFETCH - Path:\n/x - Tags: X\nResponses\n", encoding="utf-8")
    assert main(["specs", "import", "--reference", str(broken), "--output", str(output)]) == 2
    assert "expected '<METHOD> - Path:'" in capsys.readouterr().err
    assert not output.exists()
