"""A person confirms in a browser page served by another replica (`--confirm url`, both protocol eras).

Three replicas share one Redis, behind a load balancer (a real round-robin proxy on loopback that passes
the Host header through, `balancer.py`). The page's origin is decided two ways (README, "Deployment"):

- `resource-url`: the replicas know their public URL (`--resource-url`, the balancer's). The MCP client talks
  to replica A directly, so its destructive call waits on A, yet its link carries the balancer's origin; the
  balancer sends the person's GET of the page to B and the POST of its form to C.
- `host`: no `--resource-url`; the MCP client too goes through the balancer, and the link carries the origin
  its request arrived with (the balancer's, as the Host header passed through).

The person's browser is a real HTTP client: GET the page, POST its form from the page's own origin with the
per-page secret. The call reaches the sandbox exactly once; the used link, reused on any replica, sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
import mcp_types as types
import pytest
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from tests.gates.clients import URL, ModesClient, answer_page, page_form
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID

from .balancer import Balancer, bind_loopback
from .conftest import Cluster, running_cluster

pytestmark = pytest.mark.anyio
MEETING = str(SCHEDULED_MEETING_ID)


@dataclass
class Fronted:
    cluster: Cluster
    balancer: Balancer
    origin_from: str  # "resource-url" or "host"


@pytest.fixture(scope="module", params=["resource-url", "host"])
def fronted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fronted]:
    """Three `--confirm url` replicas behind a balancer: `resource-url` names it as their public origin and it
    fronts B and C (A is reached directly); `host`: no `--resource-url`, and it fronts all three."""
    balancer = Balancer(bind_loopback())
    extra = ["--confirm", "url"]
    if request.param == "resource-url":
        extra += ["--resource-url", f"{balancer.origin}/mcp"]
    try:
        with running_cluster(tmp_path_factory.mktemp("confirm-url"), extra) as cluster:
            fronts = cluster.replicas[1:] if request.param == "resource-url" else cluster.replicas
            balancer.start([replica.port for replica in fronts])
            yield Fronted(cluster, balancer, request.param)
    finally:
        balancer.stop()


def deletes(cluster: Cluster) -> int:
    return sum(1 for r in cluster.sandbox.requests() if r["method"] == "DELETE" and str(r["path"]).endswith(MEETING))


@dataclass
class BrowserPerson:
    """Opens each link it is given (through the balancer) and presses Confirm on the page."""

    links: list[str]
    pages: list[httpx2.Response]

    async def __call__(self, context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams), "expected a URL elicitation"
        self.links.append(params.url)
        async with httpx2.AsyncClient(timeout=30) as http:
            self.pages.append(await answer_page(params.url, "confirm", http=http))
        return types.ElicitResult(action="accept")


@pytest.mark.parametrize("era", ["legacy", "modern"])
async def test_a_call_waiting_on_one_replica_is_confirmed_on_anothers_page_and_runs_once(
    fronted: Fronted, era: str
) -> None:
    cluster, balancer = fronted.cluster, fronted.balancer
    a, b, c = cluster.replicas
    cluster.sandbox.reset()
    person = BrowserPerson([], [])
    mode = "legacy" if era == "legacy" else "auto"
    served_before = len(balancer.served)
    mcp_url = a.mcp_url if fronted.origin_from == "resource-url" else balancer.origin + "/mcp"
    async with ModesClient(mcp_url, mode=mode, elicitation_callback=person, modes=frozenset({URL}), cache=None) as mcp:
        result = await mcp.call_tool("meeting_delete", {"meetingId": MEETING})
        assert (mcp.protocol_version in MODERN_PROTOCOL_VERSIONS) == (era == "modern")
    assert not result.is_error, result.content
    (link,) = person.links
    assert link.startswith(balancer.origin + "/confirm/")  # the public origin, never a replica's own address
    assert person.pages[0].status_code == 200 and "Confirmed" in person.pages[0].text
    if fronted.origin_from == "resource-url":  # the call waited on A; GET on one other replica, POST on the other
        assert set(balancer.served[served_before:]) == {b.port, c.port}
    else:
        assert len(set(balancer.served[served_before:])) == 3
    assert deletes(cluster) == 1

    secret_path = link[len(balancer.origin) :]
    async with httpx2.AsyncClient(timeout=30) as http:
        again = await answer_page(link, "confirm", http=http)  # through the balancer: whichever replica
        for replica in (a, b, c):  # each replica directly, from its own origin, with a form secret of the page
            page = await http.get(replica.base_url + secret_path)
            assert page.status_code == 410 and "already answered" in page.text and not page_form(page.text)
            reused = await http.post(
                replica.base_url + secret_path,
                data={"form_secret": "x" * 32, "decision": "confirm"},
                headers={"origin": replica.base_url, "sec-fetch-site": "same-origin"},
            )
            assert reused.status_code == 410
    assert again.status_code == 410 and "already answered" in again.text
    assert deletes(cluster) == 1
