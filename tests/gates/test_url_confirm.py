"""Confirmation in a browser page (URL-mode elicitation) through the real server over the sandbox Zoom.

The page is answered the way a browser does (GET, then POST its form from its own origin); the real
Chromium test is `test_url_confirm_browser.py`. Counted: requests that reach the sandbox.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import httpx2
import mcp_types as types
import pytest
from mcp import Client, StdioServerParameters
from mcp.shared.exceptions import MCPError

from zoom_mcp.gates import ConfirmationGate, ConfirmationTokens
from zoom_mcp.gates.pending import link_key
from zoom_mcp.policy import CallerPolicy
from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import LIVE_MEETING_ID, SCHEDULED_MEETING_ID, WEBINAR_ID
from zoom_mcp.server.app import build_server
from zoom_mcp.server.runtime import RuntimeOptions, ServerRuntime, open_runtime
from zoom_mcp.server.sandbox_wiring import sandbox_environment, sandbox_zoom_settings
from zoom_mcp.transports.http import running_http_server
from zoom_mcp.transports.settings import HttpSettings

from .clients import FORM, URL, ModesClient, PagePerson, answer_page, page_form

pytestmark = pytest.mark.anyio

ERAS = ["legacy", "auto"]
DELETE = ("meeting_delete", {"meetingId": str(SCHEDULED_MEETING_ID)})
END = ("meeting_status_update", {"meetingId": str(LIVE_MEETING_ID), "action": "end"})
HIGH = ("webinar_panelists_delete_all", {"webinarId": str(WEBINAR_ID)})
KEY = b"url-confirm-test-key-0123456789abcdef"


def reached(sandbox: RunningSandbox, operation_id: str) -> int:
    return sum(1 for r in sandbox.requests() if r.get("operationId") == operation_id)


@asynccontextmanager
async def runtime_for(
    sandbox: RunningSandbox, confirm: str = "url", timeout: float = 30.0
) -> AsyncIterator[ServerRuntime]:
    options = RuntimeOptions(
        zoom=sandbox_zoom_settings(sandbox),
        policy=CallerPolicy(name="url", confirm=confirm),  # type: ignore[arg-type]
        default_account_id=sandbox.config.account_id,
        gate=ConfirmationGate(ConfirmationTokens([KEY]), elicitation_timeout_seconds=timeout),
    )
    async with open_runtime(options) as runtime:
        yield runtime


@asynccontextmanager
async def connected(
    runtime: ServerRuntime, era: str, person: Any, *, modes: frozenset[str] = frozenset({URL}), http: bool = False
) -> AsyncIterator[Client]:
    mode = "legacy" if era == "legacy" else "auto"
    server = build_server(runtime)
    if not http:
        async with ModesClient(server, mode=mode, elicitation_callback=person, modes=modes, cache=None) as client:
            yield client
        return
    async with (
        running_http_server(
            server,
            HttpSettings(port=0),
            metrics=runtime.metrics,
            default_caller=runtime.default_caller,
            confirmations=runtime.links,
        ) as running,
        ModesClient(running.mcp_url, mode=mode, elicitation_callback=person, modes=modes, cache=None) as client,
    ):
        yield client


@pytest.mark.parametrize("http", [False, True], ids=["loopback-page", "hosted-page"])
@pytest.mark.parametrize("era", ERAS)
async def test_confirmed_on_the_page_the_call_runs_once(sandbox: RunningSandbox, era: str, http: bool) -> None:
    person = PagePerson("confirm")
    async with runtime_for(sandbox) as runtime, connected(runtime, era, person, http=http) as client:
        result = await client.call_tool(*DELETE)
        assert not result.is_error, result.content
        (link,) = person.links
        again = await answer_page(link, "confirm")  # the link works once
    assert reached(sandbox, "meetingDelete") == 1
    assert [mode for mode, _ in person.seen] == [URL]
    assert "Confirm in your browser: Delete a meeting" in person.seen[0][1]
    assert person.pages[0].status_code == 200 and "Confirmed" in person.pages[0].text
    assert again.status_code == 410 and "already answered" in again.text
    if http:
        assert link.startswith("http://127.0.0.1:") and "/confirm/" in link
    assert len(link.rsplit("/", 1)[1]) >= 43  # 256 random bits


@pytest.mark.parametrize("era", ERAS)
async def test_declined_on_the_page_nothing_is_sent(sandbox: RunningSandbox, era: str) -> None:
    person = PagePerson("decline")
    async with runtime_for(sandbox) as runtime, connected(runtime, era, person) as client:
        result = await client.call_tool(*DELETE)
    assert result.is_error and "declined on the confirmation page" in result.content[0].text  # type: ignore[union-attr]
    assert "Nothing was sent to Zoom" in result.content[0].text  # type: ignore[union-attr]
    assert reached(sandbox, "meetingDelete") == 0
    assert "Declined" in person.pages[0].text


@pytest.mark.parametrize("era", ERAS)
async def test_a_client_that_does_not_open_the_link_sends_nothing(sandbox: RunningSandbox, era: str) -> None:
    person = PagePerson("confirm", consent="decline")
    async with runtime_for(sandbox) as runtime, connected(runtime, era, person) as client:
        result = await client.call_tool(*DELETE)
        late = await answer_page(person.links[0], "confirm")
    assert result.is_error and reached(sandbox, "meetingDelete") == 0
    assert late.status_code == 410  # the question is closed: confirming later does nothing


@pytest.mark.parametrize("era", ERAS)
async def test_an_expired_link_sends_nothing(sandbox: RunningSandbox, era: str) -> None:
    # The question lives as long as the client's answer to "open this page?" may take (3 s): short enough to wait
    # out, long enough that a loaded machine still delivers that answer before the page expires.
    links: list[str] = []

    async def opens_nothing(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        links.append(params.url)
        return types.ElicitResult(action="accept")  # says it opened the page, but nobody answers there

    async with runtime_for(sandbox, timeout=3) as runtime, connected(runtime, era, opens_nothing) as client:
        result = await client.call_tool(*DELETE)
        late = await answer_page(links[0], "confirm")
    assert result.is_error and "expired" in result.content[0].text  # type: ignore[union-attr]
    assert late.status_code in (404, 410)
    assert reached(sandbox, "meetingDelete") == 0


@pytest.mark.parametrize("era", ERAS)
async def test_high_danger_needs_the_typed_id_on_the_page(sandbox: RunningSandbox, era: str) -> None:
    answers: list[httpx2.Response] = []

    async def wrong_then_right(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        answers.append(await answer_page(params.url, "confirm", typed_id="123"))
        answers.append(await answer_page(params.url, "confirm", typed_id=str(WEBINAR_ID)))
        return types.ElicitResult(action="accept")

    async with runtime_for(sandbox) as runtime, connected(runtime, era, wrong_then_right) as client:
        result = await client.call_tool(*HIGH)
    assert not result.is_error
    assert answers[0].status_code == 400 and "does not match" in answers[0].text
    assert answers[1].status_code == 200 and "Confirmed" in answers[1].text
    assert reached(sandbox, "webinarPanelistsDelete") == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example", "sec-fetch-site": "cross-site"},
        {"origin": "https://evil.example", "sec-fetch-site": ""},
        {"origin": "", "sec-fetch-site": ""},  # no Origin at all
        {"origin": "null", "sec-fetch-site": ""},
    ],
    ids=["cross-site", "foreign-origin", "no-origin", "null-origin"],
)
async def test_cross_site_answers_are_refused(sandbox: RunningSandbox, headers: dict[str, str]) -> None:
    refusals: list[httpx2.Response] = []

    async def attacker_then_the_person_declines(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        refusals.append(await answer_page(params.url, "confirm", headers=headers))
        declined.append(await answer_page(params.url, "decline"))  # the page still stood: the attack changed nothing
        return types.ElicitResult(action="accept")

    declined: list[httpx2.Response] = []
    async with (
        runtime_for(sandbox) as runtime,
        connected(runtime, "legacy", attacker_then_the_person_declines) as client,
    ):
        result = await client.call_tool(*DELETE)
    assert refusals[0].status_code == 403
    assert declined[0].status_code == 200 and "Declined" in declined[0].text
    assert result.is_error and reached(sandbox, "meetingDelete") == 0


async def test_an_answer_without_the_page_secret_is_refused(sandbox: RunningSandbox) -> None:
    refusals: list[httpx2.Response] = []

    async def forged(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        origin = params.url.split("/confirm/", 1)[0]
        async with httpx2.AsyncClient() as http:
            for secret in ("", "guess"):
                refusals.append(
                    await http.post(
                        params.url,
                        data={"decision": "confirm", "form_secret": secret},
                        headers={"origin": origin, "sec-fetch-site": "same-origin"},
                    )
                )
            refusals.append(await http.get(params.url.rsplit("/", 1)[0] + "/not-the-secret-0123456789abcdef"))
        declined.append(await answer_page(params.url, "decline"))  # the page still stood after the forgeries
        return types.ElicitResult(action="accept")

    declined: list[httpx2.Response] = []
    async with runtime_for(sandbox) as runtime, connected(runtime, "legacy", forged) as client:
        result = await client.call_tool(*DELETE)
    assert [r.status_code for r in refusals] == [403, 403, 404]
    assert declined[0].status_code == 200 and "Declined" in declined[0].text
    assert result.is_error and reached(sandbox, "meetingDelete") == 0


async def test_the_modern_retry_is_bound_to_the_exact_arguments_and_caller(sandbox: RunningSandbox) -> None:
    async with runtime_for(sandbox) as runtime, connected(runtime, "auto", PagePerson()) as client:
        first = await client.session.call_tool(*DELETE, allow_input_required=True)
        assert isinstance(first, types.InputRequiredResult) and first.input_requests is not None
        ask = first.input_requests["confirm"]
        assert isinstance(ask, types.ElicitRequest) and isinstance(ask.params, types.ElicitRequestURLParams)
        page = await answer_page(ask.params.url, "confirm")
        assert "Confirmed" in page.text
        accepted = {"confirm": types.ElicitResult(action="accept")}
        with pytest.raises(MCPError, match="Invalid or expired requestState"):  # sealed state bound to the call
            await client.session.call_tool(
                DELETE[0],
                {"meetingId": "85746065099"},
                input_responses=accepted,  # type: ignore[arg-type]
                request_state=first.request_state,
                allow_input_required=True,
            )
        # the confirmation itself is bound too: a state for these arguments does not release another call
        assert runtime.gate.url is not None
        key = link_key(ask.params.url.rsplit("/", 1)[1])
        assert not await runtime.gate.url.bound_to(
            key, caller_id="local", tool=DELETE[0], arguments={"meetingId": "85746065099", "accountId": "x"}
        )
        assert not await runtime.gate.url.bound_to(key, caller_id="mallory", tool=DELETE[0], arguments={})
        done = await client.session.call_tool(
            *DELETE, input_responses=accepted, request_state=first.request_state, allow_input_required=True
        )
    assert isinstance(done, types.CallToolResult) and not done.is_error
    assert reached(sandbox, "meetingDelete") == 1


@pytest.mark.parametrize("era", ERAS)
async def test_confirm_url_falls_back_to_the_form_and_elicit_prefers_it(sandbox: RunningSandbox, era: str) -> None:
    form_only = PagePerson("confirm")
    both = PagePerson("confirm")
    async with runtime_for(sandbox, confirm="url") as runtime:
        async with connected(runtime, era, form_only, modes=frozenset({FORM})) as client:
            assert not (await client.call_tool(*END)).is_error
        async with connected(runtime, era, both, modes=frozenset({FORM, URL})) as client:
            assert not (await client.call_tool(*DELETE)).is_error
    elicit_both = PagePerson("confirm")
    url_only = PagePerson("confirm")
    async with runtime_for(sandbox, confirm="elicit") as runtime:
        async with connected(runtime, era, elicit_both, modes=frozenset({FORM, URL})) as client:
            assert (await client.call_tool(*END)).is_error  # the meeting ended above: Zoom's own error
        async with connected(runtime, era, url_only, modes=frozenset({URL})) as client:
            assert (await client.call_tool("meeting_delete", {"meetingId": "85746065099"})).is_error
    assert [m for m, _ in form_only.seen] == [FORM] and [m for m, _ in both.seen] == [URL]
    assert [m for m, _ in elicit_both.seen] == [FORM] and [m for m, _ in url_only.seen] == [URL]
    assert reached(sandbox, "meetingStatus") == 2 and reached(sandbox, "meetingDelete") == 2


async def test_no_secret_in_the_page_the_link_or_the_logs(
    sandbox: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    person = PagePerson("confirm")
    caplog.set_level(logging.DEBUG)
    async with runtime_for(sandbox) as runtime, connected(runtime, "legacy", person) as client:
        await client.call_tool(*DELETE)
        token = await runtime.client.access_token()
    link = person.links[0]
    secret = link.rsplit("/", 1)[1]
    async with httpx2.AsyncClient() as http:
        closed = await http.get(link)
    pages = [p.text for p in person.pages] + [closed.text]
    forbidden = [token, sandbox.config.client_secret, KEY.decode(), "sandbox-static-token"]
    for text in [*pages, link]:
        for value in forbidden:
            assert value not in text
    server_log = "\n".join(  # the server's own loggers (the test's HTTP client logs the URLs it fetches)
        r.getMessage() for r in caplog.records if r.name.split(".")[0] in ("zoom_mcp", "mcp", "uvicorn", "starlette")
    )
    assert "confirmation" in server_log and secret not in server_log
    assert all(value not in server_log for value in forbidden)
    assert "form_secret" not in link and not page_form(closed.text)


@pytest.mark.parametrize("era", ERAS)
async def test_over_stdio_the_loopback_page_is_started_on_first_need(sandbox: RunningSandbox, era: str) -> None:
    """A real `zoom-mcp serve --confirm url` child process: its loopback listener serves the page."""
    person = PagePerson("confirm")
    env = sandbox_environment(sandbox)
    env["ZOOM_API_VARIANT"] = "master"
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "zoom_mcp", "serve", "--confirm", "url", "--api", "master"], env=env
    )
    mode = "legacy" if era == "legacy" else "auto"
    async with ModesClient(params, mode=mode, elicitation_callback=person, modes=frozenset({URL})) as client:
        listed = await client.call_tool("meetings_list", {"userId": "me"})  # no page needed: none started
        result = await client.call_tool(*DELETE)
    assert not listed.is_error and not result.is_error, result.content
    (link,) = person.links
    assert link.startswith("http://127.0.0.1:") and "/confirm/" in link
    assert "Confirmed" in person.pages[0].text
    assert reached(sandbox, "meetingDelete") == 1


async def test_a_cancelled_call_closes_its_question(sandbox: RunningSandbox) -> None:
    links: list[str] = []
    opened = anyio.Event()

    async def opens_and_waits(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        links.append(params.url)
        opened.set()
        return types.ElicitResult(action="accept")

    async with runtime_for(sandbox) as runtime, connected(runtime, "legacy", opens_and_waits) as client:
        async with anyio.create_task_group() as group:
            group.start_soon(client.call_tool, *DELETE)
            await opened.wait()
            group.cancel_scope.cancel()  # the client gives up while the server waits for the page
        key = link_key(links[0].rsplit("/", 1)[1])
        with anyio.fail_after(10):
            while (record := await runtime.links.store.get(key)) is not None and record.status == "pending":
                await anyio.sleep(0.02)
        late = await answer_page(links[0], "confirm")
    assert late.status_code == 410
    assert reached(sandbox, "meetingDelete") == 0
