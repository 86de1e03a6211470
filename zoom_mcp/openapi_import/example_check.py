"""Check a parsed field tree against its JSON example: every documented key must sit where the example puts it.

A key of the example that the tree documents nowhere is tolerated (examples drift); a key the tree
documents, but only at another place, means a dash was mis-read and is reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from zoom_mcp.openapi_import.reference_model import Field, ObjectShape


def all_field_names(shape: ObjectShape) -> set[str]:
    """Every field name anywhere in the tree."""
    names: set[str] = set()
    for field in shape.all_fields():
        names.add(field.name)
        for nested in _nested_shapes(field):
            names |= all_field_names(nested)
    return names


def _nested_shapes(field: Field) -> Iterator[ObjectShape]:
    if field.children is not None:
        yield field.children
    if field.items is not None and field.items.shape is not None:
        yield field.items.shape


def misplaced_keys(shape: ObjectShape, example: Any) -> list[str]:
    """Dotted paths (`a.b[].c`) of example keys documented in the tree, but not at that place."""
    documented = all_field_names(shape)
    problems: list[str] = []
    _walk(shape, example, "", documented, problems)
    return problems


def _walk(shape: ObjectShape | None, value: Any, where: str, documented: set[str], problems: list[str]) -> None:
    if isinstance(value, list):
        for element in value:
            _walk(shape, element, where + "[]", documented, problems)
        return
    if not isinstance(value, dict):
        return
    for key, child in value.items():
        path = f"{where}.{key}" if where else key
        field = shape.find(key) if shape is not None else None
        if field is None:
            if key in documented:
                problems.append(path)
            continue
        if field.children is not None:
            _walk(field.children, child, path, documented, problems)
        elif field.items is not None:
            _walk(field.items.shape, child, path, documented, problems)
