"""The report's period selector shows the chosen period and every quarter and half-year
that has begun since the workgroup's first activity, in words ("1e kwartaal 2027")."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from calendar_app.models import Workgroup
from calendar_app.web import planning_report
from tests.factories import make_activity
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]+)</option>')


@pytest.fixture
def options(app: Flask, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The selector's (value, selected, label) on the report page, on 3 February 2027,
    for a workgroup whose first activity was on 10 April 2026."""
    people(app)
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        make_activity(session, zuid, title="Lunchlezing", on=date(2026, 4, 10))
    monkeypatch.setattr(planning_report, "today", lambda: date(2027, 2, 3))
    client = app.test_client()
    assert log_in(client, "member@example.org").status_code == 302

    def read(query: str = "") -> list[tuple[str, bool, str]]:
        page = client.get(f"/planning/zuid/report{query}").get_data(as_text=True)
        return [(value, bool(selected), label)
                for value, selected, label in OPTION.findall(page)]
    return read


def test_without_a_period_the_current_quarter_is_chosen(options) -> None:  # type: ignore[no-untyped-def]
    assert [label for _value, selected, label in options() if selected] == [
        "1e kwartaal 2027"]


def test_every_begun_quarter_and_half_year_since_the_first_activity_is_offered(  # type: ignore[no-untyped-def]
        options) -> None:
    assert [value for value, _selected, _label in options()] == [
        "2027-Q1", "2026-Q4", "2026-Q3", "2026-Q2", "2027-H1", "2026-H2", "2026-H1"]


def test_a_chosen_past_half_year_is_selected_in_words(options) -> None:  # type: ignore[no-untyped-def]
    assert [(value, label) for value, selected, label in options("?period=2026-H1")
            if selected] == [("2026-H1", "1e halfjaar 2026")]


def test_a_chosen_period_before_the_first_activity_is_still_shown(options) -> None:  # type: ignore[no-untyped-def]
    assert ("2025-Q3", True, "3e kwartaal 2025") in options("?period=2025-Q3")


def test_a_free_range_is_shown_as_its_dates(options) -> None:  # type: ignore[no-untyped-def]
    assert [(value, selected) for value, selected, _label
            in options("?from=2026-05-01&to=2026-05-31")][0] == ("", True)

