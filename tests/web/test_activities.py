"""The activity form and its workflow through the web, with CSRF on."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import Activity
from calendar_app.models import ActivityChange
from tests.web.accounts_data import activity_data
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form
from tests.web.accounts_data import workgroup_id


def _propose(app: Flask, client: FlaskClient, **changes: object) -> str:
    """Propose through the form as the member; returns the new activity's public id."""
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), **changes)
    response = post_form(client, "/activities/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("/")[2]


def _act(client: FlaskClient, public_id: str, action: str, **data: str) -> int:
    page = f"/activities/{public_id}/review"
    return post_form(client, f"/activities/{public_id}/{action}", data, page=page).status_code


def _activity(app: Flask, public_id: str) -> Activity:
    with database(app).session() as session:
        found = session.scalar(select(Activity).where(Activity.public_id == public_id))
        assert found is not None
        return found


@pytest.fixture
def member(app: Flask, client: FlaskClient) -> FlaskClient:
    people(app)
    log_in(client, "member@example.org")
    return client


def _as(app: Flask, email: str) -> FlaskClient:
    other = app.test_client()
    log_in(other, email)
    return other


def test_propose_publish_then_public(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member)
    assert app.test_client().get(f"/activities/{public_id}").status_code == 404
    assert _act(_as(app, "coord@example.org"), public_id, "publish") == 302
    page = app.test_client().get(f"/activities/{public_id}")
    assert page.status_code == 200
    assert "Lunch lecture" in page.get_data(as_text=True)


def test_a_member_cannot_publish(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member)
    assert _act(member, public_id, "publish") == 403
    assert _activity(app, public_id).status == "proposed"


def test_another_workgroups_coordinator_cannot_publish(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member)
    outsider = _as(app, "oost@example.org")
    assert outsider.get(f"/activities/{public_id}/review").status_code == 404
    response = outsider.post(f"/activities/{public_id}/publish",
                             data={"csrf_token": "x"})
    assert response.status_code in (400, 404)
    assert _activity(app, public_id).status == "proposed"


def test_a_declined_proposal_never_appears(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member)
    assert _act(_as(app, "coord@example.org"), public_id, "decline",
                reason="Valt samen met de herdenking.") == 302
    assert app.test_client().get(f"/activities/{public_id}").status_code == 404
    assert "Lunch lecture" not in app.test_client().get("/lijst?from=2026-06-01&to=2026-07-31") \
        .get_data(as_text=True)


def test_a_cancelled_activity_is_shown_cancelled(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member)
    coordinator = _as(app, "coord@example.org")
    _act(coordinator, public_id, "publish")
    assert _act(coordinator, public_id, "cancel") == 302
    page = app.test_client().get(f"/activities/{public_id}?lang=en").get_data(as_text=True)
    assert "This activity has been cancelled." in page


def test_every_step_is_audited_with_who(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member)
    _act(_as(app, "coord@example.org"), public_id, "publish")
    with database(app).session() as session:
        rows = session.execute(
            select(ActivityChange.action, ActivityChange.actor_id)
            .join(Activity).where(Activity.public_id == public_id)
            .order_by(ActivityChange.id)).all()
    assert [action for action, _ in rows] == ["proposed", "published"]
    assert rows[0][1] != rows[1][1]


def test_stored_values_match_the_form(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member, wheelchair="y", captions="y",
                         accessibility_other="Ringleiding")
    activity = _activity(app, public_id)
    assert activity.start_at is not None and activity.start_at.hour == 10  # 12:00 CEST in UTC
    assert str(activity.budget_estimate) == "250.50"
    assert activity.accessibility == {"wheelchair": True, "captions": True,
                                      "other": "Ringleiding"}


def test_script_in_a_description_is_inert(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member, description="Hi <script>alert(1)</script> "
                         "[x](javascript:alert(2))")
    _act(_as(app, "coord@example.org"), public_id, "publish")
    for page in (f"/activities/{public_id}", f"/activities/{public_id}/review"):
        html = member.get(page).get_data(as_text=True)
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;" in html
        assert 'href="javascript:' not in html


def test_a_synergy_day_with_two_sessions(app: Flask, member: FlaskClient) -> None:
    public_id = _propose(app, member, kind="synergy-day", **{
        "sessions-0-title": "Opening", "sessions-0-start_time": "12:00",
        "sessions-0-end_time": "12:30", "sessions-0-room": "Zaal 1",
        "sessions-1-title": "Workshop", "sessions-1-start_time": "12:30",
        "sessions-1-end_time": "13:30", "sessions-1-online_url": "https://teams.example.org/x",
        "sessions-1-host": "Sam"})
    with database(app).session() as session:
        activity = session.scalar(select(Activity).where(Activity.public_id == public_id))
        assert activity is not None
        assert [item.title for item in activity.programme] == ["Opening", "Workshop"]


def test_add_a_session_keeps_what_was_typed(app: Flask, member: FlaskClient) -> None:
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), title="Kept title",
                         add_session="Add a session")
    page = post_form(member, "/activities/new", data).get_data(as_text=True)
    assert 'name="sessions-2-title"' in page
    assert 'value="Kept title"' in page


def test_check_dates_shows_overlapping_observances(app: Flask, member: FlaskClient) -> None:
    catalogue(app)
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), start_date="2026-05-04",
                         end_date="2026-05-04", check_dates="Check dates")
    page = post_form(member, "/activities/new?lang=en", data,
                     page="/activities/new?lang=en").get_data(as_text=True)
    assert "Inclusive planning check" in page
    assert "Remembrance" in page


def test_the_edit_form_shows_what_the_stored_dates_overlap(app: Flask,
                                                          member: FlaskClient) -> None:
    catalogue(app)
    public_id = _propose(app, member, start_date="2026-05-04", end_date="2026-05-04")
    coordinator = _as(app, "coord@example.org")
    page = coordinator.get(f"/activities/{public_id}/edit?lang=en").get_data(as_text=True)
    assert "Inclusive planning check" in page
    assert "Remembrance" in page


def _errors(app: Flask, client: FlaskClient, **changes: object) -> tuple[int, str]:
    data = activity_data(**{"workgroup": str(workgroup_id(app, "zuid")), **changes})
    response = post_form(client, "/activities/new?lang=en", data, page="/activities/new")
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize(("field", "changes", "message"), [
    ("end_date", {"end_date": "2026-06-29"}, "The end lies before the start."),
    ("end_time", {"end_time": "11:00"}, "The end lies before the start."),
    ("start_date", {"start_date": "1949-12-31"}, "Choose a date from 1950 to 2100."),
    ("end_date", {"end_date": "2101-01-01"}, "Choose a date from 1950 to 2100."),
    ("title", {"title": ""}, "This field is required."),
    ("phase", {"phase": ""}, "This field is required."),
    ("title", {"title": "x" * 201}, "Use at most 200 characters."),
    ("online_url", {"online_url": "not a url"}, "Enter a full web address"),
    ("observance", {"observance": "no-such-day"}, "Not a valid choice"),
    ("workgroup", {"workgroup": "999999"}, "Not a valid choice"),
    ("expected_participants", {"expected_participants": "-5"}, "Enter a number from 0"),
    ("budget_estimate", {"budget_estimate": "-1"}, "Enter an amount from 0"),
    ("start_time", {"start_time": ""}, "Give a time"),
    ("location", {"location": "", "online_url": ""}, "Give an address, an online link"),
    ("sessions-0-title", {"kind": "synergy-day", "sessions-0-start_time": "12:00"},
     "This field is required."),
])
def test_validation_errors_sit_beside_their_field(app: Flask, member: FlaskClient, field: str,
                                                  changes: dict[str, str],
                                                  message: str) -> None:
    status, page = _errors(app, member, **changes)
    assert status == 400
    error = re.search(rf'<p class="field-error[^"]*" id="{field}-error">(.*?)</p>', page, re.S)
    assert error is not None, f"no error beside {field}"
    assert message in error.group(1)
    assert re.search(rf'aria-describedby="[^"]*{field}-error"[^>]*aria-invalid="true"'
                     rf'|aria-invalid="true"[^>]*id="{field}"', page) or \
        f'aria-describedby="{field}-error"' in page


def test_nothing_typed_is_lost_on_an_error(app: Flask, member: FlaskClient) -> None:
    _, page = _errors(app, member, title="", location="Zaal 7, Amstel 1",
                      description="Mijn **tekst**", start_date="2026-13-40")
    assert 'value="Zaal 7, Amstel 1"' in page
    assert "Mijn **tekst**" in page
    assert 'value="2026-13-40"' in page


def test_errors_are_in_dutch_by_default(app: Flask, member: FlaskClient) -> None:
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), title="")
    page = post_form(member, "/activities/new", data).get_data(as_text=True)
    assert "Dit veld is verplicht." in page


def test_the_activity_form_refuses_a_post_without_csrf(app: Flask, member: FlaskClient) -> None:
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")))
    assert member.post("/activities/new", data=data).status_code == 400
    with database(app).session() as session:
        assert session.scalar(select(Activity.id)) is None


def test_a_coordinator_edits_and_the_change_is_recorded(app: Flask,
                                                       member: FlaskClient) -> None:
    public_id = _propose(app, member)
    coordinator = _as(app, "coord@example.org")
    form = coordinator.get(f"/activities/{public_id}/edit").get_data(as_text=True)
    assert 'value="Lunch lecture"' in form
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), title="Lunch talk")
    response = post_form(coordinator, f"/activities/{public_id}/edit", data)
    assert response.status_code == 302
    activity = _activity(app, public_id)
    assert activity.title == "Lunch talk"


@pytest.mark.parametrize(("typed", "stored"), [
    ("250,50", "250.50"), ("1.000,50", "1000.50"), ("€ 1.000", "1000.00")])
def test_a_dutch_page_takes_dutch_amounts(app: Flask, member: FlaskClient, typed: str,
                                          stored: str) -> None:
    public_id = _propose(app, member, budget_estimate=typed)
    assert _activity(app, public_id).budget_estimate == Decimal(stored)


def test_an_english_page_takes_english_amounts(app: Flask, member: FlaskClient) -> None:
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), budget_estimate="1,000.50")
    response = post_form(member, "/activities/new?lang=en", data, page="/activities/new")
    assert response.status_code == 302
    assert _activity(app, response.headers["Location"].split("/")[2]).budget_estimate == \
        Decimal("1000.50")


def test_the_amount_hint_and_refusal_follow_the_page_language(
        app: Flask, member: FlaskClient) -> None:
    assert "In euro, bijvoorbeeld 250,50." in member.get("/activities/new").get_data(
        as_text=True)
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), budget_estimate="veel")
    dutch = post_form(member, "/activities/new", data).get_data(as_text=True)
    assert "Vul een bedrag in van 0 tot 10.000.000, bijvoorbeeld 250,50." in dutch
    assert "In euros, for example 250.50." in member.get("/activities/new?lang=en").get_data(
        as_text=True)
    _, english = _errors(app, member, budget_estimate="20.000.000")
    assert "Enter an amount from 0 to 10,000,000, for example 250.50." in english


def test_the_planning_check_fragment_lists_the_overlaps(app: Flask,
                                                        member: FlaskClient) -> None:
    catalogue(app)
    response = member.get("/activities/planning-check?from=2026-05-04&to=2026-05-04&lang=en")
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Remembrance" in fragment and "<html" not in fragment
    assert member.get("/activities/planning-check?from=geen-datum").status_code == 204


def test_the_form_has_a_live_region_for_the_planning_check(member: FlaskClient) -> None:
    page = member.get("/activities/new").get_data(as_text=True)
    assert 'id="planning-check-live" aria-live="polite"' in page
    assert 'src="/static/planning-check.js"' in page


def test_a_member_proposing_is_told_a_coordinator_will_review_it(app: Flask,
                                                                 member: FlaskClient) -> None:
    public_id = _propose(app, member)
    page = member.get(f"/activities/{public_id}/review").get_data(as_text=True)
    assert "Een coördinator van de werkgroep bekijkt het." in page
    assert "zelf publiceren" not in page


def test_a_coordinator_proposing_for_their_workgroup_is_told_they_can_publish_it(
        app: Flask, member: FlaskClient) -> None:
    coordinator = _as(app, "coord@example.org")
    public_id = _propose(app, coordinator)
    page = coordinator.get(f"/activities/{public_id}/review").get_data(as_text=True)
    assert "je kunt het hieronder zelf publiceren" in page
    assert "Een coördinator van de werkgroep bekijkt het." not in page
