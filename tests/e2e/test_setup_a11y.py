"""The setup page of a fresh instance (no administrator, so not in `page_types`, whose
seed has one): zero axe WCAG 2.1 A/AA violations in Dutch and English, empty and with
errors, no wider than a 320 px phone; filled and sent it logs the new administrator in."""

from __future__ import annotations

import pytest

from calendar_app.services.setup import issue_setup_token
from tests.e2e.conftest import LiveServer
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import submit
from tests.web.accounts_data import PASSWORD


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_setup_page_passes_axe_and_fits_320_px(  # type: ignore[no-untyped-def]
        page, live_server: LiveServer, lang: str) -> None:
    token = issue_setup_token(live_server.settings.instance_path)
    page.goto(f"/setup/{token}?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    problems = {"setup": axe_check(page)}
    submit(page, "#submit")  # empty: every field says what is missing
    assert page.locator('[aria-invalid="true"]').count() >= 3
    problems["setup-errors"] = axe_check(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == {"setup": [], "setup-errors": []}


def test_the_setup_page_creates_the_administrator(  # type: ignore[no-untyped-def]
        page, live_server: LiveServer) -> None:
    token = issue_setup_token(live_server.settings.instance_path)
    page.goto(f"/setup/{token}")
    page.fill("#name", "Ada Eerste")
    page.fill("#email", "ada@example.org")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    submit(page, "#submit")
    assert page.goto("/admin/").status == 200  # type: ignore[union-attr]
    assert page.goto(f"/setup/{token}").status == 404  # type: ignore[union-attr]
