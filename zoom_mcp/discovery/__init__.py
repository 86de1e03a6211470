"""Progressive disclosure of the catalogue: tool modes, the meta-tools' definitions and tool search.

- `modes`: `discover` (default of `zoom-mcp serve`), `toolsets` and `all`; what each mode lists.
- `meta_tools`: the definitions of `zoom_search_tools`, `zoom_describe_tools`, `zoom_call_tool`,
  `zoom_call_read_tool`, `zoom_list_toolsets` and `zoom_enable_toolsets` (their calls are served by
  `zoom_mcp.server.meta_tools`, which sends every inner call down the direct call path).
- `search`: `ToolSearch`, the ranking behind `zoom_search_tools`.

Pure data and functions: nothing here imports the server, the Zoom client or the MCP SDK.
"""
