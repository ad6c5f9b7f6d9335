"""One word per status: the registrations list and its CSV agree, in either language."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from calendar_app.models import Registration
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.registration_data import sign_up
from tests.web.registration_data import signup_activity


@pytest.fixture
def coordinator(app: Flask) -> FlaskClient:
    people(app)
    client = app.test_client()
    log_in(client, "coord@example.org")
    return client


def _with_status(app: Flask, coordinator: FlaskClient, status: str) -> str:
    public_id = signup_activity(app, coordinator)
    sign_up(app.test_client(), public_id, "Anna", "anna@example.org")
    with database(app).transaction() as session:
        session.execute(update(Registration).where(Registration.email == "anna@example.org")
                        .values(status=status))
    return public_id


def _csv_status(coordinator: FlaskClient, public_id: str, query: str = "") -> str:
    data = coordinator.get(f"/activities/{public_id}/aanmeldingen.csv{query}").get_data()
    row = data.decode("utf-8-sig").splitlines()[1]
    return row.split(";" if not query else ",")[2]


def test_a_cancelled_registration_is_geannuleerd_in_the_list_and_the_csv(
        app: Flask, coordinator: FlaskClient) -> None:
    public_id = _with_status(app, coordinator, "cancelled")
    roster = coordinator.get(f"/activities/{public_id}/aanmeldingen").get_data(as_text=True)
    assert "<td>Geannuleerd</td>" in roster
    assert _csv_status(coordinator, public_id) == "Geannuleerd"


@pytest.mark.parametrize(("status", "word"), [
    ("confirmed", "Confirmed"), ("waitlisted", "Waiting list"), ("cancelled", "Cancelled")])
def test_the_english_csv_says_the_status_in_english(
        app: Flask, coordinator: FlaskClient, status: str, word: str) -> None:
    public_id = _with_status(app, coordinator, status)
    assert _csv_status(coordinator, public_id, "?lang=en") == word
