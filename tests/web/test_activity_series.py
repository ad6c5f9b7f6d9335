"""Copies, series and co-organisers through the web: forms, feeds, year plans, refusals."""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy import select

from calendar_app.models import Activity
from tests.web.accounts_data import activity_data
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form
from tests.web.accounts_data import workgroup_id

#: A Tuesday a few weeks ahead, so the whole series lies inside the feed's window.
TODAY = datetime.now(UTC).date()
FIRST = TODAY + timedelta(days=14 + (1 - TODAY.weekday()) % 7)


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    log_in(client, email)
    return client


@pytest.fixture
def coordinator(app: Flask) -> FlaskClient:
    people(app)
    return _as(app, "coord@example.org")


def _published(app: Flask, client: FlaskClient, day: date = FIRST, **changes: object) -> str:
    """Propose through the form and publish; the public id."""
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), start_date=day.isoformat(),
                         end_date=day.isoformat(), **changes)
    response = post_form(client, "/activities/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    public_id = response.headers["Location"].split("/")[2]
    page = f"/activities/{public_id}/review"
    assert post_form(client, f"/activities/{public_id}/publish", {}, page=page).status_code == 302
    return public_id


def _repeat(client: FlaskClient, public_id: str, **fields: str) -> tuple[int, str]:
    url = f"/activities/{public_id}/repeat"
    response = post_form(client, url + "?lang=en", fields, page=url)
    return response.status_code, response.get_data(as_text=True)


def _series(app: Flask, public_id: str) -> list[Activity]:
    with database(app).session() as session:
        first = session.scalar(select(Activity).where(Activity.public_id == public_id))
        assert first is not None and first.series_id is not None
        rows = session.scalars(select(Activity).where(Activity.series_id == first.series_id))
        return sorted(rows, key=lambda row: row.start_at or datetime.min.replace(tzinfo=UTC))


def _fortnightly(client: FlaskClient, public_id: str) -> None:
    """Ten fortnightly dates from FIRST, the fourth left out (as 17-05-2027 would be)."""
    until = FIRST + timedelta(weeks=18)
    skipped = FIRST + timedelta(weeks=6)
    status, body = _repeat(client, public_id, frequency="fortnightly",
                           until=until.isoformat(), skip=skipped.strftime("%d-%m-%Y"), moves="")
    assert status == 302, body


def _events(body: bytes, title: str) -> list[str]:
    return [str(event["UID"]) for event in Calendar.from_ical(body).walk("VEVENT")
            if str(event["SUMMARY"]) == title]


def test_a_series_of_ten_fortnightly_dates_with_one_skipped_is_nine_events_in_the_feed(
        app: Flask, coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator, title="Werkgroepoverleg")
    _fortnightly(coordinator, public_id)
    for url in ("/feed.ics", "/feeds/werkgroep/zuid.ics", "/feeds/activiteiten.ics"):
        uids = _events(app.test_client().get(url).data, "Werkgroepoverleg")
        assert len(uids) == 9, url
        assert len(set(uids)) == 9, url


def test_editing_all_that_follow_from_the_fifth_changes_five_to_nine_only(
        app: Flask, coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator, title="Werkgroepoverleg")
    _fortnightly(coordinator, public_id)
    rows = _series(app, public_id)
    fifth = rows[4]
    assert fifth.start_at is not None
    local_day = (fifth.start_at + timedelta(hours=1)).date().isoformat()
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), title="Overleg in zaal 2",
                         start_date=local_day, end_date=local_day, series_scope="following")
    url = f"/activities/{fifth.public_id}/edit"
    assert post_form(coordinator, url, data).status_code == 302
    titles = [row.title for row in _series(app, public_id)]
    assert titles == ["Werkgroepoverleg"] * 4 + ["Overleg in zaal 2"] * 5


def test_editing_only_one_occurrence_leaves_the_rest(app: Flask,
                                                     coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator, title="Werkgroepoverleg")
    _fortnightly(coordinator, public_id)
    fifth = _series(app, public_id)[4]
    assert fifth.start_at is not None
    local_day = (fifth.start_at + timedelta(hours=1)).date().isoformat()
    url = f"/activities/{fifth.public_id}/edit"
    form = coordinator.get(url + "?lang=en").get_data(as_text=True)
    assert "This activity and all that follow in the series" in form
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), title="Alleen deze",
                         start_date=local_day, end_date=local_day, series_scope="one")
    assert post_form(coordinator, url, data).status_code == 302
    assert Counter(row.title for row in _series(app, public_id)) == {
        "Werkgroepoverleg": 8, "Alleen deze": 1}


@pytest.mark.parametrize(("fields", "message"), [
    ({"frequency": "weekly", "until": (FIRST - timedelta(days=1)).isoformat()},
     "before its first date"),
    ({"frequency": "weekly", "until": "2101-01-01"}, "Choose a date from 1950 to 2100"),
    ({"frequency": "weekly", "until": "1949-12-31"}, "Choose a date from 1950 to 2100"),
    ({"frequency": "weekly", "until": "geen datum"}, "Not a valid date value"),
    ({"frequency": "yearly", "until": (FIRST + timedelta(weeks=4)).isoformat()},
     "Not a valid choice"),
    ({"frequency": "weekly", "until": (FIRST + timedelta(weeks=4)).isoformat(),
      "skip": (FIRST + timedelta(days=1)).isoformat()}, "is not a date of this series"),
    ({"frequency": "weekly", "until": (FIRST + timedelta(weeks=4)).isoformat(),
      "skip": "31-02-2027"}, "is not a date like"),
    ({"frequency": "weekly", "until": (FIRST + timedelta(weeks=4)).isoformat(),
      "moves": "hier en daar en overal"}, "two dates on one line"),
    ({"frequency": "weekly", "until": (FIRST + timedelta(weeks=4)).isoformat(),
      "moves": f"{(FIRST + timedelta(weeks=1)).isoformat()} 01-01-3000"}, "is not a date like"),
    ({"frequency": "weekly", "until": "2099-12-31"}, "at most 120 dates"),
])
def test_bad_series_input_is_refused_beside_the_field(app: Flask, coordinator: FlaskClient,
                                                      fields: dict[str, str],
                                                      message: str) -> None:
    public_id = _published(app, coordinator)
    status, body = _repeat(coordinator, public_id, **{"skip": "", "moves": "", **fields})
    assert status == 400
    assert message in body
    assert 'class="error-summary' in body
    with database(app).session() as session:
        assert session.scalar(select(Activity.series_id)
                              .where(Activity.public_id == public_id)) is None


def test_copy_moves_the_programme_along(app: Flask, coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator, kind="synergy-day", title="Synergiedag",
                           **{"sessions-0-title": "Opening", "sessions-0-start_time": "12:00",
                              "sessions-0-end_time": "12:30"})
    target = date(2027, 1, 12)  # winter time: the same clock times, one hour later in UTC
    url = f"/activities/{public_id}/copy"
    response = post_form(coordinator, url, {"day": target.isoformat()})
    assert response.status_code == 302
    copy_id = response.headers["Location"].split("/")[2]
    page = coordinator.get(f"/activities/{copy_id}/review").get_data(as_text=True)
    assert "12 januari 2027, 12:00–13:30" in page
    assert "12:00–12:30: Opening" in page
    with database(app).session() as session:
        copy = session.scalar(select(Activity).where(Activity.public_id == copy_id))
        assert copy is not None and copy.status == "proposed" and copy.title == "Synergiedag"


def test_copy_is_post_only_and_a_bad_date_is_refused(app: Flask,
                                                     coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator)
    url = f"/activities/{public_id}/copy"
    before = coordinator.get(url)
    assert before.status_code == 200 and 'method="post"' in before.get_data(as_text=True)
    for bad in ("2101-01-01", "morgen", ""):
        response = post_form(coordinator, url + "?lang=en", {"day": bad}, page=url)
        assert response.status_code == 400, bad
    with database(app).session() as session:
        assert len(list(session.scalars(select(Activity)))) == 1


def test_an_outsider_cannot_copy_or_repeat(app: Flask, coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator)
    outsider = _as(app, "oost@example.org")
    for action in ("copy", "repeat"):
        assert outsider.get(f"/activities/{public_id}/{action}").status_code == 404


def test_the_review_page_shows_the_planning_check_before_publish(
        app: Flask, coordinator: FlaskClient) -> None:
    catalogue(app)
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), start_date="2026-05-04",
                         end_date="2026-05-04")
    response = post_form(_as(app, "member@example.org"), "/activities/new", data)
    public_id = response.headers["Location"].split("/")[2]
    page = coordinator.get(f"/activities/{public_id}/review?lang=en").get_data(as_text=True)
    assert "Inclusive planning check" in page and "Remembrance" in page
    assert page.index("Inclusive planning check") < page.index(">Publish<")


def _share_with_oost(app: Flask, coordinator: FlaskClient, public_id: str) -> None:
    page = f"/activities/{public_id}/review"
    response = post_form(coordinator, f"/activities/{public_id}/coorganisers",
                         {"coorganisers": str(workgroup_id(app, "oost"))}, page=page)
    assert response.status_code == 302


def test_a_co_organised_activity_is_in_both_workgroup_feeds_and_once_in_the_public_feed(
        app: Flask, coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator, title="Eerste samenwerking")
    _share_with_oost(app, coordinator, public_id)
    anonymous = app.test_client()
    for url in ("/feeds/werkgroep/zuid.ics", "/feeds/werkgroep/oost.ics",
                "/feed.ics?workgroup=oost", "/feed.ics"):
        assert len(_events(anonymous.get(url).data, "Eerste samenwerking")) == 1, url


def test_a_co_organised_activity_is_in_both_year_plans(app: Flask,
                                                       coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator, title="Eerste samenwerking")
    _share_with_oost(app, coordinator, public_id)
    oost = _as(app, "oost@example.org")
    for client, slug in ((coordinator, "zuid"), (oost, "oost")):
        body = client.get(f"/planning/{slug}/{FIRST.year}").get_data(as_text=True)
        assert "Eerste samenwerking" in body, slug
    assert "Eerste samenwerking" in oost.get("/workgroups/oost").get_data(as_text=True)


def test_a_co_organisers_coordinator_edits_it(app: Flask, coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator, title="Eerste samenwerking")
    _share_with_oost(app, coordinator, public_id)
    oost = _as(app, "oost@example.org")
    url = f"/activities/{public_id}/edit"
    assert oost.get(url).status_code == 200
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), title="Samen met Oost",
                         start_date=FIRST.isoformat(), end_date=FIRST.isoformat())
    assert post_form(oost, url, data).status_code == 302
    with database(app).session() as session:
        stored = session.scalar(select(Activity).where(Activity.public_id == public_id))
        assert stored is not None
        assert (stored.title, stored.workgroup_id) == ("Samen met Oost",
                                                       workgroup_id(app, "zuid"))


def test_a_co_organiser_cannot_name_co_organisers(app: Flask, coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator)
    _share_with_oost(app, coordinator, public_id)
    oost = _as(app, "oost@example.org")
    page = f"/activities/{public_id}/edit"  # a page of theirs with a CSRF token
    response = post_form(oost, f"/activities/{public_id}/coorganisers", {}, page=page)
    assert response.status_code == 403


def test_a_forged_co_organiser_value_is_a_400(app: Flask, coordinator: FlaskClient) -> None:
    public_id = _published(app, coordinator)
    page = f"/activities/{public_id}/review"
    for value in ("987654", "oost", str(workgroup_id(app, "zuid"))):
        response = post_form(coordinator, f"/activities/{public_id}/coorganisers",
                             {"coorganisers": value}, page=page)
        assert response.status_code == 400, value


@pytest.mark.parametrize("page", ["review", "edit"])
def test_the_review_and_edit_pages_name_a_day_off(
        app: Flask, coordinator: FlaskClient, page: str) -> None:
    catalogue(app)
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), start_date="2027-05-17",
                         end_date="2027-05-17")
    response = post_form(_as(app, "member@example.org"), "/activities/new", data)
    public_id = response.headers["Location"].split("/")[2]
    html = coordinator.get(f"/activities/{public_id}/{page}").get_data(as_text=True)
    check = html[html.index('id="planning-check"'):]
    assert "Tweede Pinksterdag" in check and "officiële feestdag / vrije dag" in check
