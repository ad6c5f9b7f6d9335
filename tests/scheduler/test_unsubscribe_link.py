"""The List-Unsubscribe link of a delivered reminder works once, without cookies, then says so."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from scheduler.jobs import run_pass
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team
from tests.smtp_server import SmtpTestServer

DUE = datetime(2030, 7, 13, 7, 0, tzinfo=UTC)


def delivered_link(database: Database, settings: Settings, server: SmtpTestServer) -> str:
    team = make_team(database, members=2)
    make_activity(database, team, date(2030, 7, 15))
    make_activity(database, team, date(2030, 7, 20), title="Tweede")
    run_pass(database, settings, lambda: DUE)
    header = "".join(str(server.messages[0].email["List-Unsubscribe"]).split())
    assert header.startswith("<https://kalender.example/u/") and header.endswith(">")
    return urlsplit(header[1:-1]).path


def test_one_click_post_unsubscribes_once_then_says_so(
        app: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    app.extensions["calendar_settings"] = mail_settings
    path = delivered_link(database, mail_settings, smtp_server)
    client = app.test_client(use_cookies=False)
    first = client.post(path, data={"List-Unsubscribe": "One-Click"})
    second = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert first.status_code == second.status_code == 200
    assert first.mimetype == "text/plain" and "Location" not in first.headers
    assert "Set-Cookie" not in first.headers
    assert "no longer receive" in first.get_data(as_text=True)
    assert "already unsubscribed" in second.get_data(as_text=True)
    with database.session() as session:
        opted_out = list(session.scalars(select(Membership.reminders_opt_out)))
    assert sorted(opted_out) == [False, True]


def test_after_unsubscribing_pending_reminders_are_not_sent(
        app: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    app.extensions["calendar_settings"] = mail_settings
    path = delivered_link(database, mail_settings, smtp_server)
    recipient = smtp_server.messages[0].rcpt_tos[0]
    app.test_client(use_cookies=False).post(path, data={"List-Unsubscribe": "One-Click"})
    smtp_server.reset()
    later = DUE + timedelta(days=5)  # the second activity's reminder falls due
    run_pass(database, mail_settings, lambda: later)
    assert recipient not in smtp_server.recipients()
    assert len(smtp_server.recipients()) == 1
    with database.session() as session:
        states = set(session.scalars(select(OutboxMessage.state).where(
            OutboxMessage.recipient_email == recipient)))
    assert "pending" not in states


def test_get_does_not_unsubscribe(app: Flask, database: Database, mail_settings: Settings,
                                  smtp_server: SmtpTestServer) -> None:
    app.extensions["calendar_settings"] = mail_settings
    path = delivered_link(database, mail_settings, smtp_server)
    page = app.test_client().get(path)
    assert page.status_code == 200 and b'method="post"' in page.data
    with database.session() as session:
        assert not any(session.scalars(select(Membership.reminders_opt_out)))


def test_forged_token_is_refused(app: Flask, database: Database) -> None:
    response = app.test_client(use_cookies=False).post("/u/MS4x.AAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)


def test_endpoint_is_exempt_from_csrf_protection(db_settings: Settings,
                                                 database: Database) -> None:
    from flask_wtf.csrf import CSRFProtect

    from calendar_app.services.unsubscribe import make_token
    from calendar_app.web import session as web_session
    from calendar_app.web import unsubscribe

    team = make_team(database, members=1)
    app = Flask(__name__)
    app.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=True)
    app.extensions["calendar_settings"] = db_settings
    web_session.init_app(app, db_settings)
    CSRFProtect(app)
    app.register_blueprint(unsubscribe.bp)
    token = make_token(db_settings.secret_key, team.user_ids[0], team.workgroup_id)
    response = app.test_client(use_cookies=False).post(f"/u/{token}")
    assert response.status_code == 200
    app.extensions["database"].dispose()
