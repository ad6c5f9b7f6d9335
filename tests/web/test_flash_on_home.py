"""A message flashed before a redirect to the home page is shown there, once."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import OutboxMessage
from calendar_app.services.setup import issue_setup_token
from tests.web.accounts_data import PASSWORD
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form


def _csrf(client: FlaskClient, page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).get_data(True))
    assert match
    return match.group(1)


def test_logging_out_says_so_on_the_home_page(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "member@example.org")
    client.post("/logout", data={"csrf_token": _csrf(client, "/workgroups/")})
    page = client.get("/").get_data(as_text=True)
    assert 'class="ams-alert ams-alert--success' in page
    assert "Je bent uitgelogd." in page


def test_the_setup_message_is_shown_on_the_home_page_not_later(
        app: Flask, client: FlaskClient) -> None:
    token = issue_setup_token(Path(app.extensions["calendar_settings"].instance_path))
    response = post_form(client, f"/setup/{token}", {
        "name": "Ada Eerste", "email": "ada@example.org", "password": PASSWORD,
        "confirm": PASSWORD})
    assert response.headers["Location"] == "/"
    assert "De beheerder is aangemaakt. Je bent ingelogd." in client.get("/").get_data(True)
    assert "De beheerder is aangemaakt" not in client.get("/admin/").get_data(True)


def test_a_chosen_password_is_confirmed_on_the_home_page(app: Flask, client: FlaskClient) -> None:
    people(app)
    post_form(client, "/forgot", {"email": "member@example.org"})
    with database(app).session() as session:
        [message] = session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "password-reset")).all()
    link = "/" + message.payload["reset_url"].split("/", 3)[3]
    new = "a brand new pass phrase"
    saved = post_form(client, link, {"password": new, "confirm": new})
    assert saved.headers["Location"] == "/"
    assert "Je wachtwoord is opgeslagen" in client.get("/").get_data(as_text=True)
