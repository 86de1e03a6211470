"""`zoom-mcp tools show NAME`: one tool in full, as tools/list sends it, or close matches."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="tool name, e.g. meetings_list")
    parser.add_argument("--catalog", type=Path, default=None, help="tools.json to read (default: the built-in one)")
    parser.add_argument(
        "--api",
        choices=("regular", "master", "auto"),
        default=None,
        help="which catalogue to look in (default auto: the regular one, then the master-account one)",
    )


def close_matches(name: str, names: list[str]) -> list[str]:
    """Similar names, then names containing the text (so `summary` finds `meeting_summary_get`)."""
    similar = difflib.get_close_matches(name, names, n=5, cutoff=0.6)
    containing = [n for n in names if name.lower() in n and n not in similar]
    return (similar + containing)[:8]


def run(args: argparse.Namespace) -> int:
    from zoom_mcp.catalog.registry import CatalogNotFound, load_catalog

    variants = [args.api] if args.api in ("regular", "master") else ["regular", "master"]
    try:
        catalogs = [load_catalog(args.catalog)] if args.catalog else [load_catalog(variant=v) for v in variants]
    except CatalogNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    catalog = next((c for c in catalogs if args.name in c.by_name), catalogs[0])
    tool = catalog.by_name.get(args.name)
    if tool is None:
        matches = close_matches(args.name, list(catalog.by_name))
        hint = f" Did you mean: {', '.join(matches)}?" if matches else ""
        print(f"error: no tool named {args.name!r}.{hint} Run `zoom-mcp tools list` for all names.", file=sys.stderr)
        return 1
    print(json.dumps(tool.to_mcp_dict(), indent=1, ensure_ascii=False))
    return 0
