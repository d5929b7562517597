"""Fixtures for the Chromium checks: one gunicorn site and one browser per run (per xdist worker),
a fresh context per test.

The pinned npm tools are installed on first use when npm is here. Outside CI the checks skip,
with the reason, when Chromium, Java or npm are missing. With BACKCARE_REQUIRE_BROWSER=1 (as
.ci/run sets) a missing tool stops the run instead.
"""

import os
import sys
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser import toolchain
from tests.browser.report import REPORT
from tests.browser.server import running_site

__all__ = ["REPORT", "Watch"]  # the test modules take the report from here

REQUIRED_BUT_MISSING = pytest.StashKey[str]()


def announce(config: pytest.Config, line: str) -> None:
    """A line on the terminal now. An xdist worker's terminal reporter writes nowhere: it uses stderr."""
    if hasattr(config, "workerinput"):
        print(line, file=sys.stderr, flush=True)
    else:
        config.pluginmanager.get_plugin("terminalreporter").write_line(line)


@pytest.hookimpl(trylast=True)  # after -m has deselected: install nothing for a run without browser checks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    installable = browser_items and toolchain.npm_tools_installable()
    if installable and (failure := toolchain.install_npm_tools(lambda line: announce(config, line))):
        announce(config, f"npm ci failed: {failure}")
    missing = toolchain.missing() if browser_items else []
    if not missing:
        return
    reason = "need " + "; ".join(missing)
    if os.environ.get("BACKCARE_REQUIRE_BROWSER") == "1":
        # Each browser check fails (pytest_runtest_setup): an error raised here, in an xdist
        # worker's collection, would only crash the worker.
        config.stash[REQUIRED_BUT_MISSING] = f"BACKCARE_REQUIRE_BROWSER=1, but the browser checks {reason}"
        return
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_setup(item: pytest.Item) -> None:
    if (failure := item.config.stash.get(REQUIRED_BUT_MISSING, None)) and item.get_closest_marker("browser"):
        pytest.fail(failure, pytrace=False)


@pytest.fixture(scope="package")
def base_url() -> Iterator[str]:
    with running_site() as url:
        yield url


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(toolchain.CHROMIUM), args=toolchain.CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Make browser contexts (Playwright's new_context options), closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_context) -> Page:
    """A page 375 px wide, as on a small phone."""
    return new_context(viewport={"width": 375, "height": 740}).new_page()


class Watch:
    """Collects what went wrong while a page loaded: console errors, script errors, failed requests."""

    def __init__(self, page: Page):
        self.events: list[tuple[str, str, int]] = []
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.events.append((f"script error: {error}", "", 0)))
        page.on("requestfailed", self.on_request_failed)
        page.on("response", self.on_response)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.events.append((f"console error: {message.text}", message.location.get("url", ""), 0))

    def on_request_failed(self, request) -> None:
        # A request cut short because the test moved on to the next page did not fail.
        if request.failure != "net::ERR_ABORTED":
            self.events.append((f"failed: {request.url} {request.failure}", request.url, 0))

    def on_response(self, response) -> None:
        if response.status >= 400:
            self.events.append((f"HTTP {response.status}: {response.url}", response.url, response.status))

    def problems(self, expected: dict[str, int] | None = None) -> list[str]:
        """Everything that went wrong, less an expected error status of the document itself."""
        expected = expected or {}
        found = []
        for text, url, status in self.events:
            if url in expected and (status == expected[url] or f"status of {expected[url]} (" in text):
                continue
            found.append(text)
        return found


@pytest.fixture
def watch() -> Callable[[Page], Watch]:
    return Watch
