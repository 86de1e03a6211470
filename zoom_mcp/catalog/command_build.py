"""`zoom-mcp specs build`: compile the OpenAPI document into tool_specs/tools.json (or check it is fresh)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from zoom_mcp.catalog.compiler import DEFAULT_OPENAPI, SPEC_DIR

    parser.add_argument("--openapi", type=Path, default=DEFAULT_OPENAPI, help="OpenAPI 3.0/3.1 document, JSON or YAML")
    parser.add_argument("--out-dir", type=Path, default=SPEC_DIR, help="where tools.json is written")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=SPEC_DIR,
        help="hand-kept name-overrides.json, classification.json, search-hints.json",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when tools.json is stale instead of writing it")


def run(args: argparse.Namespace) -> int:
    from zoom_mcp.catalog.compiler import CatalogError, check_catalog, write_catalog
    from zoom_mcp.catalog.naming import NamingError

    openapi: Path = args.openapi
    if not openapi.exists():
        print(f"error: OpenAPI document {openapi} not found; pass one with --openapi PATH", file=sys.stderr)
        return 2
    try:
        if args.check:
            problems = check_catalog(openapi, args.out_dir, args.data_dir)
            if problems:
                for problem in problems:
                    print(f"stale: {problem}", file=sys.stderr)
                print("Run `zoom-mcp specs build` and commit tool_specs/tools.json.", file=sys.stderr)
                return 1
            print(f"{args.out_dir / 'tools.json'} is up to date with {openapi.name}")
            return 0
        target = write_catalog(openapi, args.out_dir, args.data_dir)
    except (CatalogError, NamingError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {target}")
    return 0
