"""Pages stay bounded at any size: the list and home page paginate (the page in the
address), the year page counts per month, a month cell shows a few and links the rest.

Correctness only; their timings at 50,000 activities are in `make bench` (bench/growth.py).
"""

from __future__ import annotations

import re
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from flask.testing import FlaskClient

from calendar_app.db import Database
from tests.factories import load_catalogue
from tests.factories import make_activity
from tests.factories import make_workgroup

ZONE = ZoneInfo("Europe/Amsterdam")
DAY = date(2030, 9, 10)
RANGE = f"from={DAY:%Y-%m-%d}&to={DAY + timedelta(days=29):%Y-%m-%d}"


@pytest.fixture
def many(database: Database) -> None:
    """120 activities on 30 days from DAY (4 a day), a third about religion, plus 2 drafts."""
    with database.transaction() as session:
        load_catalogue(session)
        zuid = make_workgroup(session)
        for number in range(120):
            day = DAY + timedelta(days=number // 4)
            themes = ["religie"] if number % 3 == 0 else ["werk"]
            if number % 2:
                start = datetime(day.year, day.month, day.day, 10 + number % 4, tzinfo=ZONE)
                make_activity(session, zuid, title=f"Act {number:03d}", themes=themes,
                              start_at=start, end_at=start + timedelta(hours=1))
            else:
                make_activity(session, zuid, title=f"Act {number:03d}", themes=themes, on=day)
        for number in range(2):
            make_activity(session, zuid, title=f"Concept {number}", status="proposed", on=DAY)


def titles(client: FlaskClient, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r">(Act \d{3})</a>", response.get_data(as_text=True))


def test_the_list_shows_fifty_a_page_and_every_item_once(client: FlaskClient, many) -> None:  # type: ignore[no-untyped-def]
    pages = [titles(client, f"/lijst?type=activity&{RANGE}&page={n}") for n in (1, 2, 3)]

    assert [len(page) for page in pages] == [50, 50, 20]
    everything = [title for page in pages for title in page]
    assert sorted(everything) == [f"Act {n:03d}" for n in range(120)]


def test_the_list_pages_follow_the_calendar_order(client: FlaskClient, many) -> None:  # type: ignore[no-untyped-def]
    first, second = (titles(client, f"/lijst?type=activity&{RANGE}&page={n}") for n in (1, 2))

    assert first[:4] == ["Act 000", "Act 002", "Act 001", "Act 003"]  # all-day, then by time
    assert (first[-2:], second[:2]) == (["Act 048", "Act 050"], ["Act 049", "Act 051"])


def test_a_filtered_list_counts_only_what_passes(client: FlaskClient, many) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/lijst?type=activity&theme=religie&{RANGE}").get_data(as_text=True)

    assert "40 resultaten" in page
    assert 'rel="next"' not in page  # 40 fit on one page


def test_a_shared_page_address_opens_that_page(client: FlaskClient, many) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/lijst?type=activity&{RANGE}").get_data(as_text=True)

    [link] = re.findall(r'href="([^"]+)" rel="next"', html)
    assert "page=2" in link and "type=activity" in link and "from=2030-09-10" in link
    assert titles(client, link.replace("&amp;", "&"))[0] == titles(
        client, f"/lijst?type=activity&{RANGE}&page=2")[0]
    assert "pagina 1 van 3" in html


def test_a_page_past_the_last_shows_the_last(client: FlaskClient, many) -> None:  # type: ignore[no-untyped-def]
    assert len(titles(client, f"/lijst?type=activity&{RANGE}&page=99")) == 20
    assert client.get(f"/lijst?type=activity&{RANGE}&page=abc").status_code == 200


def test_the_theme_filter_keeps_drafts_out_and_counts_in_sql(client: FlaskClient, many) -> None:  # type: ignore[no-untyped-def]
    shown = [*titles(client, f"/lijst?type=activity&theme=religie&{RANGE}")]

    assert shown == [f"Act {n:03d}" for n in range(0, 120, 3)]


def test_the_year_page_counts_each_month_and_shows_its_first_items(
        client: FlaskClient, many) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/jaar/2030").get_data(as_text=True)
    september = html.split('id="m9"')[1].split('id="m10"')[0]
    october = html.split('id="m10"')[1].split('id="m11"')[0]

    september_acts = len(re.findall(r">Act \d{3}</a>", september))
    assert september_acts <= 5
    assert "Alle " in september and 'href="/maand/2030-09"' in september
    count = int(re.search(r'<p class="count">(\d+) items</p>', september).group(1))
    assert count >= 84  # 21 days of September x 4 activities, plus its observances
    assert len(re.findall(r">Act \d{3}</a>", october)) <= 5


def test_a_busy_day_in_the_month_shows_four_and_links_the_rest(
        client: FlaskClient, database: Database, many) -> None:  # type: ignore[no-untyped-def]
    with database.transaction() as session:
        zuid = make_workgroup(session, slug="oost", name="Oost")
        for number in range(3):
            make_activity(session, zuid, title=f"Extra {number}", on=DAY)
    html = client.get("/maand/2030-09").get_data(as_text=True)
    link = 'href="/lijst?from=2030-09-10&amp;to=2030-09-10"'
    cell = html.split(link)[0].rsplit("<td", 1)[1]  # the day's cell, up to its link

    assert len(re.findall(r'<a href="/activities/', cell)) == 4
    assert "en nog 3" in html.split(link)[1].split("</a>")[0]


def test_home_paginates_the_coming_weeks(client: FlaskClient, many, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from calendar_app.web import pages

    monkeypatch.setattr(pages, "today", lambda: DAY)
    first = titles(client, "/")
    second = titles(client, "/?page=2")

    assert len(first) + len(second) <= 100
    assert first and second and not set(first) & set(second)
