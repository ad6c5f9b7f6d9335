"""The page behind an unsubscribe link: a template in Dutch with its English marked
(WCAG 3.1.2), no cookies, and GET never unsubscribes."""

from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import select

from calendar_app.models import Membership
from calendar_app.models import User
from calendar_app.services.unsubscribe import make_token
from tests.web.accounts_data import database
from tests.web.accounts_data import people


def _link(app: Flask) -> str:
    people(app)
    with database(app).session() as session:
        member = session.scalar(select(User.id).where(User.email == "member@example.org"))
    assert member is not None
    return f"/u/{make_token(app.config['SECRET_KEY'], member)}"


def _english_is_marked(page: str) -> None:
    for sentence in re.findall(r"<p>([^<]*)</p>", page):
        assert not re.search(r"\b(the|from|you|stop)\b", sentence, re.I), sentence


def test_the_page_is_dutch_with_the_english_marked(app: Flask) -> None:
    response = app.test_client(use_cookies=False).get(_link(app))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="nl">' in page
    assert re.search(r'<p lang="en">Stop reminder e-mails from Werkgroep Zuid\?</p>', page)
    assert "Geen herinneringen meer ontvangen van Werkgroep Zuid?" in page
    _english_is_marked(page)
    assert 'value="One-Click"' in page and "Set-Cookie" not in response.headers


def test_an_invalid_link_says_so_in_both_languages(app: Flask) -> None:
    response = app.test_client(use_cookies=False).get("/u/MS4x.AAAAAAAAAAAAAAAAAAAAAAAAAAA")
    page = response.get_data(as_text=True)
    assert response.status_code == 404 and '<html lang="nl">' in page
    assert '<p lang="en">This unsubscribe link is not valid.</p>' in page
    _english_is_marked(page)


def test_after_unsubscribing_the_page_says_it_was_already_done(app: Flask) -> None:
    link = _link(app)
    client = app.test_client(use_cookies=False)
    assert client.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    page = client.get(link).get_data(as_text=True)
    assert "Je was al afgemeld" in page and '<p lang="en">You were already' in page
    with database(app).session() as session:
        assert all(session.scalars(select(Membership.reminders_opt_out).join(User).where(
            User.email == "member@example.org")))
