"""Shared helpers for the eval tests: the scenario library and small scenario files written on the fly."""

from __future__ import annotations

from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[2] / "evals" / "scenarios"


@pytest.fixture
def write_scenarios(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write YAML text to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "scenarios.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
