"""`zoom-mcp tools scopes [--api regular|master] [--write-readme FILE]`: the scopes a Zoom app needs, per toolset,
as the Markdown tables the README's app setup shows (generated from the catalogues; a test keeps the README in
step). `--write-readme README.md` replaces both tables between their `<!-- scopes:VARIANT -->` markers."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api",
        choices=("regular", "master"),
        default="regular",
        help="regular (an ordinary account's Server-to-Server app; default) or master (a master account's)",
    )
    parser.add_argument("--write-readme", type=Path, default=None, metavar="FILE", help="update the tables in FILE")


def readme_with_tables(text: str) -> str:
    """`text` with the table of each variant between `<!-- scopes:VARIANT -->` and `<!-- /scopes:VARIANT -->`."""
    from zoom_mcp.catalog.registry import load_catalog
    from zoom_mcp.catalog.scopes import scopes_table

    for variant in ("regular", "master"):
        start, end = f"<!-- scopes:{variant} -->", f"<!-- /scopes:{variant} -->"
        if start not in text or end not in text:
            raise ValueError(f"the README has no {start} ... {end} markers")
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        table = "\n".join(scopes_table(load_catalog(variant=variant).tools, variant))
        text = f"{head}{start}\n{table}\n{end}{tail}"
    return text


def run(args: argparse.Namespace) -> int:
    from zoom_mcp.catalog.registry import load_catalog
    from zoom_mcp.catalog.scopes import scopes_table

    if args.write_readme is not None:
        path: Path = args.write_readme
        path.write_text(readme_with_tables(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"updated the scope tables in {path}")
        return 0
    for line in scopes_table(load_catalog(variant=args.api).tools, args.api):
        print(line)
    return 0
