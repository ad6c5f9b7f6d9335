"""Every page has a whole title (issue 14; WCAG 2.4.2): "<what> – Diversiteitskalender",
never an empty part such as "– –" or a title that starts with the dash, on every page
type of `tests/e2e/page_types.PAGES`, asked in Dutch and English. The site's name is
in the page's own language (the unsubscribe page is always Dutch)."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from calendar_app.db import Database
from tests.e2e.page_types import seed
from tests.web.page_html import every_page
from tests.web.page_html import parse
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401

SITE = {"nl": "Diversiteitskalender", "en": "Diversity calendar"}


def _title(html: str) -> tuple[str, str]:
    """The page's language and its title (not an inline SVG's)."""
    tree = parse(html)
    titles = [title for title in tree.find_all("title") if title.ancestor("head") is not None]
    assert len(titles) == 1
    return tree.find_all("html")[0].attrs["lang"], re.sub(r"\s+", " ", titles[0].all_text()).strip()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_page_title_has_an_empty_part(app: Flask, database: Database,
                                         public_data: PublicData, lang: str) -> None:
    fields = seed(database, public_data, app.extensions["calendar_settings"])
    broken = {}
    for page, _status, html in every_page(app, fields, lang=lang):
        language, title = _title(html)
        parts = [part.strip() for part in title.split("–")]
        if len(parts) < 2 or "" in parts or parts[-1] != SITE[language]:
            broken[page.name] = title
    assert broken == {}
