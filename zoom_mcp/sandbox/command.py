"""`zoom-mcp sandbox`: serve the sandbox Zoom alone on a fixed port and print how to reach it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from zoom_mcp.sandbox.config import (
    ACCOUNT_TYPES,
    DEFAULT_ACCOUNT_ID,
    DEFAULT_ACCOUNT_TYPE,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_STATIC_TOKEN,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765; 0 = any free port)")
    parser.add_argument("--request-log", type=Path, default=None, help="append one JSON object per request here")
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    parser.add_argument("--account-id", default=DEFAULT_ACCOUNT_ID)
    parser.add_argument("--token-ttl", type=float, default=3600.0, help="OAuth token lifetime in seconds")
    parser.add_argument("--spec", type=Path, default=None, help="OpenAPI document (default tool_specs/...)")
    parser.add_argument("--no-seed", action="store_true", help="start with an empty account")
    parser.add_argument(
        "--account-type",
        choices=ACCOUNT_TYPES,
        default=DEFAULT_ACCOUNT_TYPE,
        help="regular (an ordinary account: regular paths and scopes; default) or master (a master account: "
        "/accounts/{accountId} paths too, :master scopes)",
    )


def run(args: argparse.Namespace) -> int:
    import threading

    from zoom_mcp.sandbox.config import SandboxConfig
    from zoom_mcp.sandbox.runner import running_sandbox

    config = SandboxConfig(
        client_id=args.client_id,
        client_secret=args.client_secret,
        account_id=args.account_id,
        token_ttl_seconds=args.token_ttl,
        request_log_path=args.request_log,
        seed=not args.no_seed,
        account_type=args.account_type,
    )
    if args.spec is not None:
        config.spec_path = args.spec
    try:
        with running_sandbox(config, host=args.host, port=args.port) as running:
            print(
                f"zoom-mcp sandbox listening ({config.account_type} account)\n"
                f"  ZOOM_API_BASE_URL={running.base_url}\n"
                f"  ZOOM_OAUTH_URL={running.oauth_url}\n"
                f"  ZOOM_ACCOUNT_ID={config.account_id}\n"
                f"  ZOOM_CLIENT_ID={config.client_id}\n"
                f"  ZOOM_CLIENT_SECRET={config.client_secret}   (fake sandbox secret)\n"
                f"  or ZOOM_ACCESS_TOKEN={DEFAULT_STATIC_TOKEN}\n"
                f"  control endpoints: {running.control_url}/requests, /faults, /reset, /state, /tokens/expire\n"
                f"Press Ctrl+C to stop.",
                file=sys.stderr,
                flush=True,
            )
            threading.Event().wait()
    except KeyboardInterrupt:
        return 0
    except (OSError, FileNotFoundError) as exc:
        print(f"zoom-mcp sandbox: {exc}", file=sys.stderr)
        return 1
    return 0
