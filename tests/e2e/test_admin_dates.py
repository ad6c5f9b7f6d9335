"""Organisers' dates in the browser (issue 15): an administrator enters Pride Amsterdam
2027; the feed holds it at once, `dates` says announced, `load-events` leaves it in
place, and `export announced` writes it back in the catalogue's format. The dates
pages pass axe in nl and en."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from icalendar import Calendar

from calendar_app.cli import main
from calendar_app.config import Settings
from calendar_app.db import Database
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import submit
from tests.web.accounts_data import EVENTS
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import people

SOURCE = "https://pride.amsterdam/nieuws/data-pride-amsterdam-2027"


def _cli(settings: Settings, *args: str) -> str:
    env = {"INSTANCE_PATH": str(settings.instance_path), "DATABASE_URL": settings.database_url}
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def _pride_2027(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    response = page.request.get("/feed.ics")
    assert response.status == 200
    feed = Calendar.from_ical(response.body())
    return [(str(event.get("DTSTART").to_ical().decode()),
             str(event.get("DTEND").to_ical().decode()))
            for event in feed.walk("VEVENT")
            if str(event.get("UID")).startswith("obs-pride-amsterdam-2027")]


def test_pride_amsterdam_2027_entered_in_the_browser(  # type: ignore[no-untyped-def]
        page, live_server, database: Database, tmp_path: Path) -> None:
    people(database)
    catalogue(database)
    log_in(page, "admin@example.org")
    assert _pride_2027(page) == []
    page.goto("/admin/dates/")
    page.click("text=Pride Amsterdam")
    page.fill("#year", "2027")
    page.fill("#start", "2027-07-31")
    page.fill("#end", "2027-08-08")
    page.fill("#source_url", SOURCE)
    submit(page, "#save")
    assert "2027" in page.locator("#dates-2027").inner_text()

    assert _pride_2027(page) == [("20270731", "20270809")]  # DTEND is exclusive
    listed = json.loads(_cli(live_server.settings, "dates", "--key", "pride-amsterdam",
                             "--from", "2027", "--to", "2027", "--format", "json"))
    assert [(row["start"], row["end"], row["status"]) for row in listed] == [
        ("2027-07-31", "2027-08-08", "announced")]

    _cli(live_server.settings, "load-events", str(EVENTS))
    live_server.app.extensions["feed_cache"].forget_version()  # as after VERSION_TTL
    assert _pride_2027(page) == [("20270731", "20270809")]

    out = tmp_path / "announced.yaml"
    _cli(live_server.settings, "export", "announced", "--out", str(out))
    exported = yaml.safe_load(out.read_text(encoding="utf-8"))
    dates = exported["observances"]["pride-amsterdam"]["rule"]["dates"]
    assert {"start": "2027-07-31", "end": "2027-08-08", "source": SOURCE} in [
        {name: str(value) for name, value in item.items()} for item in dates]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dates_pages_pass_axe(page, database: Database, lang: str) -> None:  # type: ignore[no-untyped-def]
    people(database)
    catalogue(database)
    log_in(page, "admin@example.org")
    problems: dict[str, list[str]] = {}
    for name, path in {"admin-dates": "/admin/dates/",
                       "admin-dates-pride": "/admin/dates/pride-amsterdam",
                       "admin-unannounced": "/admin/dates/unannounced"}.items():
        page.goto(f"{path}?lang={lang}")
        assert page.locator("h1").count() == 1
        screenshot(page, f"{name}-{lang}")
        problems[name] = axe_check(page)
    page.goto(f"/admin/dates/pride-amsterdam?lang={lang}")
    page.fill("#start", "2027-07-31")
    page.fill("#source_url", SOURCE)
    submit(page, "#save")
    assert page.locator("#end-error").count() == 1
    screenshot(page, f"admin-dates-errors-{lang}")
    problems["admin-dates-errors"] = axe_check(page)
    assert {name: found for name, found in problems.items() if found} == {}
