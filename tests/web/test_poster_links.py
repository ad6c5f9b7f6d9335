"""The posters are found on the site: the year page links the A3 year and quarter
posters, the month page the A4 month poster, and every link opens a PDF."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.web.accounts_data import catalogue


@pytest.fixture
def calendar(app: Flask) -> Flask:
    catalogue(app)
    return app


def _poster_links(app: Flask, page: str) -> list[str]:
    body = app.test_client().get(page).get_data(as_text=True)
    return [link.replace("&amp;", "&") for link in re.findall(r'href="(/poster/[^"]+)"', body)]


def test_the_year_page_links_the_year_poster_and_each_quarters(calendar: Flask) -> None:
    assert _poster_links(calendar, "/jaar/2027") == [
        "/poster/2027.pdf", *(f"/poster/2027.pdf?quarter={q}" for q in range(1, 5))]


def test_the_month_page_links_its_month_poster(calendar: Flask) -> None:
    assert _poster_links(calendar, "/maand/2027-05") == ["/poster/2027-5.pdf"]


def test_the_links_say_what_they_open_in_dutch(calendar: Flask) -> None:
    body = calendar.test_client().get("/jaar/2027").get_data(as_text=True)
    assert "Poster van 2027 om op te hangen (A3, pdf)" in body
    assert "Poster van kwartaal 2 (A3, pdf)" in body


@pytest.mark.parametrize("page", ["/jaar/2027", "/maand/2027-05"])
def test_every_poster_link_opens_a_pdf(calendar: Flask, page: str) -> None:
    for link in _poster_links(calendar, page):
        response = calendar.test_client().get(link)
        assert response.status_code == 200 and response.mimetype == "application/pdf", link
