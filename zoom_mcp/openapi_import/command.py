"""`zoom-mcp specs import`: write tool_specs/zoom-meetings.openapi.json from the text reference and overlay.

`--check` writes nothing and exits 1 when the committed document differs from a fresh import.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the command's options."""
    from zoom_mcp.openapi_import.importer import DEFAULT_OUTPUT, DEFAULT_OVERLAY, DEFAULT_REFERENCE

    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="text rendering of the API")
    parser.add_argument("--overlay", type=Path, default=DEFAULT_OVERLAY, help="operationIds and query parameters")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the OpenAPI JSON")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if --output differs from a fresh import"
    )


def run(args: argparse.Namespace) -> int:
    """Import (or check); print a one-line summary to stderr. Returns the exit code."""
    from zoom_mcp.openapi_import.importer import OverlayError, import_openapi, render_document
    from zoom_mcp.openapi_import.reference_parser import ReferenceFormatError

    reference: Path = args.reference
    overlay: Path = args.overlay
    output: Path = args.output
    try:
        document = import_openapi(reference, overlay)
    except FileNotFoundError as exc:
        print(f"zoom-mcp specs import: cannot read {exc.filename}; pass --reference/--overlay", file=sys.stderr)
        return 2
    except (ReferenceFormatError, OverlayError, ValueError) as exc:
        print(f"zoom-mcp specs import: {exc}", file=sys.stderr)
        return 2
    text = render_document(document)
    operations = sum(len(item) for item in document["paths"].values())
    summary = f"{operations} operations, {len(document['tags'])} tags"
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            state = "missing" if current is None else "stale"
            print(f"{output} is {state} ({summary}); run `zoom-mcp specs import` and commit it", file=sys.stderr)
            return 1
        print(f"{output} is up to date ({summary})", file=sys.stderr)
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output} ({summary})", file=sys.stderr)
    return 0
