"""A real headless Chromium (Debian's `chromium` + `chromium-driver`, installed by .ci/run) driven by Selenium.

Nothing is downloaded: the browser is /usr/bin/chromium and the driver /usr/bin/chromedriver. A missing
browser fails the test with what to install (never a silent skip). The browser runs with JavaScript
turned off, like a person with scripts blocked: the confirmation page must work without them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=900,1000",
)


@contextmanager
def chromium(*, javascript: bool = False) -> Iterator[WebDriver]:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            pytest.fail(f"{path} is missing: install Debian's chromium and chromium-driver (.ci/run does)")
    profile = tempfile.mkdtemp(prefix="zoom-mcp-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


class Person:
    """Answers confirmation pages in the browser and keeps a screenshot of each question."""

    def __init__(self, driver: WebDriver, shots: Path) -> None:
        self.driver = driver
        self.shots = shots
        self.count = 0

    def shot(self, name: str) -> Path:
        self.count += 1
        path = self.shots / f"{self.count:02d}-{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def open(self, url: str) -> str:
        self.driver.get(url)
        self.shot("question")
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def press(self, decision: str, *, typed_id: str | None = None) -> str:
        """Press Confirm or Decline (typing the ID first when given); the heading of the answer page."""
        if typed_id is not None:
            field = self.driver.find_element(By.ID, "confirm_id")
            field.clear()
            field.send_keys(typed_id)
        label = "Confirm" if decision == "confirm" else "Decline"
        button = self.driver.find_element(By.XPATH, f"//button[normalize-space()='{label}']")
        before = self.driver.find_element(By.TAG_NAME, "h1")
        button.click()
        WebDriverWait(self.driver, 15).until(lambda _: _replaced(before))
        self.shot(f"after-{decision}")
        return self.driver.find_element(By.TAG_NAME, "h1").text


def _replaced(element: WebElement) -> bool:
    """Whether `element` left the document (the answer page replaced the question). While the page navigates,
    chromedriver may answer "Node with given id does not belong to the document" instead of a stale-element
    error: that means the same thing."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False
