"""403, 409, 429 and 500 in the site's layout and the page's language, not Werkzeug's."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.accounts_data import add_failing_routes
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

LAYOUT = 'href="/toegankelijkheid"'


def _main(page: str) -> str:
    match = re.search(r"<main.*?</main>", page, re.S)
    assert match, "the page has no <main>: not the site layout"
    return match.group(0)


@pytest.fixture
def failing(app: Flask) -> Flask:
    return add_failing_routes(app)


@pytest.mark.parametrize(("lang", "title", "lang_attr"), [
    ("", "Dit mag je niet doen", "nl"), ("?lang=en", "You may not do this", "en")])
def test_403_is_the_sites_page(app: Flask, client: FlaskClient, lang: str, title: str,
                               lang_attr: str) -> None:
    people(app)
    log_in(client, "member@example.org")
    response = client.get(f"/workgroups/zuid/edit{lang}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert f'<html lang="{lang_attr}">' in page and LAYOUT in page
    assert f"<h1>{title}</h1>" in _main(page)


@pytest.mark.parametrize(("lang", "text"), [
    ("", "Iemand anders heeft dit intussen veranderd"),
    ("?lang=en", "Someone else changed this in the meantime")])
def test_409_explains_the_conflict(failing: Flask, lang: str, text: str) -> None:
    response = failing.test_client().get(f"/_conflict{lang}")
    assert response.status_code == 409
    assert text in _main(response.get_data(as_text=True))


@pytest.mark.parametrize(("lang", "text"), [
    ("", "fout aan onze kant"), ("?lang=en", "a fault on our side")])
def test_500_is_the_sites_page(failing: Flask, lang: str, text: str) -> None:
    response = failing.test_client().get(f"/_fault{lang}")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert text in _main(page) and LAYOUT in page
    assert "planted fault" not in page


@pytest.mark.parametrize(("lang", "words"), [
    ("", r"Wacht (\d) minuten? en probeer het vanaf (\d\d:\d\d) opnieuw\."),
    ("?lang=en", r"Please wait (\d) minutes? and try again from (\d\d:\d\d)\.")])
def test_429_says_when_to_try_again(app: Flask, client: FlaskClient, lang: str,
                                    words: str) -> None:
    app.config["LOGIN_RATE_LIMIT"] = "1 per 5 minutes"
    people(app)
    log_in(client, "member@example.org", "wrong guess number x")
    page = client.get(f"/login{lang}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token
    response = client.post(f"/login{lang}", data={
        "email": "member@example.org", "password": "x", "csrf_token": token.group(1)})
    body = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    found = re.search(words, _main(body))
    assert found, _main(body)
    assert 1 <= int(found.group(1)) <= 5
