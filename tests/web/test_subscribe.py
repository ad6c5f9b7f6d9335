"""The subscribe page, its QR codes and the live feed check."""

from __future__ import annotations

from urllib.parse import parse_qs
from urllib.parse import urlparse

import pytest

from calendar_app.db import Database
from tests.factories import load_catalogue


@pytest.fixture
def catalogue_loaded(database: Database) -> None:
    with database.transaction() as session:
        load_catalogue(session)


def test_subscribe_page_offers_every_way_in(client, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/subscribe").get_data(as_text=True)
    assert "http://127.0.0.1:8000/feed.ics" in page
    assert "webcal://127.0.0.1:8000/feed.ics" in page
    assert "https://outlook.office.com/calendar/0/addfromweb?url=" in page
    assert "https://calendar.google.com/calendar/render?cid=webcal" in page
    assert "/feeds/thema/lhbtiq.ics" in page
    assert "momentopname" in page  # a download is a snapshot that never updates
    for client_name in ("Nieuwe Outlook", "Klassieke Outlook", "Outlook op uw telefoon",
                        "Google Agenda", "Apple Agenda"):
        assert client_name in page


def test_subscribe_page_in_english(client, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/subscribe?lang=en").get_data(as_text=True)
    assert "snapshot that" in page
    assert "/feed.ics?lang=en" in page
    assert "Classic Outlook for Windows" in page


def test_outlook_link_carries_the_https_address(client, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    from calendar_app.web.subscribe import feed_links

    with client.application.test_request_context():
        links = feed_links("Diversiteitskalender", "/feed.ics")
    query = parse_qs(urlparse(links.outlook_work).query)
    assert query["url"] == ["http://127.0.0.1:8000/feed.ics"]
    assert query["name"] == ["Diversiteitskalender"]


def test_qr_code_is_a_standalone_svg_of_our_feed(client) -> None:  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ElementTree

    response = client.get("/subscribe/qr.svg?feed=%2Ffeed.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"  # displays as an image file


@pytest.mark.parametrize("feed", ["https://evil.example/x.ics", "//evil.example/feed.ics",
                                  "/login"])
def test_qr_code_is_only_for_our_own_feeds(client, feed: str) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/subscribe/qr.svg", query_string={"feed": feed}).status_code == 404


def test_feed_check_page_reports_all_checks_passed(client, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/feed-check?lang=en").get_data(as_text=True)
    assert "All checks passed." in page
    for name in ("unique UIDs", "all-day ends exclusive", "time zones", "line folding"):
        assert name in page
