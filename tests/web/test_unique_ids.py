"""No page has an `id` twice (issue 14; WCAG 4.1.1 and every `<label for>` depend on
it): on every page type of `tests/e2e/page_types.PAGES`, seen by its viewer, including
pages with several forms, whose CSRF fields must not all be `id="csrf_token"`."""

from __future__ import annotations

from collections import Counter

from flask import Flask

from calendar_app.db import Database
from tests.e2e.page_types import seed
from tests.web.page_html import every_page
from tests.web.page_html import parse
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401


def test_no_page_type_has_an_id_twice(app: Flask, database: Database,
                                      public_data: PublicData) -> None:
    fields = seed(database, public_data, app.extensions["calendar_settings"])
    twice, forms = {}, 0
    for page, _status, html in every_page(app, fields):
        tree = parse(html)
        forms += len(tree.find_all("form"))
        counts = Counter(element.attrs["id"] for element in tree.walk() if "id" in element.attrs)
        repeated = sorted(name for name, count in counts.items() if count > 1)
        if repeated:
            twice[page.name] = repeated
    assert forms > 40, "the pages were not read"
    assert twice == {}
