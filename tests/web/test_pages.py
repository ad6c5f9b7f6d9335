"""Every public page renders with the real catalogue and real activities."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from calendar_app.web import pages
from tests.web.public_data import PublicData
from tests.web.public_data import public_data_fixture  # noqa: F401


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


def test_home_lists_an_activity_next_week(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/"))
    assert "Binnenkort-lunch" in page
    assert f"/activities/{public_data.soon}" in page


def test_month_grid_shows_observance_and_activity_on_their_day(
        client: FlaskClient, public_data: PublicData) -> None:
    response = client.get("/maand/2026-05")
    page = text(response)
    assert response.status_code == 200
    assert "<h1>mei 2026</h1>" in page
    assert "/observances/dodenherdenking" in page
    assert "Regenboogontbijt" in page
    assert 'href="/maand/2026-04"' in page and 'href="/maand/2026-06"' in page


def test_month_lists_long_observances_beside_the_grid_and_as_bars_not_per_day(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/maand/2026-10"))
    running, grid = page.split("Loopt deze maand")[1].split("Per dag")
    table, days = grid.split('<ol class="month-days">')
    link = 'href="/observances/black-achievement-month"'
    assert link in running
    assert table.count(link) == 5  # one bar in each of the five weeks of October 2026
    assert link not in days  # the phone list does not repeat it on 31 days


def test_a_multi_day_observance_is_one_bar_across_its_days(
        client: FlaskClient, public_data: PublicData) -> None:
    table = text(client.get("/maand/2026-12")).split('<ol class="month-days">')[0]
    bar = re.search(r'<td colspan="(\d)" class="bar bar--observance">\s*'
                    r'<a href="/observances/kerstmis">', table)
    assert bar is not None and bar.group(1) == "2"  # Friday 25 and Saturday 26 December
    assert table.count('href="/observances/kerstmis"') == 1


def test_a_bar_that_crosses_a_week_is_split_at_monday(
        client: FlaskClient, public_data: PublicData) -> None:
    table = text(client.get("/maand/2026-05")).split('<ol class="month-days">')[0]
    bars = re.findall(r'<td colspan="(\d)" class="bar bar--observance([^"]*)">\s*'
                      r'<a href="/observances/pinksteren">', table)
    assert bars == [("1", " bar--into-next"), ("1", " bar--from-before")]  # Sun 24 | Mon 25


def test_hemelvaartsdag_is_on_its_thursday_like_the_other_days_off(
        client: FlaskClient, public_data: PublicData) -> None:
    days = text(client.get("/maand/2027-05")).split('<ol class="month-days">')[1]
    by_day = dict(re.findall(r'<span class="day-number">([^<]+)</span>(.*?)</li>\s*</ul>',
                             days, re.S))
    assert 'href="/observances/hemelvaartsdag">Hemelvaartsdag</a>' in by_day["donderdag 6"]
    assert 'href="/observances/bevrijdingsdag"' in by_day["woensdag 5"]


def test_month_without_date_redirects_to_this_month(client: FlaskClient) -> None:
    response = client.get("/maand")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/maand/20")


def test_year_groups_by_quarter(client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/jaar/2026"))
    assert page.count('class="quarter"') == 4
    second_quarter = page.split("Kwartaal 2")[1].split("Kwartaal 3")[0]
    assert "Regenboogontbijt" in second_quarter
    assert 'href="/maand/2026-04"' in second_quarter  # the month lists what the year leaves out
    assert "/observances/koningsdag" in text(client.get("/maand/2026-04"))


def test_observance_page_shows_texts_and_five_years(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get("/observances/idahot"))
    assert "<h1>IDAHOT</h1>" in page
    assert "Wat een team kan doen" in page
    assert page.count('<th scope="row">') == 5
    assert "Regenboogontbijt" in page


def test_observance_page_says_honestly_when_a_date_is_not_known(
        client: FlaskClient, public_data: PublicData) -> None:
    # Roze Filmdagen are set by the organiser: later years are not announced yet.
    page = text(client.get("/observances/roze-filmdagen"))
    assert "nog niet aangekondigd" in page


def test_activity_page_shows_place_access_and_calendar_link(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/activities/{public_data.published}"))
    assert "Stadhuis, Amstel 1" in page
    assert "Toegankelijk met een rolstoel" in page
    assert "Prikkelarme hoek" in page
    assert "Pride Netwerk" in page
    assert 'href="/observances/idahot"' in page
    assert f'href="/activities/{public_data.published}.ics"' in page


def test_synergy_day_shows_its_programme_in_local_time(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/activities/{public_data.synergy}"))
    assert "Workshop allyship" in page
    assert "09:00–10:00" in page
    assert "<strong>Welkom</strong>" in page


def test_cancelled_activity_is_shown_as_cancelled(
        client: FlaskClient, public_data: PublicData) -> None:
    page = text(client.get(f"/activities/{public_data.cancelled}"))
    assert "Deze activiteit is geannuleerd." in page
    assert ".ics" not in page.split("<main")[1].split("</main>")[0]


def test_accessibility_statement_in_dutch(client: FlaskClient) -> None:
    page = text(client.get("/toegankelijkheid"))
    assert "<h1>Toegankelijkheidsverklaring</h1>" in page
    assert "WCAG 2.1" in page


@pytest.mark.parametrize("path", ["/maand/2025-13", "/maand/2025-1", "/maand/abcd-ef",
                                  "/maand/1800-01", "/jaar/3000", "/jaar/abc",
                                  "/observances/no-such-day", "/activities/no-such-id"])
def test_unknown_addresses_give_a_friendly_404(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in text(response)
    assert 'href="/"' in text(response)


def test_each_page_has_exactly_one_h1(client: FlaskClient, public_data: PublicData) -> None:
    for path in ["/", "/maand/2026-05", "/jaar/2026", "/lijst", "/observances/ramadan",
                 f"/activities/{public_data.synergy}", "/check", "/toegankelijkheid",
                 "/nowhere"]:
        assert text(client.get(path)).count("<h1") == 1, path


@pytest.mark.parametrize(("lang", "drawn_up", "reviewed"), [
    ("", "opgesteld op", "voor het laatst herzien op"),
    ("?lang=en", "drawn up on", "last reviewed on")])
def test_the_statement_says_when_it_was_drawn_up_and_last_reviewed(
        client: FlaskClient, lang: str, drawn_up: str, reviewed: str) -> None:
    page = " ".join(text(client.get(f"/toegankelijkheid{lang}")).split())
    assert re.search(rf'{drawn_up} <time datetime="\d{{4}}-\d\d-\d\d">', page)
    assert re.search(rf'{reviewed} <time datetime="\d{{4}}-\d\d-\d\d">', page)


def test_a_withheld_surinamese_date_is_explained_in_dutch(
        client: FlaskClient, public_data: PublicData, monkeypatch: pytest.MonkeyPatch) -> None:
    # python-holidays lists Holi 2029 on 28 March, a lunar month after the Phalguna full moon.
    monkeypatch.setattr(pages, "today", lambda: date(2027, 1, 4))
    row = text(client.get("/observances/holi")).split('<th scope="row">2029</th>')[1]
    row = row.split("</tr>")[0]
    assert ("De Surinaamse tabel noemt 28 maart 2029. Dat is de verkeerde maanmaand: de volle "
            "maan van Phalguna is op 28 februari 2029 (tijd in Paramaribo).") in row
    assert "not shown" not in row and 'lang="en"' not in row
