"""The feedback window (issue 14): it opens on the activity's day and closes OPEN_DAYS
later. Before, the feedback page and the coordinator's evaluation page say when it
opens; once it is over they say it is closed, and no longer that it opens. Dates are
relative to today, as the web uses the real clock."""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import select

from calendar_app.models import Workgroup
from calendar_app.services.feedback import OPEN_DAYS
from tests.factories import make_activity
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

ZONE = ZoneInfo("Europe/Amsterdam")


def _activity_on(app: Flask, days_from_today: int) -> str:
    """A published activity of zuid, `days_from_today` away (negative: in the past)."""
    people(app)
    on: date = datetime.now(ZONE).date() + timedelta(days=days_from_today)
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        return make_activity(session, zuid, title="Keti Koti-lunch", on=on).public_id


def _evaluation(app: Flask, public_id: str) -> str:
    client = app.test_client()
    assert log_in(client, "coord@example.org").status_code == 302
    response = client.get(f"/planning/activities/{public_id}/evaluation")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_after_the_window_the_feedback_page_says_closed(app: Flask) -> None:
    public_id = _activity_on(app, -(OPEN_DAYS + 1))
    page = app.test_client().get(f"/feedback/{public_id}").get_data(as_text=True)
    assert "De feedback voor deze activiteit is gesloten." in page
    assert "opent op" not in page and 'name="q' not in page


def test_on_the_last_day_of_the_window_the_feedback_form_is_shown(app: Flask) -> None:
    public_id = _activity_on(app, -OPEN_DAYS)
    page = app.test_client().get(f"/feedback/{public_id}").get_data(as_text=True)
    assert "gesloten" not in page and 'name="q' in page


def test_after_the_window_the_evaluation_page_says_closed(app: Flask) -> None:
    page = _evaluation(app, _activity_on(app, -(OPEN_DAYS + 1)))
    assert "De feedback voor deze activiteit is gesloten." in page
    assert "gaat open" not in page


def test_before_the_activity_the_evaluation_page_says_when_feedback_opens(app: Flask) -> None:
    page = _evaluation(app, _activity_on(app, 10))
    assert "De feedback gaat open op de dag van de activiteit" in page
    assert "gesloten" not in page
