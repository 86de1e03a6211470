"""The one place the version lives. pyproject.toml reads it; server.json is synced from it by
`python -m zoom_mcp.manifest --write` and checked by tests/test_manifest.py."""

__version__ = "0.1.0"
