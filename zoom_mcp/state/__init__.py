"""Shared state: one store behind a small interface, in memory (one process) or on Redis (replicas).

- `base`: the contract (`StateStore`, `Reservation`, `Counted`, `StateUnavailable`, `StateConfigError`);
- `memory`: `MemoryStore`, the default without `--state-url`;
- `redis_store`: `RedisStore` over `redis.asyncio` for `--state-url redis://host:port/db` (also `rediss://`,
  `unix://`; environment `ZOOM_MCP_STATE_URL`);
- `redis_scripts`: the Lua scripts behind `RedisStore`'s atomic operations;
- `outage`: `OutageLog`, the once-per-outage warnings of a user that falls back to local state;
- `options`: the `--state-url` flag, `state_url_from_args`, and `open_state_store(url)` / `connect_state_store(url)`.

Users of the store: confirmation gates (redeemed tokens, pending confirmation records), the Zoom rate
limiter (shared budgets, 429 pauses, daily counts), per-caller call limits, resource subscriptions (poller
lease, change notifications) and HTTP sessions (which replica holds a session). docs/architecture.md
("Shared state") lists every key.
"""

from zoom_mcp.state.base import (
    Claim,
    Counted,
    Listener,
    Reservation,
    StateConfigError,
    StateError,
    StateStore,
    StateUnavailable,
    Unsubscribe,
)
from zoom_mcp.state.memory import MemoryStore
from zoom_mcp.state.options import (
    STATE_URL_ENV,
    add_state_arguments,
    connect_state_store,
    open_state_store,
    state_url_from_args,
)
from zoom_mcp.state.outage import OutageLog

__all__ = [
    "STATE_URL_ENV",
    "Claim",
    "Counted",
    "Listener",
    "MemoryStore",
    "OutageLog",
    "Reservation",
    "StateConfigError",
    "StateError",
    "StateStore",
    "StateUnavailable",
    "Unsubscribe",
    "add_state_arguments",
    "connect_state_store",
    "open_state_store",
    "state_url_from_args",
]
