"""A person confirms a destructive call in a real browser (headless Chromium, JavaScript off).

The real server runs over the sandbox Zoom; a client that declares only URL elicitation gets the link
and the "person" opens it in Chromium and presses a button. Counted: the requests that reach the
sandbox. Screenshots go to the test's tmp dir (`shots`), for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import mcp_types as types
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from zoom_mcp.sandbox import RunningSandbox
from zoom_mcp.sandbox.seed import SCHEDULED_MEETING_ID, WEBINAR_ID

from .browser import Person, chromium
from .test_url_confirm import DELETE, ERAS, HIGH, connected, reached, runtime_for

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    with chromium(javascript=False) as driver:
        yield driver


@pytest.fixture
def person(browser: WebDriver, tmp_path: Path) -> Person:
    shots = tmp_path / "shots"
    shots.mkdir()
    return Person(browser, shots)


def answering_in(person: Person, decision: str, links: list[str], typed_id: str | None = None) -> Any:
    """The client's elicitation callback: hand the link to the person, who answers in the browser."""

    async def callback(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams), "expected a URL elicitation"
        links.append(params.url)
        await anyio.to_thread.run_sync(person.open, params.url)
        await anyio.to_thread.run_sync(lambda: person.press(decision, typed_id=typed_id))
        return types.ElicitResult(action="accept")

    return callback


def _luminance(css: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("http", [False, True], ids=["stdio-loopback-page", "hosted-page"])
@pytest.mark.parametrize("era", ERAS)
async def test_a_person_confirms_in_the_browser_and_the_call_runs_once(
    sandbox: RunningSandbox, person: Person, era: str, http: bool
) -> None:
    links: list[str] = []
    async with (
        runtime_for(sandbox) as runtime,
        connected(runtime, era, answering_in(person, "confirm", links), http=http) as client,
    ):
        result = await client.call_tool(*DELETE)
        assert not result.is_error, result.content
        assert reached(sandbox, "meetingDelete") == 1
        heading = await anyio.to_thread.run_sync(person.open, links[0])  # the used link, opened again
    assert heading == "This confirmation was already answered"
    assert reached(sandbox, "meetingDelete") == 1
    shots = sorted(p.name for p in person.shots.iterdir())
    assert shots == ["01-question.png", "02-after-confirm.png", "03-question.png"]


@pytest.mark.parametrize("era", ERAS)
async def test_declined_in_the_browser_nothing_is_sent(sandbox: RunningSandbox, person: Person, era: str) -> None:
    links: list[str] = []
    async with runtime_for(sandbox) as runtime, connected(runtime, era, answering_in(person, "decline", links)) as c:
        result = await c.call_tool(*DELETE)
    assert result.is_error and reached(sandbox, "meetingDelete") == 0
    assert person.driver.find_element(By.TAG_NAME, "h1").text == "Declined"


async def test_an_expired_link_sends_nothing_when_confirmed_late(sandbox: RunningSandbox, person: Person) -> None:
    # The question lives as long as the client's answer to "open this page?" may take (3 s): short enough to wait
    # out, long enough that a loaded machine still delivers that answer before the page expires.
    links: list[str] = []

    async def nobody_there(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)
        links.append(params.url)
        return types.ElicitResult(action="accept")

    async with runtime_for(sandbox, timeout=3) as runtime, connected(runtime, "legacy", nobody_there) as client:
        result = await client.call_tool(*DELETE)
        heading = await anyio.to_thread.run_sync(person.open, links[0])
    assert result.is_error and "expired" in str(result.content[0])
    assert heading == "This confirmation link is not valid"
    assert reached(sandbox, "meetingDelete") == 0


async def test_the_page_is_plain_accessible_and_needs_no_javascript(
    sandbox: RunningSandbox, person: Person, tmp_path: Path
) -> None:
    seen: dict[str, Any] = {}

    async def inspect_then_confirm(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)

        def look() -> None:
            driver = person.driver
            driver.get(params.url)
            seen["title"] = driver.title
            seen["lang"] = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
            seen["text"] = driver.find_element(By.TAG_NAME, "main").text
            field = driver.find_element(By.ID, "confirm_id")
            label = driver.find_element(By.CSS_SELECTOR, "label[for=confirm_id]")
            seen["label"] = label.text
            seen["field_type"] = field.get_attribute("type")
            body = driver.find_element(By.TAG_NAME, "body")
            seen["body_contrast"] = contrast(
                body.value_of_css_property("color"), body.value_of_css_property("background-color")
            )
            seen["buttons"] = {
                b.text: contrast(b.value_of_css_property("color"), b.value_of_css_property("background-color"))
                for b in driver.find_elements(By.TAG_NAME, "button")
            }
            seen["scripts"] = len(driver.find_elements(By.TAG_NAME, "script"))
            screenshot = person.shot("accessible-question")
            shutil.copy(screenshot, tmp_path / "confirmation-page.png")
            seen["wrong"] = person.press("confirm", typed_id="0000")
            seen["error"] = driver.find_element(By.CSS_SELECTOR, "[role=alert]").text
            person.shot("wrong-id")
            seen["done"] = person.press("confirm", typed_id=str(WEBINAR_ID))

        await anyio.to_thread.run_sync(look)
        return types.ElicitResult(action="accept")

    async with runtime_for(sandbox) as runtime, connected(runtime, "auto", inspect_then_confirm) as client:
        result = await client.call_tool(*HIGH)
    assert not result.is_error
    assert reached(sandbox, "webinarPanelistsDelete") == 1
    assert seen["title"] == "Confirm: Remove all panelists" and seen["lang"] == "en"
    text = seen["text"]
    assert "Remove all panelists" in text and "webinar_panelists_delete_all" in text and str(WEBINAR_ID) in text
    assert "This cannot be undone." in text and "Nothing has been sent to Zoom yet" in text
    assert seen["label"] == f"To confirm, type the ID {WEBINAR_ID}" and seen["field_type"] == "text"
    assert seen["body_contrast"] >= 7.0
    assert set(seen["buttons"]) == {"Confirm", "Decline"} and min(seen["buttons"].values()) >= 4.5
    assert seen["scripts"] == 0
    assert seen["wrong"] == "Confirm: Remove all panelists" and "does not match" in seen["error"]
    assert seen["done"] == "Confirmed"
    assert (tmp_path / "confirmation-page.png").stat().st_size > 10_000


async def test_the_page_shows_the_target_by_name_and_time(sandbox: RunningSandbox, person: Person) -> None:
    texts: list[str] = []

    async def read_then_decline(context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        assert isinstance(params, types.ElicitRequestURLParams)

        def read() -> None:
            person.driver.get(params.url)
            texts.append(person.driver.find_element(By.TAG_NAME, "main").text)
            person.press("decline")

        await anyio.to_thread.run_sync(read)
        return types.ElicitResult(action="accept")

    async with runtime_for(sandbox) as runtime, connected(runtime, "legacy", read_then_decline) as client:
        await client.call_tool("recording_delete", {"meetingId": str(SCHEDULED_MEETING_ID), "action": "delete"})
    assert "action (destructive)" in texts[0] and "delete" in texts[0]
    assert str(SCHEDULED_MEETING_ID) in texts[0]
