"""Anonymous feedback over HTTP: no login, counted in the report, nothing identifying stored."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy import text

from calendar_app.models import Activity
from calendar_app.models import FeedbackQuestion
from calendar_app.models import Workgroup
from calendar_app.services import reports
from tests.factories import make_activity
from tests.factories import make_workgroup
from tests.web.accounts_data import database

ZONE = ZoneInfo("Europe/Amsterdam")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _today() -> datetime:
    return datetime.now(ZONE)


@pytest.fixture
def public_id(app: Flask) -> str:
    with database(app).transaction() as session:
        workgroup = make_workgroup(session)
        activity = make_activity(session, workgroup, title="Keti Koti-lunch",
                                 on=_today().date())
        return activity.public_id


def _questions(app: Flask) -> list[int]:
    with database(app).session() as session:
        return list(session.scalars(select(FeedbackQuestion.id).order_by(
            FeedbackQuestion.position)))


def _token(client: FlaskClient, public_id: str) -> str:
    match = TOKEN.search(client.get(f"/feedback/{public_id}").get_data(as_text=True))
    assert match, "no CSRF token on the feedback page"
    return match.group(1)


def _send(client: FlaskClient, public_id: str, data: dict[str, str],  # type: ignore[no-untyped-def]
          token: str | None = None):
    return client.post(f"/feedback/{public_id}",
                        data={**data, "csrf_token": token or _token(client, public_id)},
                        environ_base={"REMOTE_ADDR": "203.0.113.77"},
                        headers={"User-Agent": "Mozilla/5.0 Spy/1.0"})


def test_the_page_needs_no_login_and_says_what_is_stored(client: FlaskClient,
                                                         public_id: str) -> None:
    page = client.get(f"/feedback/{public_id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Keti Koti-lunch" in body and "Hoe welkom voelde je je?" in body
    assert "IP-adres" in body  # the Dutch privacy promise is on the page


def test_feedback_without_login_is_counted_and_the_row_holds_nothing_identifying(
        app: Flask, client: FlaskClient, public_id: str) -> None:
    client.get(f"/feedback/{public_id}")
    welcome, learned, _recommend = _questions(app)
    response = _send(client, public_id, {f"q-{welcome}": "5", f"q-{learned}": "3",
                                         "comment": "Mooi gesprek"})
    assert response.status_code == 302
    with database(app).session() as session:
        rows = session.execute(text("SELECT * FROM feedback_responses")).mappings().all()
        workgroup = session.scalars(select(Workgroup)).one()
        today = _today().date()
        report = reports.evaluation_report(session, workgroup=workgroup, first=today,
                                           last=today, zone=ZONE)
    assert len(rows) == 1
    (row,) = rows
    assert set(row.keys()) == {"id", "activity_id", "submitted_on", "ratings", "comment"}
    stored = " ".join(str(value) for value in row.values())
    for trace in ("203.0.113.77", "Spy/1.0", "Mozilla", _today().strftime("%H:%M")):
        assert trace not in stored, trace
    assert str(row["submitted_on"]) == _today().date().isoformat()
    assert report.responses == 1
    assert report.questions[0].mean == 5 and report.questions[1].mean == 3
    assert [comment.text for comment in report.comments] == ["Mooi gesprek"]


def test_one_response_per_browser_per_activity(app: Flask, client: FlaskClient,
                                               public_id: str) -> None:
    client.get(f"/feedback/{public_id}")
    question = _questions(app)[0]
    token = _token(client, public_id)
    assert _send(client, public_id, {f"q-{question}": "4"}, token).status_code == 302
    again = _send(client, public_id, {f"q-{question}": "1"}, token)
    assert again.status_code == 409
    assert "al feedback gegeven" in again.get_data(as_text=True)
    with database(app).session() as session:
        assert session.scalar(text("SELECT count(*) FROM feedback_responses")) == 1


def test_another_browser_may_answer_too(app: Flask, client: FlaskClient,
                                        public_id: str) -> None:
    client.get(f"/feedback/{public_id}")
    question = _questions(app)[0]
    _send(client, public_id, {f"q-{question}": "4"})
    other = app.test_client()
    assert _send(other, public_id, {f"q-{question}": "2"}).status_code == 302
    with database(app).session() as session:
        assert session.scalar(text("SELECT count(*) FROM feedback_responses")) == 2


def test_a_forged_cookie_is_ignored_not_trusted(app: Flask, client: FlaskClient,
                                                public_id: str) -> None:
    client.set_cookie("feedback_given", "not-signed", path="/feedback/")
    assert "Hoe welkom" in client.get(f"/feedback/{public_id}").get_data(as_text=True)


def test_a_bad_rating_is_refused_beside_the_question(app: Flask, client: FlaskClient,
                                                    public_id: str) -> None:
    client.get(f"/feedback/{public_id}")
    question = _questions(app)[0]
    response = _send(client, public_id, {f"q-{question}": "9"})
    assert response.status_code == 400
    assert "van 1 tot 5" in response.get_data(as_text=True)


def test_the_rate_limit_counts_per_activity(app: Flask, client: FlaskClient,
                                            public_id: str, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    from calendar_app.web import planning_public

    monkeypatch.setattr(planning_public, "FEEDBACK_LIMIT", "2/hour")
    client.get(f"/feedback/{public_id}")
    question = _questions(app)[0]
    codes = [_send(app.test_client(), public_id, {f"q-{question}": "3"}).status_code
             for _ in range(3)]
    assert codes == [302, 302, 429]


def test_a_proposal_has_no_feedback_page(app: Flask, client: FlaskClient) -> None:
    with database(app).transaction() as session:
        activity = make_activity(session, make_workgroup(session), status="proposed",
                                 on=_today().date())
        public_id = activity.public_id
    assert client.get(f"/feedback/{public_id}").status_code == 404


def test_feedback_needs_the_csrf_token(app: Flask, client: FlaskClient, public_id: str) -> None:
    question_id = _questions(app) or [1]
    response = client.post(f"/feedback/{public_id}", data={f"q-{question_id[0]}": "3"})
    assert response.status_code == 400
    with database(app).session() as session:
        assert session.scalar(select(Activity.id).where(Activity.public_id == public_id))
        assert session.scalar(text("SELECT count(*) FROM feedback_responses")) == 0


def test_a_made_up_activity_leaves_no_counter_row(app: Flask, client: FlaskClient,
                                                  public_id: str) -> None:
    token = _token(client, public_id)
    for made_up in ("bestaat-niet-1", "bestaat-niet-2"):
        assert _send(client, made_up, {"comment": "x"}, token=token).status_code == 404
    with database(app).session() as session:
        assert session.scalar(text("SELECT count(*) FROM rate_limits")) == 0


def test_showing_the_form_writes_only_in_a_write_transaction(app: Flask, client: FlaskClient,
                                                             public_id: str) -> None:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    flushes: list[bool] = []

    def record(session: Session, _context: object) -> None:
        bind = session.get_bind()
        flushes.append(bool(bind.get_execution_options().get("sqlite_immediate")))

    event.listen(Session, "after_flush", record)
    try:
        assert client.get(f"/feedback/{public_id}").status_code == 200
    finally:
        event.remove(Session, "after_flush", record)
    assert flushes == [True]  # the default questions, once, by a writing session
    assert len(_questions(app)) == 3


def test_before_the_activity_the_feedback_page_says_when_it_opens(app: Flask) -> None:
    from datetime import timedelta

    with database(app).transaction() as session:
        activity = make_activity(session, make_workgroup(session), title="Later",
                                 on=_today().date() + timedelta(days=30))
        public_id = activity.public_id
    page = app.test_client().get(f"/feedback/{public_id}").get_data(as_text=True)
    assert "opent op" in page and "gesloten" not in page
