"""Keeps server.json (the MCP registry manifest) in step with the package version.

`python -m zoom_mcp.manifest --write` rewrites the versions in server.json from zoom_mcp._version;
`python -m zoom_mcp.manifest` (no flag) exits 1 when they differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from zoom_mcp._version import __version__

MANIFEST = Path(__file__).resolve().parent.parent / "server.json"


def synced(manifest: dict[str, Any]) -> dict[str, Any]:
    updated = dict(manifest, version=__version__)
    updated["packages"] = [dict(p, version=__version__) for p in manifest.get("packages", [])]
    return updated


def main(argv: list[str]) -> int:
    current = json.loads(MANIFEST.read_text())
    wanted = synced(current)
    if current == wanted:
        return 0
    if "--write" in argv:
        MANIFEST.write_text(json.dumps(wanted, indent=2) + "\n")
        return 0
    print(f"server.json is not at version {__version__}; run: python -m zoom_mcp.manifest --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
