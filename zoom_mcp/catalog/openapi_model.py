"""Typed intermediate model of an OpenAPI 3.0/3.1 document: one `Operation` per method + path.

`load_document(path)` reads JSON or YAML; `parse_operations(document)` walks `paths` and returns
operations with their parameters, request body and 2xx JSON response, all schemas fully inlined
(no `$ref`, `allOf` merged, `nullable` turned into type arrays) by `schemas.SchemaInliner`.
Nothing here knows about MCP; `compiler.py` maps this model to tools.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zoom_mcp.catalog.schemas import JSONSchema, SchemaInliner

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SUCCESS_STATUSES = ("200", "201", "202", "2XX", "2xx")


class OpenAPIError(ValueError):
    """The OpenAPI document cannot be compiled; the message names the operation and the fix."""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # "path" | "query" | "header" | "cookie"
    required: bool
    schema: JSONSchema
    description: str | None = None


@dataclass(frozen=True)
class RequestBody:
    content_type: str
    required: bool
    schema: JSONSchema


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str
    operation_id: str | None
    tag: str | None
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    response_schema: JSONSchema | None  # the 2xx JSON response schema, inlined
    response_example: Any = None
    scopes: tuple[str, ...] = ()
    granular_scopes: tuple[str, ...] = ()
    rate_limit: str | None = None
    prerequisites: tuple[str, ...] = ()
    extensions: dict[str, Any] = field(default_factory=dict)


def load_document(path: Path) -> dict[str, Any]:
    """Read an OpenAPI document, JSON or YAML (chosen by content, not by file name)."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("{"):
        loaded: Any = json.loads(text)
    else:
        import yaml

        loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict) or "paths" not in loaded:
        raise OpenAPIError(f"{path} is not an OpenAPI document (no top-level 'paths'); pass one with --openapi PATH")
    return loaded


def parse_operations(document: dict[str, Any]) -> list[Operation]:
    """All operations of the document, in document order."""
    inliner = SchemaInliner(document)
    operations: list[Operation] = []
    for path, path_item in (document.get("paths") or {}).items():
        path_item = inliner.deref(path_item)
        shared = [inliner.deref(p) for p in path_item.get("parameters", [])]
        for method in HTTP_METHODS:
            raw = path_item.get(method)
            if raw is None:
                continue
            operations.append(_parse_operation(inliner, method.upper(), path, raw, shared))
    return operations


def _parse_operation(
    inliner: SchemaInliner, method: str, path: str, raw: dict[str, Any], shared: list[dict[str, Any]]
) -> Operation:
    where = f"{method} {path}"
    own = [inliner.deref(p) for p in raw.get("parameters", [])]
    merged: dict[tuple[str, str], dict[str, Any]] = {(p["name"], p["in"]): p for p in shared}
    merged.update({(p["name"], p["in"]): p for p in own})
    parameters = tuple(_parse_parameter(inliner, p) for p in merged.values())
    tags = raw.get("tags") or []
    response_schema, response_example = _success_schema(inliner, raw.get("responses") or {})
    return Operation(
        method=method,
        path=path,
        operation_id=raw.get("operationId"),
        tag=tags[0] if tags else None,
        summary=(raw.get("summary") or "").strip(),
        description=(raw.get("description") or "").strip(),
        parameters=parameters,
        body=_parse_body(inliner, raw.get("requestBody"), where),
        response_schema=response_schema,
        response_example=response_example,
        scopes=tuple(raw.get("x-zoom-scopes") or ()),
        granular_scopes=tuple(raw.get("x-zoom-granular-scopes") or ()),
        rate_limit=raw.get("x-zoom-rate-limit-label"),
        prerequisites=tuple(raw.get("x-zoom-prerequisites") or ()),
        extensions={k: v for k, v in raw.items() if k.startswith("x-")},
    )


def _parse_parameter(inliner: SchemaInliner, raw: dict[str, Any]) -> Parameter:
    schema = raw.get("schema")
    if schema is None:  # content-style parameter: take the first media type's schema
        content: dict[str, Any] = raw.get("content") or {}
        first: dict[str, Any] = next(iter(content.values()), {})
        schema = first.get("schema", {})
    return Parameter(
        name=raw["name"],
        location=raw["in"],
        required=bool(raw.get("required", raw["in"] == "path")),
        schema=inliner.inline(schema),
        description=raw.get("description"),
    )


def _parse_body(inliner: SchemaInliner, raw: dict[str, Any] | None, where: str) -> RequestBody | None:
    if raw is None:
        return None
    raw = inliner.deref(raw)
    content: dict[str, Any] = raw.get("content") or {}
    if not content:
        return None
    content_type = _pick_content_type(content)
    if content_type is None:
        raise OpenAPIError(f"{where}: request body has no usable content type among {sorted(content)}")
    schema = inliner.inline(content[content_type].get("schema") or {})
    return RequestBody(content_type=content_type, required=bool(raw.get("required", False)), schema=schema)


def _pick_content_type(content: dict[str, Any]) -> str | None:
    for preferred in ("application/json", "multipart/form-data", "application/x-www-form-urlencoded"):
        if preferred in content:
            return preferred
    for name in content:
        if name.endswith("+json") or name.endswith("/json"):
            return name
    return next(iter(content), None)


def _success_schema(inliner: SchemaInliner, responses: dict[str, Any]) -> tuple[JSONSchema | None, Any]:
    for status in SUCCESS_STATUSES:
        response = responses.get(status)
        if response is None:
            continue
        response = inliner.deref(response)
        for media_type, media in (response.get("content") or {}).items():
            if media_type == "application/json" or media_type.endswith("+json"):
                example = media.get("example")
                if example is None and media.get("examples"):
                    first = inliner.deref(next(iter(media["examples"].values())))
                    example = first.get("value") if isinstance(first, dict) else None
                schema = media.get("schema")
                return (inliner.inline(schema) if schema is not None else None), example
        return None, None  # the first 2xx has no JSON body
    return None, None
