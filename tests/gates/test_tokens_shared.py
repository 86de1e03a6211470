"""Confirmation tokens over a shared Redis store: single use across processes, fail closed, restarts."""

from __future__ import annotations

import uuid
from pathlib import Path

from state.redis_server import RedisServer

from zoom_mcp.gates.tokens import ConfirmationTokens, TokenFailure
from zoom_mcp.state.redis_store import RedisStore

KEY = b"shared-key-0123456789abcdef-0123456789"
ARGS = {"meetingId": "85746065432"}
CALL = {"tool": "meeting_delete", "arguments": ARGS, "caller_id": "alice"}


def issue(tokens: ConfirmationTokens) -> str:
    return tokens.issue(tool="meeting_delete", arguments=ARGS, caller_id="alice").token


async def test_a_token_issued_by_one_replica_works_once_across_all(redis_server: RedisServer) -> None:
    prefix = f"t-{uuid.uuid4().hex[:8]}:"
    stores = [RedisStore(redis_server.url, prefix=prefix) for _ in range(3)]
    a, b, c = (ConfirmationTokens([KEY], store=store) for store in stores)
    try:
        await stores[0].ping()  # what `serve` does at start: the store's memory epoch begins
        token = issue(a)
        assert (await b.redeem(token, **CALL)).ok  # type: ignore[arg-type]
        assert (await c.redeem(token, **CALL)).failure is TokenFailure.REPLAYED  # type: ignore[arg-type]
        assert (await a.redeem(token, **CALL)).failure is TokenFailure.REPLAYED  # type: ignore[arg-type]
    finally:
        for store in stores:
            await store.aclose()


async def test_unreachable_store_refuses_and_a_lost_memory_refuses_older_tokens(tmp_path: Path) -> None:
    server = RedisServer(tmp_path).start()
    store = RedisStore(server.url)
    tokens = ConfirmationTokens([KEY], store=store)
    try:
        await store.ping()
        before_outage = issue(tokens)
        server.kill()
        check = await tokens.redeem(before_outage, **CALL)  # type: ignore[arg-type]
        assert check.failure is TokenFailure.UNAVAILABLE
        server.start()  # empty: the store's memory begins again
        check = await tokens.redeem(before_outage, **CALL)  # type: ignore[arg-type]
        assert check.failure is TokenFailure.STATE_LOST
        fresh = issue(tokens)
        assert (await tokens.redeem(fresh, **CALL)).ok  # type: ignore[arg-type]
        assert (await tokens.redeem(fresh, **CALL)).failure is TokenFailure.REPLAYED  # type: ignore[arg-type]
    finally:
        server.stop()
        await store.aclose()
