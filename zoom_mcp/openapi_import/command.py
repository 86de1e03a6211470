"""`zoom-mcp specs import`: write tool_specs/zoom-meetings.openapi.json (master-account variant) from the text
reference and overlay, and tool_specs/zoom-meetings-regular.openapi.json (regular variant) from that document
plus the regular overlay.

`--check` writes nothing and exits 1 when a committed document differs from a fresh import. With an explicit
`--output` only the master document is written (or checked) unless `--regular-output` is given too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the command's options."""
    from zoom_mcp.openapi_import.importer import DEFAULT_CORRECTIONS, DEFAULT_OVERLAY, DEFAULT_REFERENCE
    from zoom_mcp.openapi_import.regular import DEFAULT_REGULAR_DESCRIPTIONS, DEFAULT_REGULAR_OVERLAY

    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE, help="text rendering of the API")
    parser.add_argument("--overlay", type=Path, default=DEFAULT_OVERLAY, help="operationIds and query parameters")
    parser.add_argument(
        "--corrections", type=Path, default=DEFAULT_CORRECTIONS, help="fixes applied on top of the query overlay"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the master-account OpenAPI JSON (default: tool_specs/zoom-meetings.openapi.json)",
    )
    parser.add_argument("--regular-overlay", type=Path, default=DEFAULT_REGULAR_OVERLAY, help="the regular API's facts")
    parser.add_argument(
        "--regular-descriptions",
        type=Path,
        default=DEFAULT_REGULAR_DESCRIPTIONS,
        help="descriptions of the regular-only operations",
    )
    parser.add_argument(
        "--regular-output",
        type=Path,
        default=None,
        help="where to write the regular variant (default: tool_specs/zoom-meetings-regular.openapi.json "
        "when --output is not given)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if an output differs from a fresh import"
    )


def run(args: argparse.Namespace) -> int:
    """Import (or check); print a one-line summary per document to stderr. Returns the exit code."""
    from zoom_mcp.openapi_import.importer import DEFAULT_OUTPUT, OverlayError, import_openapi, render_document
    from zoom_mcp.openapi_import.reference_parser import ReferenceFormatError
    from zoom_mcp.openapi_import.regular import DEFAULT_REGULAR_OUTPUT, build_regular_document

    output: Path = args.output or DEFAULT_OUTPUT
    regular_output: Path | None = args.regular_output or (DEFAULT_REGULAR_OUTPUT if args.output is None else None)
    try:
        document = import_openapi(args.reference, args.overlay, args.corrections)
        documents: list[tuple[Path, dict[str, Any]]] = [(output, document)]
        if regular_output is not None:
            regular = build_regular_document(document, args.regular_overlay, args.regular_descriptions)
            documents.append((regular_output, regular))
    except FileNotFoundError as exc:
        print(
            f"zoom-mcp specs import: cannot read {exc.filename}; pass --reference/--overlay/--regular-overlay",
            file=sys.stderr,
        )
        return 2
    except (ReferenceFormatError, OverlayError, ValueError, KeyError) as exc:
        print(f"zoom-mcp specs import: {exc}", file=sys.stderr)
        return 2
    code = 0
    for target, built in documents:
        code = max(code, _write_or_check(target, built, render_document(built), check=args.check))
    return code


def _write_or_check(output: Path, document: dict[str, Any], text: str, *, check: bool) -> int:
    operations = sum(len(item) for item in document["paths"].values())
    summary = f"{operations} operations, {len(document['tags'])} tags"
    if check:
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
