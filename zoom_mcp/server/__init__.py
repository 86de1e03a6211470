"""MCP wiring: `build_server(runtime)` on the mcp 2.x low-level Server, and `zoom-mcp serve`."""
