"""Choosing the state store: `--state-url URL` (or `ZOOM_MCP_STATE_URL`), else in memory.

`open_state_store(url)` builds the store without touching the network (`RedisStore` is imported only when
a Redis URL is given); `connect_state_store(url)` also checks that it answers, so `serve` can exit with a
clear error when Redis is unreachable at start.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import Final

from zoom_mcp.state.base import StateStore, StateUnavailable
from zoom_mcp.state.memory import MemoryStore

STATE_URL_ENV: Final = "ZOOM_MCP_STATE_URL"


def add_state_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `--state-url` (used by `zoom-mcp serve`, both transports)."""
    parser.add_argument(
        "--state-url",
        default=None,
        metavar="URL",
        help="share state (confirmations, Zoom rate budget, call limits, subscriptions, sessions) with other "
        f"replicas through Redis: redis://host:6379/0, rediss://... or unix:///path (default: ${STATE_URL_ENV}, "
        "else this process only)",
    )


def state_url_from_args(args: argparse.Namespace | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """The state URL: `--state-url`, else `ZOOM_MCP_STATE_URL`, else None (in memory). Empty counts as unset."""
    flag = getattr(args, "state_url", None) if args is not None else None
    if flag is not None and str(flag).strip():
        return str(flag).strip()
    env = os.environ if environ is None else environ
    value = env.get(STATE_URL_ENV, "").strip()
    return value or None


def open_state_store(url: str | None) -> StateStore:
    """`MemoryStore()` without a URL, else `RedisStore(url)` (raises `StateConfigError` for a bad URL)."""
    if url is None:
        return MemoryStore()
    from zoom_mcp.state.redis_store import RedisStore, check_redis_url

    return RedisStore(check_redis_url(url))


async def connect_state_store(url: str | None) -> StateStore:
    """`open_state_store(url)` and a PING; raises `StateUnavailable` with what to do when it does not answer."""
    store = open_state_store(url)
    try:
        await store.ping()
    except StateUnavailable as exc:
        await store.aclose()
        raise StateUnavailable(
            f"{str(exc).rstrip('.')}. Start Redis there, or fix --state-url / {STATE_URL_ENV} (omit both to keep "
            "state in this process only)."
        ) from None
    return store
