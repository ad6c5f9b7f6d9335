"""The default catalogue fits on the A3 year poster: every observance of the year is
printed, none summarised as "+ N meer".

A canteen poster that leaves out March's observances because the month is busy fails
the colleagues it is for; the catalogue is what every installation starts with.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask

from calendar_app.db import Database
from calendar_app.services import planning
from tests.exports.conftest import ZONE
from tests.exports.conftest import pdf_text
from tests.web.accounts_data import catalogue


def _observances(app: Flask, year: int, language: str) -> list[str]:
    database: Database = app.extensions["database"]
    with database.transaction() as session:
        items = planning.poster_items(session, date(year, 1, 1), date(year, 12, 31),
                                      zone=ZONE)
        return [item.name.get(language) for item in items if item.kind == "observance"]


@pytest.mark.parametrize("year", [2026, 2027, 2028])
@pytest.mark.parametrize(("language", "more"), [("nl", "meer"), ("en", "more")])
def test_every_observance_of_the_catalogue_is_on_the_a3_year_poster(
        app: Flask, year: int, language: str, more: str) -> None:
    catalogue(app)
    names = _observances(app, year, language)
    response = app.test_client().get(f"/poster/{year}.pdf?lang={language}")
    assert response.status_code == 200
    words = " ".join(pdf_text(response.get_data()).split())
    assert names and not re.search(rf"\+ \d+ {more}", words)
    missing = [name for name in names if " ".join(name.split()) not in words]
    assert missing == []
