"""`SessionLedger`: sessions counted across replicas in a real Redis (one store connection per "replica")."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator

import anyio
import pytest
from state.redis_server import RedisServer, free_port

from zoom_mcp.state.redis_store import RedisStore
from zoom_mcp.transports.session_ledger import Admitted, Refused, SessionLedger

pytestmark = pytest.mark.anyio


@pytest.fixture
async def replicas(redis_server: RedisServer) -> AsyncIterator[list[SessionLedger]]:
    """Three ledgers on three connections to one Redis, as three replicas have (a per-test key prefix)."""
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    stores = [RedisStore(redis_server.url, prefix=prefix) for _ in range(3)]
    try:
        yield [SessionLedger(store, "mcp", ttl=30) for store in stores]
    finally:
        for store in stores:
            await store.aclose()


async def test_concurrent_openings_on_several_replicas_never_pass_the_caps(replicas: list[SessionLedger]) -> None:
    verdicts: list[Admitted | Refused | None] = []

    async def open_one(ledger: SessionLedger, caller: str) -> None:
        verdicts.append(await ledger.admit(ledger.new_member(), caller, caller_cap=4, total_cap=7))

    async with anyio.create_task_group() as group:
        for index in range(30):
            group.start_soon(open_one, replicas[index % 3], "key:busy" if index % 2 else "key:quiet")
    admitted = [v for v in verdicts if isinstance(v, Admitted)]
    assert len(verdicts) == 30 and all(v is not None for v in verdicts)
    assert len(admitted) == 7  # as many as the caps allow: 4 of one caller and 3 of the other, or 3 and 4
    counted = await replicas[0].store.set_members("sessions:mcp:all")
    assert sorted(counted) == sorted(v.member for v in admitted)  # refused openings left nothing behind
    for caller in ("key:busy", "key:quiet"):
        assert len(await replicas[1].store.set_members(f"sessions:mcp:caller:{caller}")) <= 4


async def test_a_caller_at_its_cap_is_refused_until_one_of_its_sessions_leaves(replicas: list[SessionLedger]) -> None:
    a, b, c = replicas
    first = await a.admit(a.new_member(), "key:one", caller_cap=2, total_cap=10)
    second = await b.admit(b.new_member(), "key:one", caller_cap=2, total_cap=10)
    third = await c.admit(c.new_member(), "key:one", caller_cap=2, total_cap=10)
    anonymous = await c.admit(c.new_member(), None, caller_cap=2, total_cap=10)  # only the total applies to it
    assert isinstance(first, Admitted) and isinstance(second, Admitted) and isinstance(anonymous, Admitted)
    assert third == Refused("caller", 2)
    await a.leave(first.member, "key:one")
    assert isinstance(await c.admit(c.new_member(), "key:one", caller_cap=2, total_cap=10), Admitted)
    assert await c.admit(c.new_member(), "key:two", caller_cap=2, total_cap=3) == Refused("total", 3)


async def test_an_unreachable_store_means_counting_locally_and_renewing_puts_sessions_back(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    down = RedisStore(f"redis://127.0.0.1:{free_port()}/0", timeout=0.5)
    up = RedisStore(redis_server.url, prefix=f"test-{uuid.uuid4().hex[:8]}:")
    try:
        ledger = SessionLedger(down, "sse", ttl=30)
        with caplog.at_level(logging.WARNING, logger="zoom_mcp.transports.session_ledger"):
            member = ledger.new_member()
            assert await ledger.admit(member, "key:one", caller_cap=1, total_cap=1) is None
            assert await ledger.admit(ledger.new_member(), "key:one", caller_cap=1, total_cap=1) is None
        warnings = [r for r in caplog.records if "counting the sse sessions of this process only" in r.message]
        assert len(warnings) == 1  # once per outage
        back = SessionLedger(up, "sse", ttl=30)  # the same sessions, once a store answers
        await back.renew(lambda: {member: "key:one"})
        assert await up.set_members("sessions:sse:caller:key:one") == [member]
        assert await back.admit(back.new_member(), "key:one", caller_cap=1, total_cap=5) == Refused("caller", 1)
    finally:
        await down.aclose()
        await up.aclose()


async def test_a_session_leaving_during_a_renewal_pass_is_not_re_added(replicas: list[SessionLedger]) -> None:
    ledger = replicas[0]
    member = "z-" + ledger.new_member()  # renewed after the others (a pass goes in sorted order)
    others = {f"a-{index}-{ledger.new_member()}": "key:y" for index in range(5)}
    assert isinstance(await ledger.admit(member, "key:x", caller_cap=1, total_cap=10), Admitted)
    mine: dict[str, str | None] = {member: "key:x", **others}
    async with anyio.create_task_group() as group:

        def members() -> dict[str, str | None]:
            snapshot = dict(mine)
            del mine[member]  # the session ends while this pass renews the others
            group.start_soon(ledger.leave, member, "key:x")
            return snapshot

        await ledger.renew(members)
    assert await ledger.store.set_members("sessions:mcp:caller:key:x") == []
    assert isinstance(await ledger.admit(ledger.new_member(), "key:x", caller_cap=1, total_cap=10), Admitted)
