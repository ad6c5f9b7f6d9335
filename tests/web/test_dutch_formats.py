"""The Dutch pages write the Dutch way: no ISO date outside form fields, no "." as the
decimal separator of an amount or average, no theme key where its name belongs."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import Workgroup
from tests.factories import make_activity
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
POINT_DECIMAL = re.compile(r"\b\d+\.\d{1,2}\b")
THEME_KEYS = re.compile(r"\b(lhbtiq|sociale-veiligheid|neurodiversiteit|mensenrechten)\b")
URL = re.compile(r"https?://\S+")
#: Text inside these is data or code, not wording.
SKIPPED = {"script", "style", "code", "pre", "textarea", "title"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


@pytest.fixture
def coordinator(app: Flask) -> tuple[FlaskClient, dict[str, str]]:
    people(app)
    catalogue(app)
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        held = make_activity(session, zuid, title="Lunchlezing", on=date(2026, 4, 10),
                             phase="bewustwording", themes=["lhbtiq", "sociale-veiligheid"],
                             budget_estimate=Decimal("1250.50"), actual_cost=Decimal("455.75"),
                             attendance=40)
        proposal = make_activity(session, zuid, title="Pinksterontbijt", status="proposed",
                                 on=date(2027, 5, 17), themes=["lhbtiq"],
                                 budget_estimate=Decimal("300.00"))
        ids = {"held": held.public_id, "proposal": proposal.public_id}
    client = app.test_client()
    assert log_in(client, "coord@example.org").status_code == 302
    return client, ids


PAGES = ["/planning/zuid/2026", "/planning/zuid/2026/budget",
         "/planning/zuid/report?period=2026-H1", "/workgroups/zuid",
         "/activities/{proposal}/review", "/activities/{held}",
         "/lijst?from=2026-04-01&to=2026-04-30",
         "/planning/activities/{held}/evaluation"]


@pytest.mark.parametrize("path", PAGES)
def test_dutch_pages_write_dates_amounts_and_themes_the_dutch_way(
        coordinator: tuple[FlaskClient, dict[str, str]], path: str) -> None:
    client, ids = coordinator
    response = client.get(path.format(**ids))
    assert response.status_code == 200
    text = URL.sub("", visible_text(response.get_data(as_text=True)))
    assert ISO_DATE.findall(text) == []
    assert POINT_DECIMAL.findall(text) == []
    assert THEME_KEYS.findall(text) == []
