"""The screenshots of the README: every page type in Dutch at 1366 px and 390 px, the
three posters and two e-mails, as PNG files.

`make screenshots` writes them to docs/screenshots/ (committed); `make test` and CI run
the same script into tests/artifacts/screenshots/ so it keeps working without leaving
the work tree changed. Runs once, on SQLite (the pictures do not depend on the engine).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.conftest import log_in
from tests.e2e.page_types import ADMIN
from tests.e2e.page_types import PAGES
from tests.e2e.page_types import seed
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

WIDTHS = (1366, 390)
POSTERS = {"poster-year-a3": "/poster/2026.pdf", "poster-quarter-a3": "/poster/2026.pdf?quarter=2",
           "poster-month-a4": "/poster/2026-5.pdf"}
MAILS = {"mail-reminder": "/admin/mail/reminder/nl.html",
         "mail-digest": "/admin/mail/digest/nl.html"}
#: A very long page is cut here: the top of a page is what a screenshot is for.
MAX_HEIGHT = 4000


def _folder() -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or ARTIFACTS / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _shoot(tab, path: Path) -> None:  # type: ignore[no-untyped-def]
    height = min(tab.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    width = tab.viewport_size["width"]
    tab.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": height},
                   full_page=True)


def test_screenshots_of_every_page_type(browser, live_server, database,  # type: ignore[no-untyped-def]
                                        public_data: PublicData) -> None:
    if not live_server.settings.database_url.startswith("sqlite"):
        pytest.skip("pictured once, on SQLite")
    fields = seed(database, public_data, live_server.settings)
    folder = _folder()
    written = []
    for viewer in (None, *sorted({page.viewer for page in PAGES if page.viewer})):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL",
                                      viewport={"width": WIDTHS[0], "height": 900})
        tab = context.new_page()
        if viewer:
            log_in(tab, viewer)
        for page in (page for page in PAGES if page.viewer == viewer):
            for width in WIDTHS:
                tab.set_viewport_size({"width": width, "height": 900})
                response = tab.goto(page.path.format(**fields))
                assert response is not None and (response.status < 400 or (
                    page.name == "not-found" and response.status == 404)), page.name
                written.append(folder / f"{page.name}-{width}.png")
                _shoot(tab, written[-1])
        if viewer == ADMIN:
            tab.set_viewport_size({"width": 700, "height": 900})
            for name, path in MAILS.items():
                response = tab.goto(path)
                assert response is not None and response.status == 200, name
                written.append(folder / f"{name}.png")
                _shoot(tab, written[-1])
            written.extend(_posters(tab, folder))
        context.close()
    assert all(path.stat().st_size > 5000 for path in written), "an empty picture"


def _posters(tab, folder: Path) -> list[Path]:  # type: ignore[no-untyped-def]
    """Each poster PDF as a PNG of its page (poppler's pdftoppm, 40 dpi)."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is missing")
    paths = []
    for name, address in POSTERS.items():
        response = tab.request.get(address)
        assert response.status == 200, address
        pdf = folder / f"{name}.pdf"
        pdf.write_bytes(response.body())
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", str(pdf),
                        str(folder / name)], check=True)
        pdf.unlink()
        paths.append(folder / f"{name}.png")
    return paths
