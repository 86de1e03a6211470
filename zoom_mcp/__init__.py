"""zoom-mcp: the whole Zoom Meetings API as typed MCP tools."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zoom-mcp")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = ["__version__"]
