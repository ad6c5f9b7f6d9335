"""Browser fixtures: a live server, Debian's Chromium through Playwright, axe and screenshots.

The live server runs `create_app` in a background thread on a free loopback port,
against the test database of `db_settings` (so each test runs on SQLite and
PostgreSQL). Chromium is Debian's `/usr/bin/chromium`, never a downloaded browser.
Without it the browser tests are skipped with the reason, except under CI=true,
where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from calendar_app.config import Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
IN_CI = os.environ.get("CI", "").lower() == "true"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
#: WCAG 2.1 A and AA, the level Dutch government sites are held to.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class LiveServer:
    url: str
    settings: Settings
    #: The served app: a test may add a route or change a limit before its first request.
    app: Flask


@pytest.fixture
def live_server(db_settings: Settings) -> Iterator[LiveServer]:
    """The real app on 127.0.0.1:<free port>, served from a thread for one test."""
    from calendar_app.web import create_app

    app = create_app(db_settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", db_settings, app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        app.extensions["database"].dispose()


def launch_browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium under Playwright, for the session-wide `browser` fixture.

    The fixture itself lives in tests/conftest.py so that every browser test (these
    and the city sign-in's) shares one Playwright: a second sync_playwright() in the
    same thread refuses to start.
    """
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if IN_CI:
            pytest.fail(f"{reason}; CI=true requires the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server: LiveServer):  # type: ignore[no-untyped-def]
    """A fresh desktop-sized page whose relative `goto` paths hit the live server."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["desktop"])
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: errors.append(message.text)
           if message.type == "error" else None)
    tab.console_errors = errors
    yield tab
    context.close()


def axe_check(page) -> list[str]:  # type: ignore[no-untyped-def]
    """WCAG 2.1 A/AA violations on the current page, one readable line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                       "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?"
                    for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


def screenshot(page, name: str) -> list[Path]:  # type: ignore[no-untyped-def]
    """Full-page screenshots at desktop and phone widths: tests/artifacts/NAME-*.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    paths = []
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        path = ARTIFACTS / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    if original:
        page.set_viewport_size(original)
    return paths


def submit(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Click a button that posts a form, and wait until the answer page has loaded.

    Reading the page right after a bare click can read the old page, whose elements
    are still there while the POST is under way.
    """
    with page.expect_navigation():
        page.click(selector)


def log_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    """Log in through the form, as a person would, and wait for the home page."""
    from tests.web.accounts_data import PASSWORD

    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_url("**/")
