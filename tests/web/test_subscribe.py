"""The subscribe page, its QR codes and the live feed check."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
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


@dataclass
class FeedBlock:
    """What one feed's section on the subscribe page offers."""

    title: str = ""
    fields: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    qr_codes: list[tuple[str, str, bool]] = field(default_factory=list)  # src, alt, folded


class FeedBlocks(HTMLParser):
    """The feed blocks of a page, read as a browser would: `<section class="feed">` with a
    heading, or `<details class="feed feed--folded">` with the title in its summary."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[FeedBlock] = []
        self._block_tag: str | None = None
        self._depth = 0  # nesting of the block's own tag, to find where it ends
        self._in_title = False
        self._qr_folds = 0  # open <details> around the QR code, the block's own excluded

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if self._block_tag is None:
            if "feed" in classes and tag in ("section", "details"):
                self._block_tag, self._depth = tag, 1
                self.blocks.append(FeedBlock())
            return
        block = self.blocks[-1]
        if tag == self._block_tag:
            self._depth += 1
        if tag in ("h3", "h4", "summary") and not block.title:
            self._in_title = True
        if tag == "details":
            self._qr_folds += 1
        elif tag == "input":
            block.fields.append(found.get("value") or "")
        elif tag == "button" and found.get("data-copy"):
            block.copies.append(found["data-copy"] or "")
        elif tag == "a":
            block.links.append(found.get("href") or "")
        elif tag == "img":
            block.qr_codes.append((found.get("src") or "", found.get("alt") or "",
                                   self._qr_folds > 0))

    def handle_endtag(self, tag: str) -> None:
        if self._block_tag is None:
            return
        if tag in ("h3", "h4", "summary"):
            self._in_title = False
        if tag == self._block_tag:
            self._depth -= 1
            if self._depth == 0:
                self._block_tag = None
                return
        if tag == "details":
            self._qr_folds -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.blocks[-1].title += data.strip()


def feed_blocks(page: str) -> list[FeedBlock]:
    parser = FeedBlocks()
    parser.feed(page)
    return parser.blocks


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


def test_every_feed_on_the_subscribe_page_offers_every_way_in(client, catalogue_loaded) -> None:  # type: ignore[no-untyped-def]
    from urllib.parse import quote

    blocks = feed_blocks(client.get("/subscribe").get_data(as_text=True))
    paths = [urlparse(block.fields[0]).path for block in blocks]
    assert paths[:3] == ["/feed.ics", "/feeds/themadagen.ics", "/feeds/activiteiten.ics"]
    assert "/feeds/thema/lhbtiq.ics" in paths and "/feeds/thema/racisme.ics" in paths
    assert paths[-2:] == ["/feeds/werkgroep/noord.ics", "/feeds/werkgroep/zuid.ics"]
    for block, path in zip(blocks, paths, strict=True):
        https, webcal = f"http://127.0.0.1:8000{path}", f"webcal://127.0.0.1:8000{path}"
        assert block.fields == [https, webcal], block.title
        assert len(block.copies) == 2, block.title
        assert webcal in block.links
        assert any(link.startswith("https://outlook.office.com/calendar/0/addfromweb?url="
                                   + quote(https, safe="")) for link in block.links)
        assert "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe="") \
            in block.links
        [(src, alt, folded)] = block.qr_codes
        assert src == f"/subscribe/qr.svg?feed={quote(path)}"
        assert block.title in alt and alt.startswith("QR-code")
        assert folded, f"the QR code of {block.title} is not behind a disclosure"


def test_every_qr_code_on_the_subscribe_page_is_an_image_of_our_feed(  # type: ignore[no-untyped-def]
        client, catalogue_loaded) -> None:
    for block in feed_blocks(client.get("/subscribe").get_data(as_text=True)):
        [(src, _alt, _folded)] = block.qr_codes
        response = client.get(src)
        assert (response.status_code, response.headers["Content-Type"]) == (200, "image/svg+xml")


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
        body = rendered.body.replace(b"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100",
                                     b"TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0000")
        assert body != rendered.body
        return replace(rendered, body=body)

    monkeypatch.setattr(subscribe, "_rendered", wrong_rule)
    page = client.get("/feed-check?lang=en").get_data(as_text=True)
    assert "All checks passed." not in page
    assert "another UTC offset than tzdata" in page
