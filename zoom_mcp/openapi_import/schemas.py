"""Turn parsed field trees (`ObjectShape`, `Field`, `ArrayItems`) into inline OpenAPI 3.1 schemas."""

from __future__ import annotations

from typing import Any

from zoom_mcp.openapi_import.reference_model import ArrayItems, Field, ObjectShape

MULTIPART = "multipart/form-data"


def object_schema(shape: ObjectShape, *, multipart: bool = False) -> dict[str, Any]:
    """`{"type": "object", "properties", "required"}`; allOf parts are kept as `allOf` of object schemas."""
    schema: dict[str, Any] = {"type": "object"}
    if shape.fields:
        properties: dict[str, Any] = {}
        for field in shape.fields:
            if field.name in properties:
                raise ValueError(f"field {field.name!r} is listed twice in one object")
            properties[field.name] = field_schema(field, multipart=multipart)
        schema["properties"] = properties
        required = [field.name for field in shape.fields if field.required]
        if required:
            schema["required"] = required
    if shape.all_of:
        schema["allOf"] = [object_schema(part, multipart=multipart) for part in shape.all_of]
    return schema


def field_schema(field: Field, *, multipart: bool = False) -> dict[str, Any]:
    """The schema of one field, with its nested object or array items."""
    if field.type == "object":
        schema = object_schema(field.children or ObjectShape(), multipart=multipart)
    elif field.type == "array":
        schema = {"type": "array"}
        if field.items is not None:
            schema["items"] = items_schema(field.items)
    else:
        schema = {"type": field.type}
        file_format = multipart and field.type == "string" and field.name == "file"
        if field.format or file_format:
            schema["format"] = "binary" if file_format else field.format
    _annotate(schema, field.enum, field.has_default, field.default, field.description)
    if field.type in ("object", "array") and field.format:
        schema["format"] = field.format
    return schema


def items_schema(items: ArrayItems) -> dict[str, Any]:
    """An array's item schema: a primitive type or an object."""
    if items.shape is not None:
        return object_schema(items.shape)
    schema: dict[str, Any] = {"type": items.type}
    if items.format:
        schema["format"] = items.format
    _annotate(schema, items.enum, False, None, items.description)
    return schema


def _annotate(
    schema: dict[str, Any], enum: list[Any] | None, has_default: bool, default: Any, description: str
) -> None:
    if enum is not None:
        schema["enum"] = enum
    if has_default:
        schema["default"] = default
    if description:
        schema["description"] = description
