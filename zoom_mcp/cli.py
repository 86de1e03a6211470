"""The `zoom-mcp` command line.

Each subcommand lives next to the code it drives, in a light `command.py` module that defines
`add_arguments(parser)` and `run(args) -> int`; heavy imports happen inside `run` so that
`zoom-mcp serve` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from zoom_mcp import __version__, startup_gc

# (command path, module holding add_arguments/run, help text)
_COMMANDS: list[tuple[tuple[str, ...], str, str]] = [
    (("specs", "import"), "zoom_mcp.openapi_import.command", "Build the OpenAPI document from the text reference"),
    (("specs", "build"), "zoom_mcp.catalog.command_build", "Compile the OpenAPI document into tool_specs/"),
    (("tools", "list"), "zoom_mcp.catalog.command_tools", "List the tools"),
    (("tools", "show"), "zoom_mcp.catalog.command_show", "Show one tool in full"),
    (("tools", "scopes"), "zoom_mcp.catalog.command_scopes", "Print the scopes a Zoom app needs per toolset"),
    (("serve",), "zoom_mcp.server.command", "Run the MCP server (stdio by default)"),
    (("sandbox",), "zoom_mcp.sandbox.command", "Run the sandbox Zoom API alone"),
    (("eval",), "zoom_mcp.evals.command", "Run scripted agent evaluations against the sandbox"),
    (("doctor",), "zoom_mcp.doctor.command", "Check the Zoom settings: credentials, token, API variant, scopes"),
]


def _wanted(argv: Sequence[str]) -> tuple[str, ...] | None:
    """The command path named on the command line (e.g. ("tools", "list")), if any."""
    words = [word for word in argv if not word.startswith("-")]
    for path, _, _ in _COMMANDS:
        if tuple(words[: len(path)]) == path:
            return path
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the command named in `argv` imports its module (all when `argv` is None)."""
    wanted = _wanted(argv) if argv is not None else None
    parser = argparse.ArgumentParser(prog="zoom-mcp", description="MCP server for the Zoom Meetings API.")
    parser.add_argument("--version", action="version", version=f"zoom-mcp {__version__}")
    top = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    groups: dict[str, argparse._SubParsersAction[argparse.ArgumentParser]] = {}
    for path, module_name, help_text in _COMMANDS:
        if len(path) == 1:
            sub = top.add_parser(path[0], help=help_text, description=help_text)
        else:
            group = groups.get(path[0])
            if group is None:
                group_parser = top.add_parser(path[0], help=f"{path[0]} commands")
                group = group_parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
                groups[path[0]] = group
            sub = group.add_parser(path[1], help=help_text, description=help_text)
        if wanted is None or wanted == path:
            module = importlib.import_module(module_name)
            module.add_arguments(sub)
            sub.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if _wanted(arguments) != ("serve",):
        return _main(arguments)
    startup_gc.pause()  # until the server is built (server/launch.py): see zoom_mcp/startup_gc.py
    try:
        return _main(arguments)
    finally:
        startup_gc.resume()  # when serve stopped before the server was built


def _main(arguments: list[str]) -> int:
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    try:
        code: int = args._run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `zoom-mcp tools list | head`: the reader left; stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
