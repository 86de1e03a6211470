"""`zoom-mcp serve`: run the MCP server over stdio (default) or HTTP, against Zoom or the sandbox.

With no Zoom credential variable in the environment (or with `--sandbox`) the server starts a sandbox
Zoom in-process on loopback and says so on stderr; a partial set of credentials is an error. `--api`
chooses the API variant (see zoom_mcp.api_variant). Light imports only at module level: `run` imports
the server so `zoom-mcp --help` stays fast.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from zoom_mcp.api_variant import add_api_argument
from zoom_mcp.audit import add_audit_arguments
from zoom_mcp.discovery.modes import SERVE_DEFAULT_MODE, add_tool_mode_argument
from zoom_mcp.selection import add_selection_arguments
from zoom_mcp.state.options import add_state_arguments
from zoom_mcp.transports.settings import add_http_arguments

log = logging.getLogger("zoom_mcp")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--transport", choices=("stdio", "http"), default="stdio", help="default: stdio")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="talk to an in-process sandbox Zoom (the default when no ZOOM_* credential variable is set at all)",
    )
    add_api_argument(parser)
    parser.add_argument(
        "--sandbox-request-log",
        type=Path,
        default=None,
        metavar="FILE",
        help="with the sandbox: append one JSON line per request it receives",
    )
    parser.add_argument(
        "--account-id",
        default=None,
        help="account used for {accountId} when a call leaves it out (default: $ZOOM_ACCOUNT_ID, else 'me')",
    )
    parser.add_argument(
        "--log-level",
        default=os.environ.get("ZOOM_MCP_LOG_LEVEL", "WARNING"),
        help="stderr log level (default WARNING; $ZOOM_MCP_LOG_LEVEL)",
    )
    add_tool_mode_argument(
        parser,
        default=SERVE_DEFAULT_MODE,
        help_text=(
            "what tools/list shows: discover = search/describe/call meta-tools + in-meeting tools (~30 KB, "
            "reaches every operation); toolsets = the everyday toolsets, more on request (tools/list_changed); "
            "all = every tool"
        ),
    )
    parser.add_argument(
        "--upload-dir",
        default=None,
        metavar="DIR",
        help="stdio only: file arguments may name a file inside DIR (symlinks resolved; default: "
        "$ZOOM_MCP_UPLOAD_DIR, else no paths at all, inline content only)",
    )
    parser.add_argument(
        "--resource-poll-seconds",
        type=float,
        default=30.0,
        metavar="S",
        help="how often subscribed resources (summaries, transcripts) are checked for changes (default 30)",
    )
    add_selection_arguments(parser)
    add_audit_arguments(parser)
    add_state_arguments(parser)
    add_http_arguments(parser)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    from zoom_mcp.server.launch import LaunchError, launch

    try:
        return launch(args)
    except LaunchError as exc:
        print(f"zoom-mcp serve: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
