"""The audit page says what happened in the reader's language, never with raw keys."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import ActivityChange
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import audit
from tests.factories import make_activity
from tests.web.accounts_data import NOW
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people


def _trail(app: Flask, action: str, details: dict[str, object]) -> None:
    with database(app).transaction() as session:
        workgroup = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        actor = session.scalars(select(User).where(User.email == "coord@example.org")).one()
        activity = make_activity(session, workgroup, title="Regenboogontbijt")
        session.add(ActivityChange(activity_id=activity.id, actor_id=actor.id, action=action,
                                   details=details, at=NOW))


def _row_of(client: FlaskClient, about: str) -> str:
    log_in(client, "admin@example.org")
    page = client.get("/admin/audit/", query_string={"about": about}).get_data(as_text=True)
    [row] = [row for row in page.split("<tr>") if "<td>" in row and about in row]
    return row.split("</tr>", 1)[0]


def _row(client: FlaskClient) -> str:
    return _row_of(client, "Regenboogontbijt")


def test_an_action_is_a_dutch_word(app: Flask, client: FlaskClient) -> None:
    people(app)
    _trail(app, "published", {})
    row = _row(client)
    assert "<td>gepubliceerd</td>" in row


def test_an_evaluation_names_its_fields_and_formats_numbers_the_dutch_way(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    _trail(app, "evaluated", {"attendance": [None, "23"], "actual_cost": [None, "1234.56"]})
    row = _row(client)
    assert "<td>geëvalueerd</td>" in row
    assert "opkomst: — → 23; werkelijke kosten in euro: — → €\xa01.234,56" in row
    assert "None" not in row and "actual_cost" not in row


def test_a_role_change_shows_the_roles_people_know(app: Flask, client: FlaskClient) -> None:
    people(app)
    with database(app).transaction() as session:
        audit.record(session, actor=None, subject="membership", ref="zuid: Regenboogontbijt",
                     action="role-changed", now=NOW,
                     details={"role": ["member", "coordinator"], "messages stopped": 0})
    row = _row_of(client, "zuid: Regenboogontbijt")
    assert "<td>rol gewijzigd</td>" in row
    assert "rol: lid → coördinator; berichten gestopt: 0" in row


def test_a_moved_start_is_shown_in_local_time_the_dutch_way(
        app: Flask, client: FlaskClient) -> None:
    people(app)
    _trail(app, "edited", {"start_at": ["2027-05-17 07:30:00+00:00",
                                        "2027-05-17 08:00:00+00:00"]})
    row = _row(client)
    assert "<td>bewerkt</td>" in row
    assert "begin: 17 mei 2027, 09:30 → 17 mei 2027, 10:00" in row
