"""A caller's calls_per_minute holds across replicas: its window lives in the shared store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from zoom_mcp.auth.api_keys import hash_api_key
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID

from .cluster import Replica, modern_call, text_of
from .conftest import running_cluster

pytestmark = pytest.mark.anyio
KEY = "deployment-test-api-key-with-a-limit-0123456789"
LIMIT = 5


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Replica]]:
    directory = tmp_path_factory.mktemp("limited")
    keys = directory / "keys.json"
    keys.write_text(json.dumps({"keys": [{"name": "limited", "key_sha256": hash_api_key(KEY),
                                          "policy": {"calls_per_minute": LIMIT}}]}))  # fmt: skip
    with running_cluster(directory, ["--api-keys", str(keys)]) as made:
        yield made.replicas


async def test_calls_per_minute_counts_calls_on_every_replica(limited: list[Replica], tmp_path: Path) -> None:
    outcomes: list[bool] = []
    async with httpx2.AsyncClient(timeout=30, headers={"X-API-Key": KEY}) as http:
        for index in range(LIMIT + 4):
            replica = limited[index % 3]
            result = await modern_call(http, replica.base_url, "meeting_get", {"meetingId": str(SCHEDULED_MEETING_ID)})
            refused = bool(result.get("isError")) and result.get("_meta", {}).get("zoom-mcp/http-status") == 429
            assert refused or not result.get("isError"), text_of(result)
            outcomes.append(not refused)
    assert outcomes == [True] * LIMIT + [False] * 4  # one window for the caller, not one per replica
