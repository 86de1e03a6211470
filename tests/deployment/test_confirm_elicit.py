"""A person's confirmation (elicitation) spanning replicas, in both protocol eras (`--confirm elicit`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp_types import ElicitResult

from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID

from .conftest import Cluster, running_cluster
from .spreading import spreading_client

pytestmark = pytest.mark.anyio
MEETING = str(SCHEDULED_MEETING_ID)


@pytest.fixture(scope="module")
def eliciting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    with running_cluster(tmp_path_factory.mktemp("elicit"), ["--confirm", "elicit"]) as made:
        yield made


def accept_with_id(seen: list[str]) -> Any:
    async def callback(context: Any, params: Any) -> ElicitResult:
        seen.append(params.message)
        schema = getattr(params, "requested_schema", {}) or {}
        content: dict[str, Any] = {"confirm": True}
        if "confirm_id" in schema.get("properties", {}):
            content["confirm_id"] = MEETING
        return ElicitResult(action="accept", content=content)

    return callback


@pytest.mark.parametrize("mode", ["legacy", "modern"])
async def test_a_person_confirms_through_one_replica_and_the_call_completes_through_another(
    eliciting: Cluster, mode: str
) -> None:
    """Handshake era: the answer to the elicitation lands on another replica and is forwarded to the session's.
    Modern era: the retry with the sealed request state lands on another replica and redeems it there, once."""
    seen: list[str] = []
    options: dict[str, Any] = {"elicitation_callback": accept_with_id(seen)}
    if mode == "legacy":
        options["mode"] = "legacy"
    async with (
        spreading_client(eliciting.ports) as http,
        Client(streamable_http_client(eliciting.replicas[0].mcp_url, http_client=http), **options) as client,
    ):
        result = await client.call_tool("meeting_delete", {"meetingId": MEETING}, meta={})
        sent_to = set(getattr(http._transport, "sent_to", []))
    deletes = [r for r in eliciting.sandbox.requests() if r["method"] == "DELETE" and str(r["path"]).endswith(MEETING)]
    assert not result.is_error, result
    assert seen and len(sent_to) >= 2
    assert len(deletes) == 1
    eliciting.sandbox.reset()
