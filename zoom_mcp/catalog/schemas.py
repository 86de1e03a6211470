"""OpenAPI schema objects -> self-contained JSON Schema 2020-12.

`SchemaInliner.inline` resolves local `$ref`s (a circular one is cut and replaced by a permissive
`{"type": "object"}` with a note), merges `allOf` parts into one object, turns OpenAPI 3.0
`nullable: true` into type arrays with "null", converts 3.0 boolean `exclusiveMinimum/Maximum`,
and drops keywords that are not JSON Schema (`x-*`, `discriminator`, `xml`, `example`, ...).
`permissive_output` keeps only the shape of a response schema (field names and nesting, no types,
`required` or `enum`), so that real answers that drift from the spec still validate (nulls, numbers
where integers are documented, a lone value where a list is documented: Zoom's own examples send
`"group": "group_01"` where the spec says array of strings) and the outputSchema stays small.
"""

from __future__ import annotations

import copy
from typing import Any

JSONSchema = dict[str, Any]

# Keywords copied as they are (values are not schemas).
_PLAIN_KEYWORDS = frozenset(
    {
        "type", "format", "description", "title", "enum", "const", "default", "deprecated",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
        "minProperties", "maxProperties", "required", "contentMediaType", "contentEncoding",
    }
)  # fmt: skip
# Keywords whose value is one schema, or a list / map of schemas.
_SCHEMA_KEYWORDS = frozenset({"items", "additionalProperties", "not", "contains", "propertyNames"})
_SCHEMA_LIST_KEYWORDS = frozenset({"anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAP_KEYWORDS = frozenset({"properties", "patternProperties"})

CYCLE_NOTE = "Recursive structure ({name}): nested levels are not described; pass an object."


class SchemaError(ValueError):
    """A schema cannot be inlined (for example a `$ref` that points nowhere)."""


class SchemaInliner:
    """Inlines schemas of one OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise SchemaError(f"external $ref {ref!r} is not supported; bundle the document into one file first")
        node: Any = self._document
        for raw_part in ref.lstrip("#").strip("/").split("/") if ref not in ("#", "#/") else []:
            part = raw_part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, list):
                node = node[int(part)]
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                raise SchemaError(f"$ref {ref!r} points nowhere in the document; fix the reference")
        return node

    def deref(self, obj: Any) -> Any:
        """Follow `$ref` chains of non-schema objects (parameters, bodies, responses, path items)."""
        seen: set[str] = set()
        while isinstance(obj, dict) and "$ref" in obj:
            ref = obj["$ref"]
            if ref in seen:
                raise SchemaError(f"$ref cycle through {ref!r} outside a schema; fix the document")
            seen.add(ref)
            obj = self.lookup(ref)
        return obj

    def inline(self, schema: Any) -> JSONSchema:
        return self._inline(schema, ())

    def _inline(self, schema: Any, stack: tuple[str, ...]) -> JSONSchema:
        if schema is True or schema is None:
            return {}
        if schema is False:
            return {"not": {}}
        if not isinstance(schema, dict):
            raise SchemaError(f"not a schema: {schema!r}")
        if "$ref" in schema:
            ref = schema["$ref"]
            if ref in stack:
                note = CYCLE_NOTE.format(name=ref.rsplit("/", 1)[-1])
                return {"type": "object", "description": schema.get("description") or note}
            target = self._inline(self.lookup(ref), (*stack, ref))
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            if not siblings:
                return target
            return _merge([self._inline(siblings, stack), target])  # siblings (a description) win
        out: JSONSchema = {}
        for key, value in schema.items():
            if key in _PLAIN_KEYWORDS:
                out[key] = copy.deepcopy(value)
            elif key in _SCHEMA_KEYWORDS:
                out[key] = value if isinstance(value, bool) else self._inline(value, stack)
            elif key in _SCHEMA_LIST_KEYWORDS:
                out[key] = [self._inline(v, stack) for v in value]
            elif key in _SCHEMA_MAP_KEYWORDS:
                out[key] = {name: self._inline(v, stack) for name, v in value.items()}
        if isinstance(schema.get("items"), list):  # OpenAPI 3.0 never allows it; JSON Schema draft 4 tuples
            out.pop("items")
            out["prefixItems"] = [self._inline(v, stack) for v in schema["items"]]
        _fix_exclusive_bounds(out)
        if "allOf" in schema:
            parts = [self._inline(part, stack) for part in schema["allOf"]]
            out = _merge([out, *parts])  # the schema's own keywords (its description) win
        if schema.get("nullable") is True:
            _allow_null(out)
        if "type" not in out and "properties" in out:
            out["type"] = "object"
        return out


def _fix_exclusive_bounds(out: JSONSchema) -> None:
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = out.get(exclusive)
        if isinstance(value, bool):
            del out[exclusive]
            if value and bound in out:
                out[exclusive] = out.pop(bound)


def _allow_null(schema: JSONSchema) -> None:
    kind = schema.get("type")
    if isinstance(kind, str) and kind != "null":
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        schema["type"] = [*kind, "null"]
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]


def _merge(parts: list[JSONSchema]) -> JSONSchema:
    """Merge `allOf` parts: properties united (deep), `required` united, other keywords: the first one wins."""
    merged: JSONSchema = {}
    for part in parts:
        for key, value in part.items():
            if key == "properties":
                props = merged.setdefault("properties", {})
                for name, sub in value.items():
                    props[name] = _merge([props[name], sub]) if name in props else sub
            elif key == "required":
                required = merged.setdefault("required", [])
                required.extend(name for name in value if name not in required)
            elif key not in merged:
                merged[key] = value
    if "properties" in merged and "type" not in merged:
        merged["type"] = "object"
    return merged


def schema_keywords(schema: Any) -> set[str]:
    """Every keyword used anywhere in a schema, property names excluded (guard tests: no `$ref` left)."""
    keywords: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        keywords.update(node)
        for key, value in node.items():
            if key in _SCHEMA_MAP_KEYWORDS and isinstance(value, dict):
                stack.extend(value.values())
            elif key in _SCHEMA_LIST_KEYWORDS or key == "allOf":
                stack.extend(value)
            elif key in _SCHEMA_KEYWORDS or key == "$defs":
                stack.extend(value.values() if key == "$defs" else [value])
    return keywords


def permissive_output(schema: JSONSchema) -> tuple[JSONSchema, str | None]:
    """An outputSchema for a 2xx answer, and the wrapper key (`"result"`) when the answer is not an object.

    MCP requires an object at the root of structured content; a non-object answer (an array, a string)
    is wrapped as `{"result": <answer>}` and the caller must wrap it the same way.
    """
    if _is_object(schema):
        return {"type": "object", **output_shape(schema)}, None
    return {"type": "object", "properties": {"result": output_shape(schema)}}, "result"


def output_shape(schema: JSONSchema) -> JSONSchema:
    """The answer's field names and nesting, nothing that can reject a value.

    `properties` and `items` only: they constrain nothing when the value is null or of another kind, so
    any answer validates, while the agent still learns every field the answer may hold. The variants of
    `anyOf`/`oneOf` contribute their fields to one shape.
    """
    properties: dict[str, JSONSchema] = {}
    for variant in (schema, *schema.get("anyOf", ()), *schema.get("oneOf", ())):
        for name, sub in (variant.get("properties") or {}).items() if isinstance(variant, dict) else ():
            shaped = output_shape(sub) if isinstance(sub, dict) else {}
            properties[name] = _merge_shapes(properties[name], shaped) if name in properties else shaped
    out: JSONSchema = {}
    if properties:
        out["properties"] = properties
    items = schema.get("items")
    if isinstance(items, dict):
        shaped_items = output_shape(items)
        if shaped_items:
            out["items"] = shaped_items
    return out


def _merge_shapes(first: JSONSchema, second: JSONSchema) -> JSONSchema:
    merged: JSONSchema = {}
    properties = {**first.get("properties", {})}
    for name, sub in second.get("properties", {}).items():
        properties[name] = _merge_shapes(properties[name], sub) if name in properties else sub
    if properties:
        merged["properties"] = properties
    if "items" in first or "items" in second:
        merged["items"] = _merge_shapes(first.get("items", {}), second.get("items", {}))
    return merged


def _is_object(schema: JSONSchema) -> bool:
    kind = schema.get("type")
    if kind == "object" or (isinstance(kind, list) and kind and set(kind) <= {"object", "null"}):
        return True
    return kind is None and "properties" in schema
