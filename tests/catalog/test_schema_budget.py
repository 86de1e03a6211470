"""Every tool fits every client: no inputSchema over 16 KiB (claude.ai drops such tools), no description
over 2 KB (Claude Code's cap), and every field still reachable and typed after the long nested descriptions
moved to `fieldDescriptions` (zoom_mcp/catalog/schema_budget.py). Guards every catalogue in tool_specs/."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from zoom_mcp.catalog.compiler import SPEC_DIR
from zoom_mcp.catalog.schema_budget import (
    DESCRIPTION_CAP,
    INPUT_SCHEMA_BUDGET,
    INPUT_SCHEMA_CAP,
    SchemaBudgetError,
    field_paths,
    first_sentence,
    fit_input_schema,
    schema_size,
)
from zoom_mcp.live_controls import curated_tools
from zoom_mcp.variants import CATALOG_FILES, VARIANTS

CATALOGUES = sorted(SPEC_DIR.glob("tools*.json"))  # tools.json (master), tools-regular.json, ...


def tools_of(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["tools"])


def all_tools() -> list[tuple[str, dict[str, Any]]]:
    found = [(f"{path.stem}/{tool['name']}", tool) for path in CATALOGUES for tool in tools_of(path)]
    curated = [(f"curated-{variant}/{tool['name']}", tool) for variant in VARIANTS for tool in curated_tools(variant)]
    return found + curated


def restore(schema: dict[str, Any], notes: dict[str, str]) -> dict[str, Any]:
    """Put the full descriptions back at their dotted paths (the inverse of fitting)."""
    restored = copy.deepcopy(schema)
    for path, text in notes.items():
        node: Any = restored
        for part in path.replace("[]", ".[]").split("."):
            if not part:
                continue
            node = node["items"] if part == "[]" else node["properties"][part]
        node["description"] = text
    return restored


def untyped(schema: Any, path: str = "") -> list[str]:
    """Fields with no type (nor anyOf/oneOf/enum/const) anywhere in the schema."""
    problems = []
    for name, sub in (schema.get("properties") or {}).items():
        where = f"{path}.{name}" if path else name
        if not ({"type", "anyOf", "oneOf", "enum", "const"} & set(sub)):
            problems.append(where)
        problems += untyped(sub, where)
        if isinstance(sub.get("items"), dict):
            problems += untyped(sub["items"], where + "[]")
    return problems


def test_there_is_a_catalogue_to_guard() -> None:
    assert {path.name for path in CATALOGUES} >= {CATALOG_FILES[variant] for variant in VARIANTS}
    assert len(all_tools()) >= 159 + 168


@pytest.mark.parametrize(("label", "tool"), all_tools(), ids=lambda value: value if isinstance(value, str) else "")
def test_every_tool_fits_every_client(label: str, tool: dict[str, Any]) -> None:
    assert schema_size(tool["inputSchema"]) <= INPUT_SCHEMA_CAP
    assert len(tool["description"].encode("utf-8")) <= DESCRIPTION_CAP
    assert untyped(tool["inputSchema"]) == []
    assert tool["inputSchema"]["type"] == "object"


def test_the_biggest_schemas_keep_every_field_and_its_type() -> None:
    for path in CATALOGUES:
        for tool in tools_of(path):
            notes = tool.get("fieldDescriptions") or {}
            if not notes:
                assert schema_size(tool["inputSchema"]) <= INPUT_SCHEMA_BUDGET
                continue
            full = restore(tool["inputSchema"], notes)  # every note names a real field
            assert field_paths(full) == field_paths(tool["inputSchema"])
            assert schema_size(full) > INPUT_SCHEMA_BUDGET
            again, again_notes = fit_input_schema(full)
            assert again == tool["inputSchema"] and again_notes == notes  # the build is deterministic


def test_the_four_largest_operations_were_brought_under_the_budget_with_headroom() -> None:
    for variant in VARIANTS:
        tools = {tool["name"]: tool for tool in tools_of(SPEC_DIR / CATALOG_FILES[variant])}
        for name in ("meeting_create", "meeting_update", "webinar_create", "webinar_update"):
            assert tools[name]["fieldDescriptions"], (variant, name)
            assert schema_size(tools[name]["inputSchema"]) <= INPUT_SCHEMA_BUDGET <= INPUT_SCHEMA_CAP - 4096


def test_fit_keeps_small_schemas_and_top_level_descriptions() -> None:
    small = {"type": "object", "properties": {"a": {"type": "string", "description": "A. More."}}}
    assert fit_input_schema(small) == (small, {})
    nested = {
        "type": "object",
        "properties": {
            "top": {"type": "string", "description": "Top level stays. " * 20},
            "settings": {
                "type": "object",
                "description": "Settings.",
                "properties": {f"f{i}": {"type": "boolean", "description": "First. " + "x " * 80} for i in range(30)},
            },
        },
    }
    fitted, notes = fit_input_schema(nested, budget=4000)
    assert schema_size(fitted) <= 4000
    assert fitted["properties"]["top"] == nested["properties"]["top"]
    assert set(notes) <= {f"settings.f{i}" for i in range(30)}
    assert field_paths(fitted) == field_paths(nested)
    with pytest.raises(SchemaBudgetError, match="budget 100"):
        fit_input_schema(nested, budget=100)
    assert first_sentence("One. Two.") == "One."
    assert first_sentence("word " * 50, 20).endswith("…")
