"""Validate a request against its operation: query parameters (coerced from strings) and the body.

Zoom is strict about types, enums and required fields but ignores unknown fields, and so is this.
Failures become one 400 `{"code": 300, "message": "Validation Failed.", "errors": [{"field", "message"}]}`.
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import Draft202012Validator

from zoom_mcp.sandbox.errors import validation_failed
from zoom_mcp.sandbox.spec import SpecOperation

JSON = Any
_TRUE = {"true", "1"}
_FALSE = {"false", "0"}


def _schema_type(schema: dict[str, JSON]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return str(kinds[0]) if kinds else None
    return str(kind) if kind else None


def _coerce_scalar(value: str, schema: dict[str, JSON]) -> JSON:
    kind = _schema_type(schema)
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError("expected true or false")
    return value


def coerce_query(operation: SpecOperation, raw: dict[str, list[str]]) -> dict[str, JSON]:
    """Coerce and check query parameters; unknown ones are ignored like Zoom does."""
    values: dict[str, JSON] = {}
    errors: list[dict[str, str]] = []
    for param in operation.query_params:
        given = raw.get(param.name)
        if not given:
            if param.required:
                errors.append({"field": param.name, "message": f"Required query parameter '{param.name}' is missing."})
            continue
        schema = param.schema
        try:
            if _schema_type(schema) == "array":
                item_schema = schema.get("items") or {"type": "string"}
                parts = [p for v in given for p in v.split(",") if p != ""]
                value: JSON = [_coerce_scalar(p, item_schema) for p in parts]
            else:
                value = _coerce_scalar(given[-1], schema)
        except ValueError:
            errors.append(
                {"field": param.name, "message": f"Invalid value '{given[-1]}': expected {schema.get('type')}."}
            )
            continue
        candidates = value if isinstance(value, list) else [value]
        enum = (schema.get("items") or {}).get("enum") if isinstance(value, list) else schema.get("enum")
        bad = [c for c in candidates if enum and c not in enum and str(c) not in [str(e) for e in enum]]
        if bad:
            errors.append({"field": param.name, "message": f"Invalid value {bad[0]!r}; allowed: {enum}."})
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            low, high = schema.get("minimum"), schema.get("maximum")
            if (low is not None and value < low) or (high is not None and value > high):
                errors.append({"field": param.name, "message": f"Value {value} out of range [{low}, {high}]."})
                continue
        values[param.name] = value
    if errors:
        raise validation_failed(errors)
    return values


def _relax(schema: JSON) -> JSON:
    """Drop `additionalProperties: false` (Zoom ignores unknown fields) and examples."""
    if isinstance(schema, dict):
        out = {k: _relax(v) for k, v in schema.items() if k not in ("example", "examples")}
        if out.get("additionalProperties") is False:
            del out["additionalProperties"]
        if "properties" in schema:
            out["properties"] = {name: _relax(sub) for name, sub in schema["properties"].items()}
        return out
    if isinstance(schema, list):
        return [_relax(s) for s in schema]
    return schema


class BodyValidator:
    """A cached Draft 2020-12 validator for one operation's JSON body."""

    def __init__(self, schema: dict[str, JSON]) -> None:
        self._validator = Draft202012Validator(_relax(copy.deepcopy(schema)))

    def errors(self, body: JSON) -> list[dict[str, str]]:
        found = []
        for error in sorted(self._validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path))):
            parts = [str(p) for p in error.absolute_path]
            if error.validator == "required" and isinstance(error.instance, dict):
                missing = [r for r in error.validator_value if r not in error.instance]
                for name in missing:  # one `required` error per missing name, each naming them all
                    entry = {"field": ".".join([*parts, name]), "message": f"Required field '{name}' is missing."}
                    if entry not in found:
                        found.append(entry)
                continue
            found.append({"field": ".".join(parts) or "body", "message": _message(error.message)})
        return found


def _message(text: str) -> str:
    return text if len(text) <= 300 else text[:297] + "..."
