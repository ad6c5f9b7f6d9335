"""Issue 14, form by form: a refused field has its own message beside it, says
aria-invalid and points at that message, the form starts with the error summary in
the design system's alert style; and withdrawing organisers' dates asks first."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.db import Database
from calendar_app.models import BrowserDate
from calendar_app.models import OutboxMessage
from calendar_app.models import Registration
from calendar_app.models import Workgroup
from tests.e2e.page_types import seed
from tests.factories import make_activity
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form
from tests.web.page_html import Element
from tests.web.page_html import parse
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401
from tests.web.registration_data import signup_activity
from tests.web.test_form_errors import TOKEN
from tests.web.test_form_errors import _assert_marked

DATES = "/admin/dates/pride-amsterdam"
WITHDRAWAL = {"withdraw-year": "2026", "withdraw-source_url": "https://pride.amsterdam/",
              "withdraw-checked": "2026-03-01"}


@pytest.fixture
def seeded(app: Flask) -> None:
    people(app)
    catalogue(app)


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    return client


def _invalid(html: str) -> dict[str, Element]:
    """The fields that say aria-invalid, by id."""
    return {element.attrs["id"]: element for element in parse(html).walk()
            if element.attrs.get("aria-invalid") == "true"}


def _message_of(html: str, field_id: str) -> str:
    """The text of the error message the field points at."""
    page = parse(html)
    field = next(element for element in page.walk() if element.attrs.get("id") == field_id)
    ids = field.attrs.get("aria-describedby", "").split()
    return " ".join(element.all_text().strip() for element in page.walk()
                    if element.attrs.get("id") in ids and "field-error" in element.classes())


def _summary(html: str) -> Element | None:
    return next((element for element in parse(html).walk()
                 if "error-summary" in element.classes()), None)


def _withdrawn(app: Flask, year: int) -> list[BrowserDate]:
    with database(app).session() as session:
        return [row for row in session.scalars(select(BrowserDate)).all()
                if row.year == year and row.start_date is None]


# Organisers' dates: withdrawing is its own action behind a confirmation.

def test_the_save_form_of_organisers_dates_has_no_withdraw_button(
        app: Flask, seeded: None) -> None:
    page = parse(_as(app, "admin@example.org").get(DATES).get_data(as_text=True))
    save = next(form for form in page.find_all("form") if form.attrs["action"] == f"{DATES}#edit")
    buttons = [button for button in save.walk()
               if button.tag in ("button", "input") and button.attrs.get("type") == "submit"]
    assert len(buttons) == 1


def test_the_save_form_no_longer_withdraws_dates(app: Flask, seeded: None) -> None:
    client = _as(app, "admin@example.org")
    response = post_form(client, DATES, {"year": "2026", "source_url": "https://pride.amsterdam/",
                                         "checked": "2026-03-01", "withdraw": "y"})
    assert response.status_code == 400
    assert _withdrawn(app, 2026) == []


def test_the_confirmed_withdrawal_withdraws_the_dates_of_the_year(
        app: Flask, seeded: None) -> None:
    client = _as(app, "admin@example.org")
    response = post_form(client, f"{DATES}/withdraw", WITHDRAWAL, page=DATES)
    assert response.status_code == 302
    assert len(_withdrawn(app, 2026)) == 1


def test_a_refused_withdrawal_opens_the_confirmation_with_its_field_marked(
        app: Flask, seeded: None) -> None:
    client = _as(app, "admin@example.org")
    response = post_form(client, f"{DATES}/withdraw", {**WITHDRAWAL, "withdraw-year": ""},
                         page=DATES)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert list(_invalid(html)) == ["withdraw-year"]
    details = _invalid(html)["withdraw-year"].ancestor("details")
    assert details is not None and "open" in details.attrs
    _assert_marked("withdraw", html)


# Cancelling a registration from the confirmation mail.

def test_opening_the_cancel_address_cancels_nothing(
        app: Flask, database: Database, public_data: PublicData) -> None:
    fields = seed(database, public_data, app.extensions["calendar_settings"])
    url = f"/activities/{fields['signup']}/aanmelden/{fields['manage']}/afmelden"
    assert app.test_client().get(url).status_code == 405
    with database.session() as session:
        row = session.scalars(select(Registration).where(
            Registration.email == "rosa@example.org")).one()
        assert row.cancelled_at is None


# The message to the registrants.

@pytest.fixture
def roster(app: Flask) -> tuple[FlaskClient, str]:
    people(app)
    coordinator = _as(app, "coord@example.org")
    return coordinator, f"/activities/{signup_activity(app, coordinator)}/aanmeldingen"


def test_an_empty_message_to_registrants_marks_both_fields(
        roster: tuple[FlaskClient, str]) -> None:
    client, page = roster
    response = post_form(client, f"{page}/bericht", {"subject": "", "body": ""}, page=page)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert sorted(_invalid(html)) == ["body", "subject"]
    _assert_marked("roster-mail", html)


def test_the_message_fields_use_the_design_system_classes(
        roster: tuple[FlaskClient, str]) -> None:
    client, page = roster
    html = client.get(page).get_data(as_text=True)
    fields = {element.attrs.get("id"): element for element in parse(html).walk()}
    assert "ams-text-input" in fields["subject"].classes()
    assert "ams-text-area" in fields["body"].classes()


def test_a_subject_over_200_characters_is_refused_beside_the_subject(
        app: Flask, roster: tuple[FlaskClient, str]) -> None:
    client, page = roster
    response = post_form(client, f"{page}/bericht", {"subject": "x" * 201, "body": "Welkom."},
                         page=page)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert list(_invalid(html)) == ["subject"]
    assert "200" in _message_of(html, "subject")
    with database(app).session() as session:
        assert session.scalars(select(OutboxMessage).where(
            OutboxMessage.dedupe_key.like("reg-message:%"))).all() == []


# Declining without a reason.

def test_declining_without_a_reason_starts_with_the_error_summary(
        app: Flask, seeded: None) -> None:
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        public_id = make_activity(session, zuid, title="Pinksterontbijt", status="proposed",
                                  on=date(2026, 5, 24)).public_id
    client = _as(app, "coord@example.org")
    response = post_form(client, f"/activities/{public_id}/decline", {"reason": ""},
                         page=f"/activities/{public_id}/review")
    assert response.status_code == 400
    _assert_marked("decline", response.get_data(as_text=True))


# The evaluation.

def test_a_bad_attendance_and_a_bad_cost_each_get_their_own_error(
        app: Flask, seeded: None) -> None:
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        public_id = make_activity(session, zuid, title="IDAHOT-borrel",
                                  on=date(2026, 5, 17)).public_id
    url = f"/planning/activities/{public_id}/evaluation"
    client = _as(app, "coord@example.org")
    token = TOKEN.search(client.get(url).get_data(as_text=True))
    assert token is not None
    response = client.post(url, data={"attendance": "abc", "actual_cost": "x", "notes": "",
                                      "csrf_token": token.group(1)})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert sorted(_invalid(html)) == ["actual_cost", "attendance"]
    assert "opkomst" in _message_of(html, "attendance")
    assert "bedrag" in _message_of(html, "actual_cost")
    assert "opkomst" not in _message_of(html, "actual_cost")
    _assert_marked("evaluation", html)


# The filter forms.

@pytest.mark.parametrize("url", ["/lijst?from=x&to=2026-02-30", "/check?from=x&to=y"])
def test_a_filter_form_marks_each_bad_date(app: Flask, url: str) -> None:
    response = app.test_client().get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    prefix = "f" if url.startswith("/lijst") else "c"
    assert sorted(_invalid(html)) == [f"{prefix}-from", f"{prefix}-to"]
    _assert_marked(url, html)


# Logging in.

def test_a_wrong_password_shows_the_error_summary_of_every_form(
        app: Flask, seeded: None) -> None:
    response = log_in(app.test_client(), "member@example.org", "not the password")
    html = response.get_data(as_text=True)
    summary = _summary(html)
    assert response.status_code == 401
    assert summary is not None and "ams-alert" in summary.classes()
    assert [element.attrs.get("href") for element in summary.walk() if element.tag == "a"] \
        == ["#password"]
    assert any(element.tag == "h2" for element in summary.walk())
