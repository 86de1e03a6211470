"""The checks MCP Inspector's `--cli --strict` runs over `tools/list` (its core/json/schemaLint.ts, in
Inspector v2: rules `boolean-schema`, `type-union`, `untyped-schema`, `remote-ref`), reproduced in Python (a
fast guard over the catalogues; tests/catalog/test_inspector_cli.py checks it finds exactly what the real,
pinned Inspector finds, on our tools and on a set of deliberately bad schemas),
plus what the main model providers reject in input schemas (docs: ../shared/notes/mcp-clients.md):
a root that is not a plain object schema, an array without `items`, a union inside `items`.

The walk visits exactly the subschema positions the Inspector visits (properties, patternProperties,
dependentSchemas, dependencies, $defs, definitions; allOf/anyOf/oneOf/prefixItems; items (both forms),
contains, not, propertyNames, if/then/else, additionalProperties, unevaluatedProperties, additionalItems,
unevaluatedItems, contentSchema).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

MAX_DEPTH = 64
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")

BOOLEAN_VALUED = frozenset({"additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems"})
SUBSCHEMA = (
    "items", "contains", "not", "propertyNames", "if", "then", "else", "additionalProperties",
    "unevaluatedProperties", "additionalItems", "unevaluatedItems", "contentSchema",
)  # fmt: skip
SUBSCHEMA_ARRAYS = ("allOf", "anyOf", "oneOf", "prefixItems")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "dependencies", "$defs", "definitions")
CONSTRAINING = frozenset(
    {
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "format", "contentMediaType", "contentEncoding", "contentSchema",
        "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties",
        "required", "dependentRequired", "allOf", "anyOf", "oneOf", "not", "items", "prefixItems", "contains",
        "additionalItems", "unevaluatedItems", "properties", "patternProperties", "additionalProperties",
        "unevaluatedProperties", "propertyNames", "dependentSchemas", "dependencies", "$ref", "$dynamicRef",
        "$recursiveRef",
    }
)  # fmt: skip
JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})


def inspector_findings(schema: Any) -> list[tuple[str, str]]:
    """(rule, path) for every finding the Inspector's strict lint raises on one schema; paths are written as the
    Inspector writes them (`properties.a.items`, `properties["odd name"].anyOf[1]`, "" for the root)."""
    findings: list[tuple[str, str]] = []
    _walk(schema, "", None, findings, 0, _declares_any_id(schema, 0))
    return findings


def _child_path(parent: str, key: str) -> str:
    if IDENTIFIER.match(key):
        return f"{parent}.{key}" if parent else key
    return f"{parent}[{json.dumps(key, ensure_ascii=False)}]"


def _subschemas(node: dict[str, Any], path: str) -> Iterator[tuple[Any, str, str]]:
    """(subschema, its path, the keyword it sits under), in the Inspector's order."""
    for key in SUBSCHEMA_MAPS:
        value = node.get(key)
        if isinstance(value, dict):
            for name, sub in value.items():
                yield sub, _child_path(_child_path(path, key), name), key
    for key in SUBSCHEMA_ARRAYS:
        value = node.get(key)
        if isinstance(value, list):
            for index, sub in enumerate(value):
                yield sub, f"{_child_path(path, key)}[{index}]", key
    for key in SUBSCHEMA:
        if key not in node:
            continue
        value = node[key]
        if key == "items" and isinstance(value, list):
            for index, sub in enumerate(value):
                yield sub, f"{_child_path(path, key)}[{index}]", key
            continue
        yield value, _child_path(path, key), key


def _declares_any_id(node: Any, depth: int) -> bool:
    """A non-empty `$id` anywhere: the Inspector then cannot tell a remote `$ref` from an embedded one."""
    if depth > MAX_DEPTH or not isinstance(node, dict):
        return False
    if isinstance(node.get("$id"), str) and node["$id"]:
        return True
    return any(_declares_any_id(sub, depth + 1) for sub, _, _ in _subschemas(node, ""))


def _walk(
    node: Any, path: str, keyword: str | None, findings: list[tuple[str, str]], depth: int, embedded_ids: bool
) -> None:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, bool):
        if keyword not in BOOLEAN_VALUED:
            findings.append(("boolean-schema", path))
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    legal_union = isinstance(kind, list) and kind and all(isinstance(t, str) and t in JSON_TYPES for t in kind)
    if legal_union and len(set(kind)) == len(kind):
        findings.append(("type-union", path))
    ref = node.get("$ref")
    if isinstance(ref, str) and ref and not ref.startswith("#") and not embedded_ids:
        findings.append(("remote-ref", path))
    constrains = bool(set(node) & CONSTRAINING) or ("if" in node and ("then" in node or "else" in node))
    if not constrains and keyword != "not":
        findings.append(("untyped-schema", path))
    for sub, sub_path, sub_keyword in _subschemas(node, path):
        _walk(sub, sub_path, sub_keyword, findings, depth + 1, embedded_ids)


def provider_problems(schema: dict[str, Any]) -> list[str]:
    """What the main model providers reject in an input schema (root shape, arrays without items, unions in
    items), each with its path."""
    problems = []
    if schema.get("type") != "object":
        problems.append("root: type must be object")
    for combinator in ("anyOf", "oneOf", "allOf", "not", "enum", "const"):
        if combinator in schema:
            problems.append(f"root: {combinator} at the root")
    stack: list[tuple[Any, str, bool]] = [(schema, "", False)]
    while stack:
        node, path, in_items = stack.pop()
        if not isinstance(node, dict):
            continue
        kinds = node.get("type") if isinstance(node.get("type"), list) else [node.get("type")]
        if "array" in kinds and not isinstance(node.get("items"), dict):
            problems.append(f"{path or 'root'}: array without items")
        if in_items and ("anyOf" in node or "oneOf" in node or isinstance(node.get("type"), list)):
            problems.append(f"{path}: a union inside items")
        for name, sub in (node.get("properties") or {}).items():
            stack.append((sub, f"{path}.{name}", in_items))
        if isinstance(node.get("items"), dict):
            stack.append((node["items"], f"{path}[]", True))
        for key in ("anyOf", "oneOf", "allOf"):
            for index, sub in enumerate(node.get(key) or []):
                stack.append((sub, f"{path}.{key}[{index}]", in_items))
    return problems
