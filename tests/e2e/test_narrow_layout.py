"""No page is wider than a 320 px phone (WCAG 1.4.10 reflow: 320 CSS px without
scrolling sideways), for every page type of `page_types.PAGES`, logged in where the
page needs it. Wide tables scroll inside their own box, never the page. And axe finds
no WCAG 2.1 A/AA violation on any page type, in Dutch or English."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.page_types import PAGES
from tests.e2e.page_types import seed
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

WIDTH = 320
#: The first elements that stick out on the right, named for the failure message.
CULPRITS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                       + (el.className && el.className.baseVal === undefined
                          ? '.' + el.className.split(' ').join('.') : ''))"""


def test_no_page_is_wider_than_320_px(browser, live_server, database,  # type: ignore[no-untyped-def]
                                      public_data: PublicData) -> None:
    fields = seed(database, public_data, live_server.settings)
    too_wide, broken = {}, {}
    for viewer in (None, *sorted({page.viewer for page in PAGES if page.viewer})):
        context = browser.new_context(base_url=live_server.url,
                                      viewport={"width": WIDTH, "height": 800})
        tab = context.new_page()
        if viewer:
            log_in(tab, viewer)
        for page in (page for page in PAGES if page.viewer == viewer):
            response = tab.goto(page.path.format(**fields))
            if response is None or response.status >= 500 or (
                    response.status >= 400 and page.name != "not-found"):
                broken[page.name] = response.status if response else None
                continue
            widths = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if widths[0] > widths[1]:
                too_wide[page.name] = (widths, tab.evaluate(CULPRITS))
        context.close()
    assert broken == {}
    assert too_wide == {}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_type_passes_axe(browser, live_server, database,  # type: ignore[no-untyped-def]
                                    public_data: PublicData, lang: str) -> None:
    fields = seed(database, public_data, live_server.settings)
    problems = {}
    for viewer in (None, *sorted({page.viewer for page in PAGES if page.viewer})):
        context = browser.new_context(base_url=live_server.url,
                                      viewport={"width": 1366, "height": 900})
        tab = context.new_page()
        if viewer:
            log_in(tab, viewer)
        for page in (page for page in PAGES if page.viewer == viewer):
            path = page.path.format(**fields)
            tab.goto(f"{path}{'&' if '?' in path else '?'}lang={lang}")
            violations = axe_check(tab)
            if violations:
                problems[page.name] = violations
        context.close()
    assert problems == {}
