"""The tool catalogue: compile OpenAPI into tool_specs/tools.json, and load it at run time.

Runtime code needs only `load_catalog`, `Catalog` and `ToolSpec` (cheap imports); the compiler
lives in `zoom_mcp.catalog.compiler` and is imported only by `zoom-mcp specs build`.
"""

from zoom_mcp.catalog.registry import Catalog, CatalogNotFound, ToolSpec, load_catalog

__all__ = ["Catalog", "CatalogNotFound", "ToolSpec", "load_catalog"]
