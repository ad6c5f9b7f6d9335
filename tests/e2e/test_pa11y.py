"""A second accessibility engine: pa11y with HTML_CodeSniffer (WCAG 2 AA) finds no errors
on any page type, in Dutch and English. It runs on Debian's Chromium through
tests/js/pa11y.mjs (installed by `make test` with ical.js); axe runs in the other
browser tests. Without Node or pa11y the test is skipped, under CI=true it fails."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import log_in
from tests.e2e.page_types import PAGES
from tests.e2e.page_types import seed
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

JS_DIR = Path(__file__).resolve().parents[1] / "js"


def _node() -> str:
    node = shutil.which("node")
    missing = "node is not installed" if node is None else (
        None if (JS_DIR / "node_modules" / "pa11y").is_dir()
        else "pa11y is not installed: run `make test` (npm ci in tests/js)")
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"pa11y cannot run under CI: {missing}")
        pytest.skip(missing)
    assert node is not None
    return node


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_codesniffer_finds_no_errors(browser, live_server, database,  # type: ignore[no-untyped-def]
                                          public_data: PublicData, lang: str) -> None:
    node = _node()
    fields = seed(database, public_data, live_server.settings)
    cookies = {None: ""}
    for viewer in sorted({page.viewer for page in PAGES if page.viewer}):
        context = browser.new_context(base_url=live_server.url)
        tab = context.new_page()
        log_in(tab, viewer)
        cookies[viewer] = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        context.close()
    login = f"{live_server.url}/login?next=%2F&lang={lang}"  # not one of PAGES
    pages = [{"url": login, "cookie": ""}]  # its title: what a failed session would show
    for page in PAGES:
        path = page.path.format(**fields)
        joiner = "&" if "?" in path else "?"
        pages.append({"url": f"{live_server.url}{path}{joiner}lang={lang}",
                      "cookie": cookies[page.viewer]})
    done = subprocess.run([node, "pa11y.mjs"], cwd=JS_DIR, input=json.dumps(pages),
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert len(results) == len(pages)
    signed_in = [item["url"] for item, page in zip(pages[1:], PAGES, strict=True)
                 if page.viewer]
    assert signed_in and all(results[url]["title"] != results[login]["title"]
                             for url in signed_in), "a viewer's page showed the login page"
    errors = {url: found["errors"] for url, found in results.items() if found["errors"]}
    assert errors == {}
