"""Spec examples and schema-based synthesis: the answer bodies of operations without state.

`response_body(op)` is a fresh copy of the 2xx example of the operation, or, when the document has
none, a minimal object synthesised from the 2xx schema. `project(value, schema)` trims a stored
resource to the properties a response schema declares so stateful answers keep the spec's shape.
"""

from __future__ import annotations

import copy
from typing import Any

from zoom_mcp.sandbox.spec import SpecOperation

JSON = Any

_FORMAT_SAMPLES = {
    "date-time": "2026-01-15T10:00:00Z",
    "date": "2026-01-15",
    "email": "user@sandbox.example.com",
    "uri": "https://sandbox.example.com/",
    "url": "https://sandbox.example.com/",
    "int64": None,
}


def _first_type(schema: dict[str, JSON]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return str(kinds[0]) if kinds else None
    if kind is None and "properties" in schema:
        return "object"
    return str(kind) if kind else None


def synthesize(schema: JSON, *, depth: int = 0, all_properties: bool = False) -> JSON:
    """A value valid against `schema` (best effort): example, default, first enum value or a sample."""
    if not isinstance(schema, dict):
        return None
    for key in ("example", "default", "const"):
        if key in schema:
            return copy.deepcopy(schema[key])
    if schema.get("enum"):
        return copy.deepcopy(schema["enum"][0])
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return synthesize(schema[key][0], depth=depth, all_properties=all_properties)
    kind = _first_type(schema)
    if kind == "object":
        props: dict[str, JSON] = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        names = list(props) if (all_properties and depth < 3) else [n for n in props if n in required]
        return {name: synthesize(props[name], depth=depth + 1, all_properties=all_properties) for name in names}
    if kind == "array":
        if depth > 4:
            return []
        count = max(1, int(schema.get("minItems") or 0))
        return [synthesize(schema.get("items") or {}, depth=depth + 1, all_properties=all_properties)] * count
    if kind == "integer":
        return int(schema.get("minimum", 1) or 1)
    if kind == "number":
        return float(schema.get("minimum", 1) or 1)
    if kind == "boolean":
        return False
    if kind == "string":
        sample = _FORMAT_SAMPLES.get(str(schema.get("format")))
        min_length = int(schema.get("minLength") or 0)
        text = sample or "sandbox"
        return text + "x" * max(0, min_length - len(text))
    return None


def response_body(op: SpecOperation) -> JSON:
    """A fresh 2xx body for `op`: its example, else synthesised from its schema (None when no body)."""
    if op.success_example is not None:
        return (
            project(op.success_example, op.success_schema) if op.success_schema else copy.deepcopy(op.success_example)
        )
    if op.success_schema is not None:
        return synthesize(op.success_schema, all_properties=True)
    return None


def item_schema(schema: JSON, list_key: str) -> dict[str, JSON]:
    """The item schema of array property `list_key` of an object schema ({} when unknown)."""
    if not isinstance(schema, dict):
        return {}
    prop = (schema.get("properties") or {}).get(list_key) or {}
    items = prop.get("items") if isinstance(prop, dict) else None
    return items if isinstance(items, dict) else {}


def project(value: JSON, schema: JSON) -> JSON:
    """Keep only the properties `schema` declares (recursively) and convert scalars to the declared type
    (a stored `"2"` becomes `2` where the schema says integer, and back); other values pass through."""
    if not isinstance(schema, dict) or not schema:
        return copy.deepcopy(value)
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        props = schema["properties"]
        return {k: project(v, props[k]) for k, v in value.items() if k in props}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [project(v, schema["items"]) for v in value]
    if _first_type(schema) == "array" and not isinstance(value, list) and value is not None:
        return [project(value, schema.get("items") or {})]
    return _convert_scalar(value, _first_type(schema))


def _convert_scalar(value: JSON, kind: str | None) -> JSON:
    if isinstance(value, bool) or value is None:
        return value
    if kind == "integer" and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    if kind == "string" and isinstance(value, int | float):
        return str(value)
    return copy.deepcopy(value)
