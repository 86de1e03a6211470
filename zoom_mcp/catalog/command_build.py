"""`zoom-mcp specs build`: compile the OpenAPI documents into tool_specs/ (or check they are fresh).

Without `--openapi` it builds both Zoom catalogues: tool_specs/tools.json from zoom-meetings.openapi.json
(master-account variant) and tool_specs/tools-regular.json from zoom-meetings-regular.openapi.json (regular
variant); `--variant` restricts that to one. With `--openapi PATH` it compiles that one document into
`<out-dir>/tools.json` (any OpenAPI 3.0/3.1 document; `--variant` then only stamps the variant).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from zoom_mcp.catalog.compiler import SPEC_DIR

    parser.add_argument(
        "--openapi",
        type=Path,
        default=None,
        help="OpenAPI 3.0/3.1 document, JSON or YAML (default: both Zoom documents in tool_specs/)",
    )
    parser.add_argument(
        "--variant",
        choices=("regular", "master", "all"),
        default=None,
        help="which Zoom catalogue to build (default: all); with --openapi: the variant to stamp",
    )
    parser.add_argument("--out-dir", type=Path, default=SPEC_DIR, help="where the catalogue files are written")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=SPEC_DIR,
        help="hand-kept name-overrides.json, classification.json, search-hints.json",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a catalogue file is stale instead of writing it"
    )


def _jobs(args: argparse.Namespace) -> list[tuple[Path, str | None, str, frozenset[str]]]:
    """(document, variant, catalogue file name, operationIds of the other variant) for each catalogue."""
    from zoom_mcp.catalog.compiler import CATALOG_FILE, SPEC_DIR, operation_ids
    from zoom_mcp.variants import CATALOG_FILES, OPENAPI_FILES

    if args.openapi is not None:
        variant = None if args.variant in (None, "all") else str(args.variant)
        return [(args.openapi, variant, CATALOG_FILE, frozenset())]
    wanted = ("master", "regular") if args.variant in (None, "all") else (str(args.variant),)
    documents = {variant: SPEC_DIR / OPENAPI_FILES[variant] for variant in ("master", "regular")}
    missing = [str(path) for path in documents.values() if not path.exists()]
    if missing:
        raise FileNotFoundError(missing[0])
    ids = {variant: operation_ids(path) for variant, path in documents.items()}
    return [(documents[v], v, CATALOG_FILES[v], ids["regular" if v == "master" else "master"]) for v in wanted]


def run(args: argparse.Namespace) -> int:
    from zoom_mcp.catalog.compiler import CatalogError, check_catalog, write_catalog
    from zoom_mcp.catalog.naming import NamingError

    try:
        jobs = _jobs(args)
    except FileNotFoundError as exc:
        print(f"error: OpenAPI document {exc.args[0]} not found; run `zoom-mcp specs import` first", file=sys.stderr)
        return 2
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    code = 0
    for openapi, variant, catalog_file, shared in jobs:
        if not openapi.exists():
            print(f"error: OpenAPI document {openapi} not found; pass one with --openapi PATH", file=sys.stderr)
            return 2
        try:
            if args.check:
                problems = check_catalog(
                    openapi, args.out_dir, args.data_dir, variant=variant, catalog_file=catalog_file, shared_ids=shared
                )
                if problems:
                    for problem in problems:
                        print(f"stale: {problem}", file=sys.stderr)
                    print(f"Run `zoom-mcp specs build` and commit tool_specs/{catalog_file}.", file=sys.stderr)
                    code = 1
                    continue
                print(f"{args.out_dir / catalog_file} is up to date with {openapi.name}")
                continue
            target = write_catalog(
                openapi, args.out_dir, args.data_dir, variant=variant, catalog_file=catalog_file, shared_ids=shared
            )
        except (CatalogError, NamingError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"wrote {target}")
    return code
