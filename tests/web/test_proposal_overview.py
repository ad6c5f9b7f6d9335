"""The coordinator's workgroup page: open proposals first, with how long they wait."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import Activity
from calendar_app.models import ActivityChange
from tests.web.accounts_data import activity_data
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form
from tests.web.accounts_data import workgroup_id


def _propose(app: Flask, client: FlaskClient, title: str) -> str:
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), title=title)
    response = post_form(client, "/activities/new", data)
    assert response.status_code == 302
    return response.headers["Location"].split("/")[2]


def test_open_proposals_come_first_with_their_age(app: Flask, client: FlaskClient) -> None:
    people(app)
    log_in(client, "coord@example.org")
    waiting = _propose(app, client, "Wacht al even")  # older: newest-first alone fails
    published = _propose(app, client, "Al gepubliceerd")
    post_form(client, f"/activities/{published}/publish", {},
              page=f"/activities/{published}/review")
    with database(app).transaction() as session:  # submitted three days ago
        activity = session.scalars(select(Activity).where(Activity.public_id == waiting)).one()
        for change in session.scalars(select(ActivityChange).where(
                ActivityChange.activity_id == activity.id)):
            change.at = datetime.now(UTC) - timedelta(days=3, hours=1)
    page = client.get("/workgroups/zuid").get_data(as_text=True)
    assert page.index("Wacht al even") < page.index("Al gepubliceerd")
    assert "ingediend 3 dagen geleden" in page
