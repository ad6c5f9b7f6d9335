"""The Dutch pages write the Dutch way (issue 14): on every page type of
`tests/e2e/page_types.PAGES`, with activities that have money, themes, feedback averages
and sign-ups, the wording has no ISO date, no "." as the decimal separator of an amount
or average, and no theme key where its name belongs. Form values (input value=,
textarea, option value=) and machine attributes (href=, datetime=) are data, not wording.
"""

from __future__ import annotations

from flask import Flask

from calendar_app.db import Database
from tests.e2e.page_types import PAGES
from tests.e2e.page_types import seed
from tests.web.accounts_data import log_in
from tests.web.dutch_text import enrich
from tests.web.dutch_text import non_dutch
from tests.web.dutch_text import theme_keys
from tests.web.dutch_text import visible_text
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401


def test_every_dutch_page_type_writes_dates_amounts_and_themes_the_dutch_way(
        app: Flask, database: Database, public_data: PublicData) -> None:
    fields = seed(database, public_data, app.extensions["calendar_settings"])
    enrich(database, fields)
    keys = theme_keys(database)
    found, broken = {}, {}
    for viewer in (None, *sorted({page.viewer for page in PAGES if page.viewer})):
        client = app.test_client()
        if viewer:
            assert log_in(client, viewer).status_code == 302
        for page in (page for page in PAGES if page.viewer == viewer):
            response = client.get(page.path.format(**fields))
            if response.status_code != (404 if page.name == "not-found" else 200):
                broken[page.name] = response.status_code
                continue
            wrong = non_dutch(visible_text(response.get_data(as_text=True)), keys)
            if wrong:
                found[page.name] = wrong
    assert broken == {}
    assert found == {}
