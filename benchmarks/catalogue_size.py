"""Where the bytes of `tools/list` go: size per tool, per toolset and per field of the catalogue.

Target from the product brief: about 1 KB per tool with every field kept (FastMCP's `from_openapi` on the
same OpenAPI document: 4.7 KB per tool). Sizes are compact JSON in UTF-8, the way
`zoom-mcp tools list` counts them (`zoom_mcp.catalog.registry.tools_list_size`); the SDK's own
serialisation of the same tools is printed too. This script only measures; it changes nothing.

    python benchmarks/catalogue_size.py [--quick] [--catalog tool_specs/tools.json] [--top 10]

Fields: name, title, description, inputSchema (split into the property descriptions and the rest),
outputSchema, annotations, _meta (split into the operation block's keys), plus JSON punctuation.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from bench_report import describe, print_machine_info, print_summary, print_table

from zoom_mcp.catalog.registry import load_catalog, tools_list_size
from zoom_mcp.live_controls import curated_tools

TARGET_BYTES_PER_TOOL = 1024
FASTMCP_BYTES_PER_TOOL = 4.7 * 1024
FIELDS = ("name", "title", "description", "inputSchema", "outputSchema", "annotations", "_meta")


def size(value: Any) -> int:
    """Bytes of `value` as compact UTF-8 JSON."""
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def member_size(key: str, value: Any) -> int:
    """Bytes of `"key":value` inside an object."""
    return size(key) + 1 + size(value)


def schema_description_bytes(schema: Any) -> int:
    """Bytes of every `"description":"..."` member anywhere inside a JSON Schema (plus its comma)."""
    if isinstance(schema, list):
        return sum(schema_description_bytes(item) for item in schema)
    if not isinstance(schema, dict):
        return 0
    total = 0
    for key, value in schema.items():
        if key == "description" and isinstance(value, str):
            total += member_size(key, value) + 1
        elif key not in ("enum", "const", "default", "examples"):
            total += schema_description_bytes(value)
    return total


def field_bytes(tool: Mapping[str, Any]) -> dict[str, int]:
    """The tool's bytes split by part; the parts add up to `size(tool)` exactly."""
    parts: dict[str, int] = defaultdict(int)
    for key, value in tool.items():
        if key == "inputSchema":
            described = schema_description_bytes(value)
            parts["inputSchema: descriptions"] += described
            parts["inputSchema: rest"] += member_size(key, value) - described
        elif key == "_meta":
            operation = value.get("zoom-mcp/operation", {}) if isinstance(value, dict) else {}
            inner = sum(member_size(k, v) + 1 for k, v in operation.items())
            for meta_key, meta_value in operation.items():
                parts[f"_meta: {meta_key}"] += member_size(meta_key, meta_value) + 1
            parts["_meta: wrapper"] += member_size(key, value) - inner
        else:
            parts[key if key in FIELDS else "other fields"] += member_size(key, value)
    parts["JSON punctuation"] += size(dict(tool)) - sum(parts.values())
    return dict(parts)


def group_of(part: str) -> str:
    return part.split(":", 1)[0]


def analyse(tools: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-tool sizes, per-toolset totals and per-field totals for MCP-shaped tool dicts."""
    sizes = {tool["name"]: size(tool) for tool in tools}
    toolsets: dict[str, list[int]] = defaultdict(list)
    parts: dict[str, int] = defaultdict(int)
    for tool in tools:
        toolset = tool.get("_meta", {}).get("zoom-mcp/operation", {}).get("toolset", "default")
        toolsets[toolset].append(sizes[tool["name"]])
        for part, count in field_bytes(tool).items():
            parts[part] += count
    return {"sizes": sizes, "toolsets": dict(toolsets), "parts": dict(parts)}


def sdk_wire_size(tools: Iterable[Mapping[str, Any]]) -> int:
    """Bytes of the `tools/list` result as the SDK serialises it (pydantic, by alias, no None)."""
    from mcp_types import ListToolsResult, Tool

    result = ListToolsResult(tools=[Tool.model_validate(tool) for tool in tools])
    return len(result.model_dump_json(by_alias=True, exclude_none=True).encode("utf-8"))


def report(catalog_path: Path | None, top: int) -> dict[str, Any]:
    catalog = load_catalog(catalog_path)
    tools = [tool.to_mcp_dict() for tool in catalog.tools]
    curated = curated_tools()
    found = analyse(tools)
    sizes = list(found["sizes"].values())
    total = sum(sizes)
    stats = describe([float(s) for s in sizes])
    assert total + len(tools) + 1 == tools_list_size(catalog.tools), "size accounting differs from the CLI's"

    rows = [
        [
            "catalogue tools (`zoom-mcp tools list`)",
            len(tools),
            total + len(tools) + 1,
            stats["mean"],
            stats["p50"],
            stats["max"],
        ]
    ]
    curated_sizes = [size(tool) for tool in curated]
    rows.append(
        [
            "curated in-meeting tools",
            len(curated),
            sum(curated_sizes) + len(curated) + 1,
            sum(curated_sizes) / max(1, len(curated)),
            describe([float(s) for s in curated_sizes])["p50"],
            max(curated_sizes, default=0),
        ]
    )
    served = [*tools, *curated]
    served_bytes = size(served)
    rows.append(["served by `zoom-mcp serve` (both)", len(served), served_bytes, served_bytes / len(served), "", ""])
    print_table("tools/list bytes", ["set", "tools", "bytes", "mean/tool", "p50/tool", "max/tool"], rows)
    wire = sdk_wire_size(served)
    ratio = stats["mean"] / TARGET_BYTES_PER_TOOL
    print(
        f"\nSDK serialisation of the served list: {wire:,} bytes; target {TARGET_BYTES_PER_TOOL:,} B/tool "
        f"(x{ratio:.1f} today); FastMCP from_openapi ~{FASTMCP_BYTES_PER_TOOL:,.0f} B/tool "
        "(brief; see fastmcp_compare.py)"
    )

    toolset_rows = [
        [name, len(values), sum(values), sum(values) / len(values), max(values)]
        for name, values in sorted(found["toolsets"].items(), key=lambda item: -sum(item[1]))
    ]
    print_table("per toolset (catalogue)", ["toolset", "tools", "bytes", "mean/tool", "max/tool"], toolset_rows)

    parts = found["parts"]
    groups: dict[str, int] = defaultdict(int)
    for part, count in parts.items():
        groups[group_of(part)] += count
    group_rows = [
        [name, count, count / len(tools), 100 * count / total]
        for name, count in sorted(groups.items(), key=lambda item: -item[1])
    ]
    print_table("where the bytes go (catalogue, by field)", ["field", "bytes", "per tool", "%"], group_rows)
    part_rows = [
        [name, count, count / len(tools), 100 * count / total]
        for name, count in sorted(parts.items(), key=lambda item: -item[1])
        if ":" in name
    ]
    print_table("inside inputSchema and _meta", ["part", "bytes", "per tool", "%"], part_rows)

    largest = sorted(found["sizes"].items(), key=lambda item: -item[1])[:top]
    largest_rows = []
    for name, count in largest:
        tool = next(t for t in tools if t["name"] == name)
        split = field_bytes(tool)
        largest_rows.append(
            [
                name,
                count,
                split.get("description", 0),
                split.get("inputSchema: descriptions", 0) + split.get("inputSchema: rest", 0),
                split.get("outputSchema", 0),
                sum(v for k, v in split.items() if k.startswith("_meta")),
            ]
        )
    print_table(
        f"largest {top} tools", ["tool", "bytes", "description", "inputSchema", "outputSchema", "_meta"], largest_rows
    )
    return {
        "tools": len(tools),
        "total_bytes": total + len(tools) + 1,
        "mean_bytes_per_tool": round(stats["mean"], 1),
        "p50_bytes_per_tool": stats["p50"],
        "max_bytes_per_tool": stats["max"],
        "served_tools": len(served),
        "served_bytes": served_bytes,
        "sdk_wire_bytes": wire,
        "target_bytes_per_tool": TARGET_BYTES_PER_TOOL,
        "field_bytes": {name: count for name, count in sorted(groups.items(), key=lambda item: -item[1])},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="same figures (this benchmark is always quick)")
    parser.add_argument("--catalog", type=Path, default=None, help="tools.json to measure (default: the built-in)")
    parser.add_argument("--top", type=int, default=10, help="how many of the largest tools to list (default 10)")
    args = parser.parse_args(argv)
    print_machine_info()
    figures = report(args.catalog, 3 if args.quick else args.top)
    print_summary("catalogue_size", figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
