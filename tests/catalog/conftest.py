"""Shared fixtures: catalogues compiled from the small fixture documents in fixtures/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from zoom_mcp.catalog.compiler import build_catalog

FIXTURES = Path(__file__).parent / "fixtures"


def tools_by_name(catalog: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {tool["name"]: tool for tool in catalog["tools"]}


@pytest.fixture
def empty_data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    return data


@pytest.fixture
def yaml_catalog(tmp_path: Path) -> dict[str, Any]:
    data_dir = tmp_path / "yaml-data"
    data_dir.mkdir()
    (data_dir / "classification.json").write_text(
        json.dumps(
            {
                "operations": {
                    "thingDelete": {
                        "danger": "high",
                        "destructiveWhen": [{"when": {"action": "delete"}, "reason": "permanent"}],
                    }
                }
            }
        )
    )
    return build_catalog(FIXTURES / "petstore-3.0.yaml", data_dir)


@pytest.fixture
def json_catalog(empty_data_dir: Path) -> dict[str, Any]:
    return build_catalog(FIXTURES / "plain-3.1.json", empty_data_dir)
