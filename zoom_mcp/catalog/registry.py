"""Runtime view of the catalogue: `load_catalog()` reads tool_specs/tools.json into `ToolSpec`s.

One catalogue per API variant: `load_catalog(variant="regular")` reads tool_specs/tools-regular.json,
`load_catalog(variant="master")` (and `load_catalog()`, as before) tool_specs/tools.json.

Plain `json.load`, no OpenAPI parsing and no jsonschema import, so start-up stays fast.
`ToolSpec.to_mcp_dict()` is exactly what `tools/list` sends for the tool.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zoom_mcp.data_files import data_path
from zoom_mcp.variants import CATALOG_FILES, VARIANTS

DEFAULT_CATALOG = data_path("tool_specs", "tools.json")
OPERATION_META = "zoom-mcp/operation"


class CatalogNotFound(FileNotFoundError):
    """tools.json is missing; the message says how to build it."""


@dataclass(frozen=True)
class ToolSpec:
    name: str
    title: str
    description: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any] | None
    annotations: dict[str, Any]
    operation: dict[str, Any]  # the _meta["zoom-mcp/operation"] block
    # full text of nested argument descriptions shortened to fit inputSchema (path -> text); not in tools/list
    field_descriptions: dict[str, str] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return str(self.operation["method"])

    @property
    def path(self) -> str:
        return str(self.operation["path"])

    @property
    def operation_id(self) -> str | None:
        value = self.operation.get("operationId")
        return None if value is None else str(value)

    @property
    def toolset(self) -> str:
        return str(self.operation["toolset"])

    @property
    def read_only(self) -> bool:
        return bool(self.annotations.get("readOnlyHint", False))

    @property
    def destructive(self) -> bool:
        return bool(self.annotations.get("destructiveHint", True))

    @property
    def arguments(self) -> dict[str, dict[str, Any]]:
        arguments: dict[str, dict[str, Any]] = self.operation.get("arguments", {})
        return arguments

    @property
    def destructive_when(self) -> list[dict[str, Any]]:
        conditions: list[dict[str, Any]] = self.operation.get("destructiveWhen", [])
        return conditions

    @property
    def danger(self) -> str:
        return str(self.operation.get("danger", "normal"))

    @property
    def gated(self) -> bool:
        """Calls need a confirmation, always or for some argument values."""
        return self.destructive or bool(self.destructive_when)

    @property
    def output_wrapper(self) -> str | None:
        """Key under which a non-object answer is wrapped in structured content (None: not wrapped)."""
        value = self.operation.get("outputWrapper")
        return None if value is None else str(value)

    @property
    def summary(self) -> str:
        return self.description.split("\n", 1)[0]

    @property
    def variant(self) -> str | None:
        """ "regular" or "master" for a Zoom catalogue tool (None for other documents and curated tools)."""
        value = self.operation.get("variant")
        return None if value is None else str(value)

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(str(s) for s in self.operation.get("scopes") or ())

    @property
    def granular_scopes(self) -> tuple[str, ...]:
        return tuple(str(s) for s in self.operation.get("granularScopes") or ())

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ToolSpec:
        return cls(
            name=raw["name"],
            title=raw.get("title", raw["name"]),
            description=raw.get("description", ""),
            input_schema=raw["inputSchema"],
            output_schema=raw.get("outputSchema"),
            annotations=raw.get("annotations", {}),
            operation=raw.get("_meta", {}).get(OPERATION_META, {}),
            field_descriptions=raw.get("fieldDescriptions", {}),
        )

    def to_mcp_dict(self) -> dict[str, Any]:
        """The tool as `tools/list` sends it (camelCase keys, `_meta` with the operation block)."""
        tool: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "inputSchema": self.input_schema,
        }
        if self.output_schema is not None:
            tool["outputSchema"] = self.output_schema
        tool["annotations"] = self.annotations
        tool["_meta"] = {OPERATION_META: self.operation}
        return tool


@dataclass(frozen=True)
class Catalog:
    tools: list[ToolSpec]
    source_sha256: str = ""
    variant: str | None = None  # "regular" | "master" for the Zoom catalogues
    by_name: dict[str, ToolSpec] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {tool.name: tool for tool in self.tools})

    @property
    def toolsets(self) -> list[str]:
        return sorted({tool.toolset for tool in self.tools})

    def select(self, tools: list[ToolSpec]) -> Catalog:
        """A catalogue restricted to some tools (the selection flags build the list)."""
        return Catalog(tools=tools, source_sha256=self.source_sha256, variant=self.variant)


def wire_name(argument: str, where: Mapping[str, Any]) -> str | None:
    """An argument's name in the request: `where["name"]` when the catalogue gives one (a renamed argument
    such as `body_type`, or None for a body that is not an object and is sent whole), else the argument's own."""
    if "name" in where:
        value = where["name"]
        return None if value is None else str(value)
    return argument


def catalog_path(variant: str) -> Path:
    """The installed catalogue of an API variant ("regular" or "master")."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown API variant {variant!r}; use one of {', '.join(VARIANTS)}")
    return data_path("tool_specs", CATALOG_FILES[variant])


def load_catalog(path: Path | None = None, *, variant: str | None = None) -> Catalog:
    """Read a catalogue: `path`, else the installed one of `variant`, else the master-account one (tools.json)."""
    target = path or (catalog_path(variant) if variant is not None else DEFAULT_CATALOG)
    try:
        with target.open(encoding="utf-8") as handle:
            raw = json.load(handle)
    except FileNotFoundError as exc:
        raise CatalogNotFound(f"tool catalogue {target} not found; build it with `zoom-mcp specs build`") from exc
    stamped = raw.get("variant")
    return Catalog(
        tools=[ToolSpec.from_dict(t) for t in raw["tools"]],
        source_sha256=raw.get("source_sha256", ""),
        variant=None if stamped is None else str(stamped),
    )


def tools_list_payload(tools: list[ToolSpec]) -> list[dict[str, Any]]:
    return [tool.to_mcp_dict() for tool in tools]


def tools_list_size(tools: list[ToolSpec]) -> int:
    """Bytes of the tools as tools/list sends them (compact JSON, UTF-8)."""
    text = json.dumps(tools_list_payload(tools), separators=(",", ":"), ensure_ascii=False)
    return len(text.encode("utf-8"))
