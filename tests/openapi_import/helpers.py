"""Small lookups shared by the importer tests."""

from __future__ import annotations

from typing import Any

from zoom_mcp.openapi_import.reference_model import Operation, Reference


def find_operation(reference: Reference, method: str, path: str) -> Operation:
    for operation in reference.operations:
        if operation.method == method and operation.path == path:
            return operation
    raise AssertionError(f"no operation {method} {path} in the reference")


def operations_of(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation object) for every operation of the document."""
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]
