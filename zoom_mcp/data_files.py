"""Where the data that ships next to the package lives: a source checkout's folders, or the copies a
wheel installs as setuptools `data-files` under `<data dir>/share/zoom-mcp/` (see pyproject.toml).

`data_path("tool_specs", "tools.json")` answers the checkout's file when it exists, else the installed
copy; when neither exists it answers the checkout path so error messages name the expected place.
"""

from __future__ import annotations

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def _data_directories() -> list[Path]:
    import site
    import sysconfig

    bases = [sysconfig.get_path("data"), sysconfig.get_path("data", f"{os.name}_user"), site.getuserbase()]
    return [Path(base) / "share" / "zoom-mcp" for base in bases if base]


def data_path(*parts: str) -> Path:
    checkout = CHECKOUT.joinpath(*parts)
    if checkout.exists():
        return checkout
    for base in _data_directories():
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    return checkout
