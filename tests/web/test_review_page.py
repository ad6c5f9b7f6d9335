"""The review page of an activity: its history in the page's language, what a declined
proposal waits for, and the online link of each programme session."""

from __future__ import annotations

from dataclasses import fields

from flask import Flask
from flask.testing import FlaskClient

from calendar_app.services.activities import ActivityInput
from calendar_app.web.history import field_label
from tests.web.accounts_data import activity_data
from tests.web.accounts_data import post_form
from tests.web.accounts_data import workgroup_id
from tests.web.test_activities import _act
from tests.web.test_activities import _as
from tests.web.test_activities import _propose
from tests.web.test_activities import member  # noqa: F401  (the fixture)


def _declined(app: Flask, member: FlaskClient) -> str:  # noqa: F811
    public_id = _propose(app, member)
    assert _act(_as(app, "coord@example.org"), public_id, "decline",
                reason="Valt samen met de herdenking.") == 302
    return public_id


def _history(page: str) -> str:
    return page[page.index('class="history"'):]


def test_the_history_names_changed_fields_by_their_dutch_labels(
        app: Flask, member: FlaskClient) -> None:  # noqa: F811
    public_id = _declined(app, member)
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), description="Nieuw.",
                         start_time="12:30", end_time="14:00")
    assert post_form(member, f"/activities/{public_id}/edit", data).status_code == 302
    history = _history(member.get(f"/activities/{public_id}/review").get_data(as_text=True))
    assert "opnieuw ingediend door Mia Member (beschrijving, begin, einde)" in history
    assert "start_at" not in history and "description" not in history


def test_every_stored_field_has_a_label_in_both_languages(app: Flask) -> None:
    """A field the services record but this page cannot name would fall back to
    "andere gegevens"; a column name (start_at) never shows."""
    names = [spec.name for spec in fields(ActivityInput)] + ["series_id", "coorganisers"]
    for lang, fallback in (("nl", "andere gegevens"), ("en", "other details")):
        with app.test_request_context(f"/?lang={lang}"):
            labels = {name: field_label(name) for name in names}
        assert [name for name, label in labels.items()
                if "_" in label or label == fallback] == [], lang
    with app.test_request_context("/?lang=nl"):
        assert field_label("series_id") == "reeks"


def test_a_declined_proposal_tells_the_coordinator_who_acts_next(
        app: Flask, member: FlaskClient) -> None:  # noqa: F811
    public_id = _declined(app, member)
    page = _as(app, "coord@example.org").get(f"/activities/{public_id}/review") \
        .get_data(as_text=True)
    assert "Wat wil je doen" not in page
    assert "de indiener kan het voorstel aanpassen en opnieuw indienen." in page


def test_the_proposer_of_a_declined_proposal_still_sees_what_to_do(
        app: Flask, member: FlaskClient) -> None:  # noqa: F811
    page = member.get(f"/activities/{_declined(app, member)}/review").get_data(as_text=True)
    assert "Wat wil je doen" in page and "Aanpassen en opnieuw indienen" in page
    assert "de indiener kan het voorstel aanpassen" not in page


def test_a_sessions_online_link_is_on_the_review_page(app: Flask,
                                                      member: FlaskClient) -> None:  # noqa: F811
    public_id = _propose(app, member, kind="synergy-day", **{
        "sessions-0-title": "Opening", "sessions-0-start_time": "12:00",
        "sessions-0-end_time": "12:30", "sessions-0-room": "Zaal 1",
        "sessions-0-online_url": "https://teams.example.org/opening"})
    page = member.get(f"/activities/{public_id}/review").get_data(as_text=True)
    assert 'href="https://teams.example.org/opening"' in page
