"""The workgroup page: reminder settings (coordinators), each member's opt-out, links
to the planning pages, and the internal feed address shown once."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import Membership
from calendar_app.models import ReminderRule
from calendar_app.models import User
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form
from tests.web.accounts_data import workgroup_id

PAGE = "/workgroups/zuid"
RULE = {"major_days": "42, 14", "awareness_days": "14", "activity_days": "7, 1",
        "send_time": "08:30", "covers": "all"}
#: (major, awareness, activity, send time, covers, themes) as RULE saves them.
SAVED = ([42, 14], [14], [7, 1], "08:30", "all", [])
#: What every workgroup starts with (people() creates zuid without --reminder-days).
DEFAULTS = ([42, 14], [14], [7, 1], "09:00", "all", [])


def _rules(app: Flask) -> list[tuple[Any, ...]]:
    with database(app).session() as session:
        return [(rule.major_days, rule.awareness_days, rule.activity_days, rule.send_time,
                 rule.covers, rule.themes)
                for rule in session.scalars(select(ReminderRule).where(
                    ReminderRule.workgroup_id == workgroup_id(app, "zuid")))]


def _mode(app: Flask, email: str) -> str:
    with database(app).session() as session:
        value = session.scalar(select(Membership.reminder_mode).join(User).where(
            User.email == email, Membership.workgroup_id == workgroup_id(app, "zuid")))
    assert value is not None
    return value


def _as(app: Flask, client: FlaskClient, email: str) -> None:
    people(app)
    assert log_in(client, email).status_code == 302


def _save(client: FlaskClient, **changes: Any) -> Any:
    return post_form(client, f"{PAGE}/reminders?lang=en", {**RULE, **changes}, page=PAGE)


def test_a_new_workgroup_shows_its_default_reminders(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    assert _rules(app) == [DEFAULTS]
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="42, 14"' in page and 'value="7, 1"' in page and 'value="09:00"' in page


def test_a_coordinator_saves_the_reminder_rule(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    response = _save(client, major_days="14, 42 14")
    assert response.status_code == 302
    assert _rules(app) == [SAVED]
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="42, 14"' in page and 'value="08:30"' in page


def test_saving_again_edits_the_same_rule(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    _save(client)
    _save(client, major_days="7", send_time="17:00", covers="activities")
    assert _rules(app) == [([7], [14], [7, 1], "17:00", "activities", [])]


def test_observance_themes_are_saved(app: Flask, client: FlaskClient) -> None:
    catalogue(app)
    _as(app, client, "coord@example.org")
    page = client.get(PAGE).get_data(as_text=True)
    themes = re.findall(r'name="themes" type="checkbox" value="([^"]+)"', page)
    assert len(themes) >= 2
    response = post_form(client, f"{PAGE}/reminders",
                         {**RULE, "covers": "observances", "themes": themes[:2]}, page=PAGE)
    assert response.status_code == 302
    assert _rules(app) == [(*SAVED[:4], "observances", sorted(themes[:2]))]


def test_empty_lead_times_switch_reminders_off_and_keep_the_choice(
        app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    response = _save(client, major_days="", awareness_days="", activity_days="")
    assert response.status_code == 302
    assert _rules(app) == [([], [], [], "08:30", "all", [])]  # off, not "never set"


def test_bad_lead_days_are_refused_beside_the_field(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    _save(client)
    for bad in ("42, soon", "0", "400", "1,2,3,4,5,6,7,8,9,10,11"):
        response = _save(client, awareness_days=bad)
        assert response.status_code == 400, bad
        page = response.get_data(as_text=True)
        assert 'id="awareness_days-error"' in page and "whole numbers of days" in page
        assert f'value="{bad}"' in page  # what was typed is kept
    assert _rules(app) == [SAVED]


def test_a_bad_time_is_refused(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    for bad in ("25:00", "9", "09:60", ""):
        response = _save(client, send_time=bad)
        assert response.status_code == 400, bad
        assert 'id="send_time-error"' in response.get_data(as_text=True)
    assert _rules(app) == [DEFAULTS]


def test_an_unknown_cover_is_refused(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    assert _save(client, covers="everything").status_code == 400
    assert _rules(app) == [DEFAULTS]


def test_errors_are_dutch_by_default(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    response = post_form(client, f"{PAGE}/reminders", {**RULE, "send_time": "9 uur"}, page=PAGE)
    assert "Geef een tijd als uren en minuten" in response.get_data(as_text=True)


def test_members_see_the_settings_but_cannot_change_them(app: Flask,
                                                         client: FlaskClient) -> None:
    _as(app, client, "member@example.org")
    page = client.get(PAGE).get_data(as_text=True)
    assert 'id="major_days"' not in page and "42, 14" in page
    assert _save(client).status_code == 403
    assert _rules(app) == [DEFAULTS]


def test_a_member_chooses_digest_nothing_and_back(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "member@example.org")
    assert _mode(app, "member@example.org") == "individual"
    for mode in ("digest", "none", "individual"):
        response = post_form(client, f"{PAGE}/reminders/me", {"mode": mode}, page=PAGE)
        assert response.status_code == 302
        assert _mode(app, "member@example.org") == mode
        assert _mode(app, "coord@example.org") == "individual"  # only for oneself
        page = client.get(PAGE).get_data(as_text=True)
        assert f'value="{mode}" checked' in page or f'checked value="{mode}"' in page \
            or re.search(rf'checked[^>]*value="{mode}"|value="{mode}"[^>]*checked', page)


def test_an_unknown_mode_is_refused_beside_the_field(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "member@example.org")
    response = post_form(client, f"{PAGE}/reminders/me", {"mode": "hourly"}, page=PAGE)
    assert response.status_code == 400
    assert 'id="mode-error"' in response.get_data(as_text=True)
    assert _mode(app, "member@example.org") == "individual"


def test_a_non_member_cannot_choose_elsewhere(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "oost@example.org")
    response = post_form(client, f"{PAGE}/reminders/me", {"mode": "none"},
                         page="/workgroups/oost")
    assert response.status_code == 404
    assert _mode(app, "member@example.org") == "individual"


def test_the_page_links_to_the_planning_pages(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "member@example.org")
    page = client.get(PAGE).get_data(as_text=True)
    for pattern in (r'href="/planning/zuid/\d{4}"', r'href="/planning/zuid/\d{4}/budget"',
                    r'href="/planning/zuid/report\?period=\d{4}-H[12]"'):
        link = re.search(pattern, page)
        assert link, pattern
        assert client.get(link.group(0)[6:-1].replace("&amp;", "&")).status_code == 200


def test_workgroup_pages_send_no_referrer(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "member@example.org")
    assert client.get(PAGE).headers["Referrer-Policy"] == "no-referrer"


def _issue(client: FlaskClient) -> Any:
    return post_form(client, f"{PAGE}/feed-token?lang=en", {}, page=PAGE)


def test_a_new_internal_feed_address_is_shown_once(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    response = _issue(client)
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    url = re.search(r"<code>(https?://[^<]+/feeds/intern/([\w-]+)\.ics)</code>", page)
    assert url and "previous address no longer works" in page
    assert client.get(f"/feeds/intern/{url.group(2)}.ics").status_code == 200
    assert url.group(2) not in client.get(PAGE).get_data(as_text=True)  # only once
    again = re.search(r"/feeds/intern/([\w-]+)\.ics", _issue(client).get_data(as_text=True))
    assert again and again.group(1) != url.group(2)
    assert client.get(f"/feeds/intern/{url.group(2)}.ics").status_code == 404  # revoked


def test_members_cannot_issue_a_feed_address(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "member@example.org")
    assert "feed-token" not in client.get(PAGE).get_data(as_text=True)
    assert _issue(client).status_code == 403


def _weekday(app: Flask) -> int | None:
    with database(app).session() as session:
        return session.scalar(select(ReminderRule.send_weekday).where(
            ReminderRule.workgroup_id == workgroup_id(app, "zuid")))


def test_a_new_workgroup_gathers_reminders_on_monday(app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    assert _weekday(app) == 0
    page = client.get(PAGE).get_data(as_text=True)
    assert re.search(r'<option selected value="0">Maandag</option>', page)


def test_a_coordinator_chooses_each_reminder_on_its_own_day(
        app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    assert _save(client, send_weekday="").status_code == 302
    assert _weekday(app) is None
    assert _save(client, send_weekday="3").status_code == 302
    assert _weekday(app) == 3


def test_an_unknown_weekday_is_refused_with_a_field_error(
        app: Flask, client: FlaskClient) -> None:
    _as(app, client, "coord@example.org")
    response = _save(client, send_weekday="9")
    assert response.status_code == 400
    assert 'id="send_weekday-error"' in response.get_data(as_text=True)
    assert _weekday(app) == 0
