"""The one-time setup address: the first administrator, created in the browser."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func
from sqlalchemy import select

from calendar_app.models import User
from calendar_app.services.setup import claim_setup_token
from calendar_app.services.setup import issue_setup_token
from calendar_app.services.setup import release_setup_token
from tests.web.accounts_data import NOW
from tests.web.accounts_data import PASSWORD
from tests.web.accounts_data import csrf_token
from tests.web.accounts_data import database
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form

ADMIN = {"name": "Ada Eerste", "email": "Ada@Example.org",
         "password": PASSWORD, "confirm": PASSWORD}


def _token(app: Flask) -> str:
    return issue_setup_token(Path(app.extensions["calendar_settings"].instance_path))


def _users(app: Flask) -> int:
    with database(app).session() as session:
        return session.scalar(select(func.count(User.id))) or 0


def test_the_form_opens_in_dutch_and_changes_nothing(app: Flask, client: FlaskClient) -> None:
    token = _token(app)
    for _ in range(2):
        page = client.get(f"/setup/{token}")
        assert page.status_code == 200
        assert "Maak de eerste beheerder aan" in page.get_data(as_text=True)
    assert _users(app) == 0
    assert client.get(f"/setup/{token}").status_code == 200


def test_the_form_speaks_english_on_request(app: Flask, client: FlaskClient) -> None:
    page = client.get(f"/setup/{_token(app)}?lang=en").get_data(as_text=True)
    assert "Create the first administrator" in page


def test_the_post_creates_the_administrator_and_logs_them_in(
        app: Flask, client: FlaskClient) -> None:
    response = post_form(client, f"/setup/{_token(app)}", ADMIN)
    assert response.status_code == 302
    with database(app).session() as session:
        admin = session.scalar(select(User).where(User.email == "ada@example.org"))
        assert admin is not None and admin.is_admin and admin.name == "Ada Eerste"
    assert client.get("/admin/").status_code == 200


def test_the_error_summary_follows_the_order_of_the_fields(
        app: Flask, client: FlaskClient) -> None:
    empty = {"name": "", "email": "", "password": "", "confirm": ""}
    page = post_form(client, f"/setup/{_token(app)}", empty).get_data(as_text=True)
    links = re.findall(r'href="#(name|email|password|confirm)"', page)
    fields = re.findall(r'<input[^>]* id="(name|email|password|confirm)"', page)
    assert links == fields == ["name", "email", "password", "confirm"]


def test_the_address_works_once(app: Flask, client: FlaskClient) -> None:
    token = _token(app)
    page = f"/setup/{token}"
    assert post_form(client, page, ADMIN).status_code == 302
    other = app.test_client()
    again = post_form(other, page, {**ADMIN, "email": "b@example.org"}, page="/login")
    assert again.status_code == 404
    assert other.get(page).status_code == 404
    assert _users(app) == 1


def test_a_wrong_token_is_not_found(app: Flask, client: FlaskClient) -> None:
    token = _token(app)
    page = client.get(f"/setup/{token}x")
    assert page.status_code == 404
    assert "Dit installatie-adres werkt niet meer" in page.get_data(as_text=True)
    csrf = csrf_token(client, f"/setup/{token}")
    wrong = client.post(f"/setup/{token[:-1]}", data={**ADMIN, "csrf_token": csrf})
    assert wrong.status_code == 404
    assert _users(app) == 0


def test_no_token_issued_means_not_found(app: Flask, client: FlaskClient) -> None:
    assert client.get("/setup/anything").status_code == 404


def test_once_an_administrator_exists_the_address_is_not_found(
        app: Flask, client: FlaskClient) -> None:
    token = _token(app)
    csrf = csrf_token(client, f"/setup/{token}")
    people(app)
    assert client.get(f"/setup/{token}").status_code == 404
    posted = client.post(f"/setup/{token}", data={**ADMIN, "csrf_token": csrf})
    assert posted.status_code == 404
    assert _users(app) == 4  # the four of people(): nobody was added


def test_bad_input_shows_the_form_with_errors(app: Flask, client: FlaskClient) -> None:
    page = f"/setup/{_token(app)}"
    for bad in ({"name": ""}, {"email": "not an address"}, {"confirm": "something else!!"},
                {"password": "short", "confirm": "short"}, {"name": "x" * 500}):
        response = post_form(client, page, {**ADMIN, **bad})
        assert response.status_code == 400, bad
        assert 'aria-invalid="true"' in response.get_data(as_text=True), bad
    assert _users(app) == 0
    assert client.get(page).status_code == 200


def test_an_address_in_use_is_a_form_error(app: Flask, client: FlaskClient) -> None:
    with database(app).transaction() as session:
        session.add(User(email="ada@example.org", name="Ada", is_admin=False, lang="nl",
                         is_active=True, created_at=NOW, password_hash=""))
    response = post_form(client, f"/setup/{_token(app)}", ADMIN)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_a_post_without_csrf_is_refused(app: Flask, client: FlaskClient) -> None:
    response = client.post(f"/setup/{_token(app)}", data=ADMIN)
    assert response.status_code == 400
    assert _users(app) == 0


def test_of_two_claims_at_once_only_one_gets_the_token(app: Flask) -> None:
    instance = Path(app.extensions["calendar_settings"].instance_path)
    _token(app)
    first = claim_setup_token(instance)
    assert first is not None
    assert claim_setup_token(instance) is None  # the other worker's POST: 404
    release_setup_token(first)  # refused input puts it back
    assert claim_setup_token(instance) is not None


def test_an_address_in_use_keeps_the_token_working(app: Flask, client: FlaskClient) -> None:
    with database(app).transaction() as session:
        session.add(User(email="ada@example.org", name="Ada", is_admin=False, lang="nl",
                         is_active=True, created_at=NOW, password_hash=""))
    page = f"/setup/{_token(app)}"
    assert post_form(client, page, ADMIN).status_code == 400
    assert post_form(client, page, {**ADMIN, "email": "ada2@example.org"}).status_code == 302
