"""Browser confirmations on a shared Redis store that goes away while a person holds the link (fail closed).

The real server over the sandbox Zoom with its state on a real `redis-server`; the client declares only URL
elicitation. Redis is killed after the link was handed out: the page says it cannot answer now (503), the
waiting call is refused with the reason (the shared store), and nothing reaches the sandbox. Once Redis is
back, a new question works again without a restart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import mcp_types as types
import pytest
from state.redis_server import RedisServer

from zoom_mcp.gates import ConfirmationGate, ConfirmationTokens
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.server.runtime import RuntimeOptions, ServerRuntime, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_zoom_settings
from zoom_mcp.state.redis_store import RedisStore

from .clients import answer_page
from .test_url_confirm import DELETE, ERAS, KEY, connected, reached

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def shared_runtime(sandbox: RunningSandbox, store: RedisStore) -> AsyncIterator[ServerRuntime]:
    options = RuntimeOptions(
        zoom=sandbox_zoom_settings(sandbox),
        policy=CallerPolicy(name="url", confirm="url"),
        default_account_id=sandbox.config.account_id,
        gate=ConfirmationGate(ConfirmationTokens([KEY], store=store), elicitation_timeout_seconds=30),
        state=store,
    )
    async with open_runtime(options) as runtime:
        yield runtime


def text_of(result: types.CallToolResult) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)


@pytest.mark.parametrize("era", ERAS)
async def test_redis_lost_while_the_person_holds_the_link_sends_nothing_and_says_why(
    sandbox: RunningSandbox, tmp_path: Path, era: str
) -> None:
    redis = RedisServer(tmp_path / "redis").start()
    store = RedisStore(redis.url, timeout=0.5)
    pages: list[httpx2.Response] = []
    later: list[httpx2.Response] = []

    async def person(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        if not pages:  # the first question: Redis goes away before the person answers
            redis.kill()
            pages.append(await answer_page(params.url, "confirm"))
        else:  # the question asked once Redis is back
            later.append(await answer_page(params.url, "confirm"))
        return types.ElicitResult(action="accept")

    try:
        await store.ping()
        async with shared_runtime(sandbox, store) as runtime, connected(runtime, era, person, http=True) as client:
            lost = await client.call_tool(*DELETE)
            assert reached(sandbox, "meetingDelete") == 0
            redis.start()  # back, without its data: the person is asked again and the call runs once
            again = await client.call_tool(*DELETE)
    finally:
        redis.stop()
        await store.aclose()
    assert pages[0].status_code == 503 and "Nothing was sent to Zoom" in pages[0].text
    assert lost.is_error and "state store" in text_of(lost) and "Nothing was sent to Zoom" in text_of(lost)
    assert later[0].status_code == 200 and "Confirmed" in later[0].text
    assert not again.is_error and reached(sandbox, "meetingDelete") == 1
