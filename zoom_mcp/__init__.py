"""zoom-mcp: the whole Zoom Meetings API as typed MCP tools."""

from zoom_mcp._version import __version__

__all__ = ["__version__"]
