"""Fixtures: the vendored reference parsed once, and the OpenAPI document built from it once."""

from __future__ import annotations

from typing import Any

import pytest

from zoom_mcp.openapi_import.importer import DEFAULT_OVERLAY, DEFAULT_REFERENCE, build_document, load_overlay
from zoom_mcp.openapi_import.reference_model import Reference
from zoom_mcp.openapi_import.reference_parser import parse_reference_file


@pytest.fixture(scope="session")
def reference() -> Reference:
    return parse_reference_file(DEFAULT_REFERENCE)


@pytest.fixture(scope="session")
def overlay_data() -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(DEFAULT_OVERLAY.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def document(reference: Reference) -> dict[str, Any]:
    return build_document(reference, load_overlay(DEFAULT_OVERLAY))
