"""The planning check page knows the working year: days off and school holidays."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def test_whit_monday_2027_is_flagged_as_a_public_holiday(
        client: FlaskClient, public_data: PublicData) -> None:
    response = client.get("/check?from=2027-05-17&to=2027-05-17")
    page = text(response)
    assert response.status_code == 200
    assert "feestdag" in page and "Tweede Pinksterdag" in page
    assert "officiële feestdag / vrije dag" in page


def test_ascension_day_2027_is_named(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/check?from=2027-05-06&to=2027-05-06"))
    assert "Hemelvaartsdag" in page and "vrije dag" in page


def test_in_english_it_says_public_holiday_day_off(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/check?from=2027-05-17&to=2027-05-17&lang=en"))
    assert "Whit Monday" in page and "public holiday / day off" in page


def test_a_school_holiday_is_shown_as_a_note(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/check?from=2026-02-23&to=2026-02-23"))
    assert "Voorjaarsvakantie" in page and "regio Noord" in page


def test_an_ordinary_day_has_neither(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/check?from=2027-06-09&to=2027-06-09"))
    assert "vrije dag" not in page and "Schoolvakanties" not in page


def test_a_period_whose_school_holidays_are_not_known_says_so(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/check?from=2027-07-19&to=2027-07-23"))
    assert "staan nog niet in deze kalender" in page and "rijksoverheid.nl" in page


def test_a_sourced_school_year_has_no_such_note(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/check?from=2026-06-08&to=2026-06-12"))
    assert "staan nog niet in deze kalender" not in page
