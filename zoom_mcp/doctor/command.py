"""`zoom-mcp doctor [--json] [--sandbox] [--api regular|master|auto]`: check the settings `serve` would use.
Exit status 0 when the server can work, 1 when it cannot."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from zoom_mcp.api_variant import add_api_argument

    parser.add_argument("--json", action="store_true", help="print the diagnosis as one JSON object")
    parser.add_argument(
        "--sandbox", action="store_true", help="check the embedded sandbox even when credentials are set (as serve)"
    )
    add_api_argument(parser)


def run(args: argparse.Namespace) -> int:
    import json

    import anyio

    from zoom_mcp.doctor.checks import DoctorOptions, diagnose
    from zoom_mcp.doctor.report import render

    diagnosis = anyio.run(diagnose, DoctorOptions(sandbox=bool(args.sandbox), api=args.api))
    if args.json:
        print(json.dumps(diagnosis.to_dict(), indent=1))
    else:
        print("\n".join(render(diagnosis)))
    return 0 if diagnosis.ok else 1
