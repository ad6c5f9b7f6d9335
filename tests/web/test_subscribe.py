"""The subscribe page, its QR codes and the live feed check."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs
from urllib.parse import urlparse

import pytest

from calendar_app.db import Database
from tests.factories import load_catalogue
from tests.factories import make_workgroup


@pytest.fixture
def catalogue_loaded(database: Database) -> None:
    with database.transaction() as session:
        load_catalogue(session)
        make_workgroup(session)
        make_workgroup(session, slug="noord", name="Stadsdeel Noord")


class FeedParts(HTMLParser):
    """Every element of the page that carries part of the feed address (`data-feed`):
    part name -> the values shown (input value, link href, image src, or text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: dict[str, list[str]] = {}
        self._text_part: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        part = found.get("data-feed")
        if not part:
            return
        value = {"input": found.get("value"), "a": found.get("href"),
                 "img": found.get("src")}.get(tag)
        if value is None:
            self._text_part = part
            value = ""
        self.parts.setdefault(part, []).append(value)

    def handle_endtag(self, tag: str) -> None:
        self._text_part = None

    def handle_data(self, data: str) -> None:
        if self._text_part:
            self.parts[self._text_part][-1] += data


def feed_parts(page: str) -> dict[str, list[str]]:
    parser = FeedParts()
    parser.feed(page)
    return parser.parts


def test_subscribe_page_offers_every_way_in(client, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/subscribe").get_data(as_text=True)
    assert "http://127.0.0.1:8000/feed.ics" in page
    assert "webcal://127.0.0.1:8000/feed.ics" in page
    assert "https://outlook.office.com/calendar/0/addfromweb?url=" in page
    assert "https://calendar.google.com/calendar/render?cid=webcal" in page
    assert "momentopname" in page  # a download is a snapshot that never updates
    for client_name in ("Nieuwe Outlook", "Klassieke Outlook", "Google Agenda", "Apple Agenda",
                        "Telefoon", "Alleen het adres"):
        assert f"{client_name}" in page


@pytest.mark.parametrize(("query", "path"), [
    ("", "/feed.ics"),
    ("?kind=observance", "/feed.ics?type=observance"),
    ("?kind=activity&theme=racisme&theme=lhbtiq&workgroup=zuid&feed_lang=en",
     "/feed.ics?type=activity&theme=lhbtiq&theme=racisme&workgroup=zuid&lang=en"),
    ("?kind=nonsense&theme=no-such-theme&workgroup=nowhere", "/feed.ics"),
])
def test_the_options_build_one_address_used_by_every_client(  # type: ignore[no-untyped-def]
        client, catalogue_loaded, query: str, path: str) -> None:
    from urllib.parse import quote

    parts = feed_parts(client.get(f"/subscribe{query}").get_data(as_text=True))
    https, webcal = f"http://127.0.0.1:8000{path}", f"webcal://127.0.0.1:8000{path}"
    assert parts["https"] == [https, https]  # classic Outlook and "just the address"
    assert parts["webcal"] == [webcal, webcal]  # Apple's button and "just the address"
    [outlook] = parts["outlook_work"]
    assert outlook.startswith("https://outlook.office.com/calendar/0/addfromweb?url="
                              + quote(https, safe=""))
    assert parts["google"] == ["https://calendar.google.com/calendar/render?cid="
                               + quote(webcal, safe="")]
    assert parts["qr"] == [f"/subscribe/qr.svg?feed={quote(path)}"]
    assert client.get(path).status_code == 200  # the address is a working feed


def test_a_filtered_calendar_is_named_for_its_filters(client, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    parts = feed_parts(client.get("/subscribe?kind=observance&theme=lhbtiq")
                       .get_data(as_text=True))
    assert parts["name"] == ["Diversiteitskalender: Alleen themadagen, LHBTIQ+"]
    query = parse_qs(urlparse(parts["outlook_work"][0]).query)
    assert query["name"] == parts["name"]


def test_administrators_are_warned_about_a_loopback_base_url(app, client, database) -> None:  # type: ignore[no-untyped-def]
    from tests.web.accounts_data import log_in
    from tests.web.accounts_data import people

    people(app)
    assert "alleen op deze computer" not in client.get("/subscribe").get_data(as_text=True)
    log_in(client, "admin@example.org")
    page = client.get("/subscribe").get_data(as_text=True)
    assert "alleen op deze computer" in page and "http://127.0.0.1:8000" in page


def test_the_qr_code_on_the_subscribe_page_is_an_image_of_the_chosen_feed(  # type: ignore[no-untyped-def]
        client, catalogue_loaded) -> None:
    parts = feed_parts(client.get("/subscribe?theme=lhbtiq").get_data(as_text=True))
    [src] = parts["qr"]
    response = client.get(src)
    assert (response.status_code, response.headers["Content-Type"]) == (200, "image/svg+xml")
    assert src == "/subscribe/qr.svg?feed=/feed.ics%3Ftheme%3Dlhbtiq"
    assert response.data != client.get("/subscribe/qr.svg?feed=/feed.ics").data


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


@pytest.fixture
def timed_activities(database: Database) -> None:
    """Timed activities on both sides of a clock change, so the VTIMEZONE is checked."""
    from datetime import datetime
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from tests.factories import make_activity

    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    with database.transaction() as session:
        oost = make_workgroup(session, slug="oost", name="Stadsdeel Oost")
        for months in range(0, 12, 2):
            day = today + timedelta(days=30 * months + 3)
            start = datetime(day.year, day.month, day.day, 19, 30,
                             tzinfo=ZoneInfo("Europe/Amsterdam"))
            make_activity(session, oost, title=f"Avond {months}", start_at=start,
                          end_at=start + timedelta(hours=2))


def test_feed_check_page_reports_all_checks_passed(client, catalogue_loaded,  # type: ignore[no-untyped-def]
                                                   timed_activities) -> None:
    page = client.get("/feed-check?lang=en").get_data(as_text=True)
    assert "All checks passed." in page
    for name in ("unique UIDs", "all-day ends exclusive", "time zones", "line folding"):
        assert name in page
    assert "Europe/Amsterdam in the yearly-rule form" in page  # timed events were checked


def test_feed_check_page_fails_a_feed_with_a_wrong_vtimezone(client, catalogue_loaded,  # type: ignore[no-untyped-def]
                                                             timed_activities,
                                                             monkeypatch) -> None:
    from dataclasses import replace

    from calendar_app.web import subscribe

    real = subscribe._rendered

    def wrong_rule(query):  # type: ignore[no-untyped-def]
        rendered = real(query)  # winter time at UTC+0 instead of UTC+1
        body = rendered.plain().replace(b"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100",
                                        b"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0000")
        assert body != rendered.plain()
        return replace(rendered, body=body)

    monkeypatch.setattr(subscribe, "_rendered", wrong_rule)
    page = client.get("/feed-check?lang=en").get_data(as_text=True)
    assert "All checks passed." not in page
    assert "another UTC offset than tzdata" in page


def test_feed_check_names_its_checks_in_dutch(client, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/feed-check").get_data(as_text=True)
    for name in ("leesbaar", "unieke UID’s", "tijdzones", "regels afgebroken"):
        assert f'<th scope="row">{name}</th>' in page


def test_feed_check_gives_its_details_in_dutch(client, catalogue_loaded,  # type: ignore[no-untyped-def]
                                               timed_activities) -> None:
    page = client.get("/feed-check").get_data(as_text=True)
    assert "elke regel eindigt op CRLF" in page
    assert "Europe/Amsterdam met jaarlijkse regels" in page
    assert "every line ends in CRLF" not in page
