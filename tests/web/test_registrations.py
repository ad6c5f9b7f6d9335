"""Sign-up pages, the organisers' list and check-in through the web (CSRF on)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import OutboxMessage
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form
from tests.web.registration_data import activity
from tests.web.registration_data import registration
from tests.web.registration_data import sign_up
from tests.web.registration_data import signup_activity


@pytest.fixture
def coordinator(app: Flask) -> FlaskClient:
    people(app)
    client = app.test_client()
    log_in(client, "coord@example.org")
    return client


def test_the_activity_form_turns_registration_on(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator, capacity="4")
    page = app.test_client().get(f"/activities/{public_id}").get_data(as_text=True)
    assert "nog 4 plaatsen" in page
    assert f'href="/activities/{public_id}/aanmelden"' in page
    edit = coordinator.get(f"/activities/{public_id}/edit").get_data(as_text=True)
    assert 'name="registration"' in edit and 'checked' in edit and 'value="4"' in edit


def test_a_full_activity_says_waiting_list(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator, capacity="1")
    post_form(coordinator, f"/activities/{public_id}/aanmelden", {"member": "1"})
    page = app.test_client().get(f"/activities/{public_id}?lang=en").get_data(as_text=True)
    assert "Full — waiting list" in page


def test_an_anonymous_sign_up_mails_a_link_and_places_nobody(
        app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator)
    visitor = app.test_client()
    form = visitor.get(f"/activities/{public_id}/aanmelden").get_data(as_text=True)
    assert 'name="needs"' in form and "90 dagen na de activiteit" in form
    assert sign_up(visitor, public_id, "Anna", "anna@example.org") == 302
    assert registration(app, "anna@example.org").status == "pending"
    with database(app).session() as session:
        kinds = session.scalars(select(OutboxMessage.dedupe_key)).all()
    assert [key.split(":")[0] for key in kinds] == ["reg-confirm"]


def test_a_bad_address_is_shown_beside_the_field(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator)
    response = post_form(app.test_client(), f"/activities/{public_id}/aanmelden",
                         {"name": "Anna", "email": "anna@", "needs": ""})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_a_colleague_signs_up_with_one_button(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator)
    member = app.test_client()
    log_in(member, "member@example.org")
    page = member.get(f"/activities/{public_id}/aanmelden").get_data(as_text=True)
    assert 'name="member"' in page and 'name="email"' not in page
    response = post_form(member, f"/activities/{public_id}/aanmelden", {"member": "1"})
    assert response.status_code == 302
    assert registration(app, "member@example.org").status == "confirmed"


def test_only_the_organisers_see_names(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator)
    sign_up(app.test_client(), public_id, "Anna Geheim", "anna@example.org")
    other = app.test_client()
    log_in(other, "oost@example.org")
    for path in ("aanmeldingen", "aanwezig", "aanmeldingen.csv"):
        assert other.get(f"/activities/{public_id}/{path}").status_code == 403
        assert app.test_client().get(f"/activities/{public_id}/{path}").status_code == 302
        assert coordinator.get(f"/activities/{public_id}/{path}").status_code == 200
    assert "Anna Geheim" not in app.test_client().get(
        f"/activities/{public_id}").get_data(as_text=True)


def test_ticks_and_walk_ins_become_the_attendance(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator)
    post_form(coordinator, f"/activities/{public_id}/aanmelden", {"member": "1"})
    me = registration(app, "coord@example.org")
    url = f"/activities/{public_id}/aanwezig"
    response = post_form(coordinator, url, {"present": str(me.id), "walk_in": "Bram"})
    assert response.status_code == 302
    assert activity(app, public_id).attendance == 2
    page = coordinator.get(url).get_data(as_text=True)
    assert "Bram" in page and "2 aanwezig" in page
    post_form(coordinator, url, {"present": str(me.id)})  # Bram's tick taken off
    assert activity(app, public_id).attendance == 1


def test_the_csv_lists_status_needs_and_presence(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator)
    sign_up(app.test_client(), public_id, "=Anna", "anna@example.org", needs="Rolstoel")
    data = coordinator.get(f"/activities/{public_id}/aanmeldingen.csv").get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    header, row = data.decode("utf-8-sig").splitlines()[:2]
    assert header == ("Naam;E-mail;Status;Dieetwensen;Toegankelijkheid;Zonder aanmelding;"
                      "Aanwezig;Aangemeld op")
    assert row.startswith("'=Anna;anna@example.org;Nog niet bevestigd;;Rolstoel;nee;;")
    english = coordinator.get(f"/activities/{public_id}/aanmeldingen.csv?lang=en")
    assert english.get_data().decode("utf-8-sig").splitlines()[1].startswith(
        "'=Anna,anna@example.org,Not confirmed yet,,Rolstoel,no,,")


def test_the_organiser_mails_everyone_with_a_place(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator)
    post_form(coordinator, f"/activities/{public_id}/aanmelden", {"member": "1"})
    sign_up(app.test_client(), public_id, "Anna", "anna@example.org")  # not confirmed
    roster = f"/activities/{public_id}/aanmeldingen"
    response = post_form(coordinator, f"{roster}/bericht",
                         {"subject": "Route", "body": "Ingang aan de Amstel."}, page=roster)
    assert response.status_code == 302
    with database(app).session() as session:
        rows = session.scalars(select(OutboxMessage).where(
            OutboxMessage.dedupe_key.like("reg-message:%"))).all()
    assert [(row.recipient_email, row.payload["context"]["body"]) for row in rows] == [
        ("coord@example.org", "Ingang aan de Amstel.")]
    empty = post_form(coordinator, f"{roster}/bericht", {"subject": "", "body": ""}, page=roster)
    assert empty.status_code == 422


def test_sign_ups_are_rate_limited(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator)
    app.config["SIGN_UP_RATE_LIMIT"] = "2 per minute"
    visitor = app.test_client()
    codes = [sign_up(visitor, public_id, "Anna", f"anna{i}@example.org") for i in range(3)]
    assert codes == [302, 302, 429]


def test_a_walk_in_takes_no_place(app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator, capacity="1")
    post_form(coordinator, f"/activities/{public_id}/aanwezig", {"walk_in": "Bram"})
    page = app.test_client().get(f"/activities/{public_id}").get_data(as_text=True)
    assert "nog 1 plaats" in page


def test_the_questions_and_the_reminder_are_chosen_per_activity(
        app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator, ask_needs=None, reminder_days="3")
    form = app.test_client().get(f"/activities/{public_id}/aanmelden").get_data(as_text=True)
    assert 'name="dietary"' in form and 'name="needs"' not in form
    with database(app).session() as session:
        from calendar_app.services.registrations import settings_of

        row = settings_of(session, activity(app, public_id))
        assert row is not None and (row.ask_needs, row.reminder_lead_days) == (False, 3)
    edit = coordinator.get(f"/activities/{public_id}/edit").get_data(as_text=True)
    assert 'name="reminder_days"' in edit and 'value="3"' in edit


def test_with_sign_up_open_signing_up_is_the_one_primary_button(
        app: Flask, coordinator: FlaskClient) -> None:
    public_id = signup_activity(app, coordinator, capacity="4")
    page = app.test_client().get(f"/activities/{public_id}").get_data(as_text=True)
    primaries = re.findall(r'<a class="ams-button ams-button--primary" href="([^"]+)"', page)
    assert primaries == [f"/activities/{public_id}/aanmelden"]
    assert f'ams-button--secondary" href="/activities/{public_id}.ics"' in page
