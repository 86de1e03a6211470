"""Three replicas sharing one Redis behave as one server: clients spread their calls over the three ports.

Real processes throughout: the sandbox Zoom (in this process, over loopback HTTP), a real redis-server and
three `zoom-mcp serve --transport http --state-url ...` replicas.
"""

from __future__ import annotations

import copy
import warnings
from datetime import datetime
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.session import IncomingMessage
from mcp.client.sse import sse_client
from mcp.client.streamable_http import streamable_http_client
from mcp.server.subscriptions import ResourceUpdated
from mcp.shared.exceptions import MCPDeprecationWarning
from mcp_types import ResourceUpdatedNotification

from zoom_mcp.resources import build_uri
from zoom_mcp.resources.subscriptions import POLLER_LEASE
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.config import RateLimitConfig
from zoom_mcp.sandbox.seed import NO_SUMMARY_MEETING_UUID, RECORDED_MEETING_UUID, SCHEDULED_MEETING_ID
from zoom_mcp.state.redis_store import RedisStore

from .cluster import modern_call, text_of
from .conftest import Cluster, running_cluster
from .spreading import spreading_client, spreading_factory

pytestmark = pytest.mark.anyio

MEETING = str(SCHEDULED_MEETING_ID)
FREE_RATES = {"LIGHT": 4.0, "MEDIUM": 2.0, "HEAVY": 1.0, "RESOURCE-INTENSIVE": 10 / 60}  # Zoom's Free plan
SUMMARY_URI = build_uri("summary", NO_SUMMARY_MEETING_UUID)


def deletes(sandbox: RunningSandbox) -> list[dict[str, object]]:
    return [
        r for r in sandbox.requests() if r["method"] == "DELETE" and str(r["path"]).endswith(f"/meetings/{MEETING}")
    ]


async def test_a_token_issued_through_a_is_redeemed_once_through_b_and_refused_on_replay_through_c(
    fresh: Cluster,
) -> None:
    a, b, c = fresh.replicas
    async with httpx2.AsyncClient(timeout=30) as http:
        preview = await modern_call(http, a.base_url, "meeting_delete", {"meetingId": MEETING})
        assert preview.get("isError") and deletes(fresh.sandbox) == []
        token = preview["structuredContent"]["confirmation_token"]
        confirmed = {"meetingId": MEETING, "confirmation_token": token}
        done = await modern_call(http, b.base_url, "meeting_delete", confirmed)
        assert not done.get("isError"), text_of(done)
        replay = await modern_call(http, c.base_url, "meeting_delete", confirmed)
        assert replay.get("isError") and "already used" in text_of(replay)
        again = await modern_call(http, a.base_url, "meeting_delete", confirmed)
        assert again.get("isError") and "already used" in text_of(again)
    assert len(deletes(fresh.sandbox)) == 1


async def test_three_replicas_at_three_times_the_light_rate_get_no_429_and_most_of_the_budget(
    tmp_path: Path,
) -> None:
    # Zoom's Free-plan figures (LIGHT 4/s) on both sides: the sandbox answers 429 past them, the replicas pace for
    # them. At this rate the budget, not the machine, sets the pace, so a busy CI machine cannot fake a shortfall.
    with running_cluster(tmp_path, ["--confirm", "token"], plan="free") as free:
        free.sandbox.set_rate_limits(RateLimitConfig(per_second=dict(FREE_RATES)))
        light = FREE_RATES["LIGHT"]
        offered, seconds = 3 * light, 3.0
        count = int(offered * seconds)
        failures: list[str] = []
        async with httpx2.AsyncClient(timeout=120) as http:

            async def one(index: int) -> None:
                replica = free.replicas[index % 3]
                result = await modern_call(http, replica.base_url, "meeting_get", {"meetingId": MEETING}, index + 1)
                if result.get("isError"):
                    failures.append(text_of(result))

            async with anyio.create_task_group() as group:
                for index in range(count):  # open loop: 3x the account's LIGHT rate, spread over the replicas
                    group.start_soon(one, index)
                    await anyio.sleep(1 / offered)
        log = [r for r in free.sandbox.requests() if str(r["path"]).endswith(f"/meetings/{MEETING}")]
    assert failures == []
    assert [r for r in log if r["status"] == 429] == []
    assert len(log) == count
    times = sorted(datetime.fromisoformat(str(r["time"])).timestamp() for r in log)
    achieved = (len(times) - 1) / (times[-1] - times[0])
    assert achieved >= 0.9 * light, f"{achieved:.2f} requests/s, allowed {light:.0f}"


async def test_one_handshake_era_session_spread_over_the_three_replicas(fresh: Cluster) -> None:
    async with (
        spreading_client(fresh.ports) as http,
        Client(streamable_http_client(fresh.replicas[0].mcp_url, http_client=http), mode="legacy") as client,
    ):
        assert len((await client.list_tools()).tools) > 100
        for _ in range(6):
            result = await client.call_tool("meeting_get", {"meetingId": MEETING})
            assert not result.is_error, result
        transport = http._transport
        assert len(set(getattr(transport, "sent_to", []))) == 3  # every replica got requests of this session


async def test_one_legacy_sse_session_whose_posts_land_on_every_replica(fresh: Cluster) -> None:
    sse = sse_client(fresh.replicas[1].sse_url, httpx_client_factory=spreading_factory(fresh.ports))
    async with Client(sse, mode="legacy") as client:
        for _ in range(6):
            result = await client.call_tool("meeting_get", {"meetingId": MEETING})
            assert not result.is_error, result


def make_summary_appear(sandbox: RunningSandbox) -> None:
    summary = copy.deepcopy(sandbox.state.summaries[RECORDED_MEETING_UUID])
    summary.update(meeting_uuid=NO_SUMMARY_MEETING_UUID, meeting_topic="Sprint retro", summary_title="Sprint retro")
    sandbox.state.summaries[NO_SUMMARY_MEETING_UUID] = summary


async def poller_replica(cluster: Cluster) -> int:
    """The index of the replica holding the subscription poller lease (its id is `host:pid:random`)."""
    store = RedisStore(cluster.redis.url)
    try:
        with anyio.fail_after(20):
            while (holder := await store.get(POLLER_LEASE)) is None:
                await anyio.sleep(0.05)
    finally:
        await store.aclose()
    pid = int(holder.split(":")[-2])
    return [replica.process.pid for replica in cluster.replicas].index(pid)


async def test_a_subscription_made_through_one_replica_is_notified_when_another_sees_the_change(
    fresh: Cluster,
) -> None:
    poller = await poller_replica(fresh)
    subscriber = fresh.replicas[(poller + 1) % 3]  # not the replica that polls
    received: list[str] = []

    async def on_message(message: IncomingMessage) -> None:
        if isinstance(message, ResourceUpdatedNotification):
            received.append(message.params.uri)

    async with Client(subscriber.mcp_url, mode="legacy", cache=None, message_handler=on_message) as legacy:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MCPDeprecationWarning)
            await legacy.subscribe_resource(SUMMARY_URI)
        async with (
            Client(subscriber.mcp_url, cache=None) as modern,
            modern.listen(resource_subscriptions=[SUMMARY_URI]) as subscription,
        ):
            await anyio.sleep(0.5)  # a few polls: nothing changes, nothing is announced
            assert received == []
            make_summary_appear(fresh.sandbox)
            with anyio.fail_after(20):
                event = await subscription.__anext__()
            assert event == ResourceUpdated(uri=SUMMARY_URI)
        with anyio.fail_after(20):
            while not received:
                await anyio.sleep(0.05)
    assert received == [SUMMARY_URI]
    assert await poller_replica(fresh) == poller  # the change was seen by the poller, not the subscriber's replica
