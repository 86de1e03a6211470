"""`zoom-mcp tools scopes [--api regular|master]`: the scopes a Zoom app needs, per toolset, as the Markdown
table the README's app setup shows (generated from the catalogue; a test keeps the README in step)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api",
        choices=("regular", "master"),
        default="regular",
        help="regular (an ordinary account's Server-to-Server app; default) or master (a master account's)",
    )


def run(args: argparse.Namespace) -> int:
    from zoom_mcp.catalog.registry import load_catalog
    from zoom_mcp.catalog.scopes import scopes_table

    for line in scopes_table(load_catalog(variant=args.api).tools, args.api):
        print(line)
    return 0
