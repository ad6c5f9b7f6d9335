"""The activity form in the browser (issue 14): the programme of sessions belongs to a
synergy day, so activity-form.js shows it only while "Synergy day" is the chosen kind;
and a proposer's form submits with "Voorstel indienen"."""

from __future__ import annotations

from calendar_app.db import Database
from tests.e2e.conftest import log_in
from tests.web.accounts_data import people

KIND = "input[name='kind'][value='{}']"


def test_the_programme_shows_only_while_synergy_day_is_chosen(  # type: ignore[no-untyped-def]
        page, database: Database) -> None:
    people(database)
    log_in(page, "member@example.org")
    page.goto("/activities/new")
    programme = page.locator("#programme")
    assert page.is_checked(KIND.format("activity")) and programme.is_hidden()
    page.check(KIND.format("synergy-day"))
    assert programme.is_visible()
    page.check(KIND.format("activity"))
    assert programme.is_hidden()
    assert page.console_errors == []


def test_a_proposer_submits_with_voorstel_indienen(page, database: Database) -> None:  # type: ignore[no-untyped-def]
    people(database)
    log_in(page, "member@example.org")
    page.goto("/activities/new")
    assert page.get_attribute("#submit", "value") == "Voorstel indienen"
