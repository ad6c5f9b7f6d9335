"""The report names a whole quarter or half-year as its selector does: in English
"Q1 2027" and "H1 2026", in Dutch "1e kwartaal 2027"; in the selector and under the
page's title, with the period's days beside it."""

from __future__ import annotations

import re
from collections.abc import Callable
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
PERIOD = re.compile(r'<p class="period">([^<]+)</p>')


@pytest.fixture
def page(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], str]:
    """The report page of zuid (first activity 10 April 2026) on 3 February 2027."""
    people(app)
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        make_activity(session, zuid, title="Lunchlezing", on=date(2026, 4, 10))
    monkeypatch.setattr(planning_report, "today", lambda: date(2027, 2, 3))
    client = app.test_client()
    assert log_in(client, "member@example.org").status_code == 302
    return lambda query: client.get(f"/planning/zuid/report{query}").get_data(as_text=True)


def test_the_english_selector_names_quarters_and_half_years_q1_and_h1(
        page: Callable[[str], str]) -> None:
    assert [label for _value, _selected, label in OPTION.findall(page("?lang=en"))] == [
        "Q1 2027", "Q4 2026", "Q3 2026", "Q2 2026", "H1 2027", "H2 2026", "H1 2026"]


def test_the_english_selector_shows_the_chosen_half_year_by_name(
        page: Callable[[str], str]) -> None:
    assert [(value, label) for value, selected, label
            in OPTION.findall(page("?period=2026-H1&lang=en")) if selected] == [
        ("2026-H1", "H1 2026")]


@pytest.mark.parametrize(("query", "expected"), [
    ("?lang=en", "Q1 2027 (1 January – 31 March 2027)"),
    ("?period=2026-H2&lang=en", "H2 2026 (1 July – 31 December 2026)"),
    ("?lang=nl", "1e kwartaal 2027 (1 januari – 31 maart 2027)"),
    ("?period=2026-H1&lang=nl", "1e halfjaar 2026 (1 januari – 30 juni 2026)")])
def test_under_the_title_the_period_is_named_with_its_days(
        page: Callable[[str], str], query: str, expected: str) -> None:
    assert PERIOD.findall(page(query)) == [expected]


def test_a_free_range_under_the_title_is_only_its_days(page: Callable[[str], str]) -> None:
    assert PERIOD.findall(page("?from=2026-05-01&to=2026-05-31&lang=en")) == [
        "1 May – 31 May 2026"]
