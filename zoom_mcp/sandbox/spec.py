"""Load the OpenAPI document once and turn each operation into a `SpecOperation` the sandbox can serve.

Schemas are normalised on load: local `$ref`s resolved and `allOf` parts merged into one object schema,
so validation and example synthesis work on plain JSON Schema.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

JSON = Any
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class SpecParameter:
    """A path or query parameter with its JSON schema."""

    name: str
    location: str  # "path" or "query"
    required: bool
    schema: dict[str, JSON]


@dataclass
class SpecOperation:
    """One operation of the OpenAPI document, with everything the sandbox needs to serve it."""

    method: str  # upper case
    path: str  # template, e.g. /accounts/{accountId}/meetings/{meetingId}
    operation_id: str
    tags: list[str]
    parameters: list[SpecParameter]
    body_content_type: str | None
    body_schema: dict[str, JSON] | None
    body_required: bool
    body_example: JSON
    success_status: int
    success_schema: dict[str, JSON] | None
    success_example: JSON
    rate_limit_label: str | None
    scopes: list[str] = field(default_factory=list)
    granular_scopes: list[str] = field(default_factory=list)

    @property
    def path_params(self) -> list[SpecParameter]:
        return [p for p in self.parameters if p.location == "path"]

    @property
    def query_params(self) -> list[SpecParameter]:
        return [p for p in self.parameters if p.location == "query"]


def _resolve_refs(node: JSON, root: JSON, seen: frozenset[str] = frozenset()) -> JSON:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
            target: JSON = root
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            resolved = _resolve_refs(copy.deepcopy(target), root, seen | {ref})
            if siblings and isinstance(resolved, dict):
                resolved = {**resolved, **_resolve_refs(siblings, root, seen)}
            return resolved
        return {k: _resolve_refs(v, root, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve_refs(v, root, seen) for v in node]
    return node


def merge_all_of(schema: JSON) -> JSON:
    """Return `schema` with every `allOf` merged into its parent (properties and required united)."""
    if isinstance(schema, list):
        return [merge_all_of(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    merged: dict[str, JSON] = {}
    parts = schema.get("allOf")
    if isinstance(parts, list):
        for part in parts:
            _merge_into(merged, merge_all_of(part))
    rest = {
        k: merge_all_of(v) if k not in ("example", "examples", "default", "enum", "const") else v
        for k, v in schema.items()
        if k != "allOf"
    }
    if "properties" in rest:
        rest["properties"] = {name: merge_all_of(sub) for name, sub in schema["properties"].items()}
    _merge_into(merged, rest)
    if "properties" in merged and "type" not in merged:
        merged["type"] = "object"
    return merged


def _merge_into(target: dict[str, JSON], source: dict[str, JSON]) -> None:
    for key, value in source.items():
        if key == "properties" and isinstance(value, dict):
            props = target.setdefault("properties", {})
            for name, sub in value.items():
                if name in props and isinstance(props[name], dict) and isinstance(sub, dict):
                    both: dict[str, JSON] = dict(props[name])
                    _merge_into(both, sub)
                    props[name] = both
                else:
                    props[name] = sub
        elif key == "required" and isinstance(value, list):
            req = target.setdefault("required", [])
            req.extend(v for v in value if v not in req)
        elif key not in target:
            target[key] = value


def _json_content(container: dict[str, JSON]) -> tuple[str | None, dict[str, JSON] | None, JSON]:
    content = container.get("content") or {}
    for content_type in ("application/json", "multipart/form-data"):
        media = content.get(content_type)
        if isinstance(media, dict):
            schema = merge_all_of(media.get("schema")) if media.get("schema") is not None else None
            example = media.get("example")
            if example is None and isinstance(media.get("examples"), dict):
                first = next(iter(media["examples"].values()), None)
                example = first.get("value") if isinstance(first, dict) else None
            if example is None and isinstance(schema, dict):
                example = schema.get("example")
            return content_type, schema, example
    for content_type, media in content.items():
        if isinstance(media, dict):
            return content_type, merge_all_of(media.get("schema")), media.get("example")
    return None, None, None


def _operation(path: str, method: str, op: dict[str, JSON], shared_params: list[JSON]) -> SpecOperation:
    params: dict[tuple[str, str], SpecParameter] = {}
    for raw in [*shared_params, *(op.get("parameters") or [])]:
        if not isinstance(raw, dict) or raw.get("in") not in ("path", "query"):
            continue
        param = SpecParameter(
            name=raw["name"],
            location=raw["in"],
            required=bool(raw.get("required", raw["in"] == "path")),
            schema=merge_all_of(raw.get("schema") or {"type": "string"}),
        )
        params[(param.location, param.name)] = param
    body = op.get("requestBody") or {}
    body_type, body_schema, body_example = _json_content(body) if body else (None, None, None)
    responses = op.get("responses") or {}
    success = sorted(int(s) for s in responses if str(s).isdigit() and 200 <= int(s) < 300) or [200]
    status = success[0]
    response = responses.get(str(status)) or responses.get(status) or {}
    _, out_schema, out_example = _json_content(response) if isinstance(response, dict) else (None, None, None)
    label = op.get("x-zoom-rate-limit-label")
    return SpecOperation(
        method=method.upper(),
        path=path,
        operation_id=str(op.get("operationId") or f"{method}_{path}"),
        tags=list(op.get("tags") or []),
        parameters=list(params.values()),
        body_content_type=body_type,
        body_schema=body_schema,
        body_required=bool(body.get("required", False)),
        body_example=body_example,
        success_status=status,
        success_schema=out_schema,
        success_example=out_example,
        rate_limit_label=str(label).upper() if label else None,
        scopes=list(op.get("x-zoom-scopes") or []),
        granular_scopes=list(op.get("x-zoom-granular-scopes") or []),
    )


FileVersion = tuple[str, int, int]
_CACHE: dict[FileVersion, list[SpecOperation]] = {}


def file_version(path: Path) -> FileVersion | None:
    """(resolved path, modification time, size) of a file, or None when there is none: what parses are cached on."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return str(path.resolve()), stat.st_mtime_ns, stat.st_size


def load_operations(spec_path: Path) -> list[SpecOperation]:
    """Read the OpenAPI document at `spec_path` and return its operations in document order.

    Parsed once per file version (path, modification time, size): every fresh sandbox of a test run
    or an evaluation shares the parse. The operations are treated as read-only by the sandbox.
    """
    key = file_version(spec_path)
    if key is not None and key in _CACHE:
        return list(_CACHE[key])
    operations = _parse_operations(spec_path)
    if key is not None:
        _CACHE[key] = operations
    return list(operations)


def _parse_operations(spec_path: Path) -> list[SpecOperation]:
    try:
        document = json.loads(spec_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FileNotFoundError(
            f"OpenAPI document not found at {spec_path}; run `zoom-mcp specs import` first "
            "or pass SandboxConfig(spec_path=...)."
        ) from exc
    document = _resolve_refs(document, document)
    operations: list[SpecOperation] = []
    for path, item in (document.get("paths") or {}).items():
        shared = item.get("parameters") or []
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                operations.append(_operation(path, method, op, shared))
    return operations
