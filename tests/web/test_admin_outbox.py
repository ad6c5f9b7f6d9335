"""The outbox detail page (issue 15): a sent reminder shows its subject, recipient and
what it is about; a failed one, the mail server's reply; the listing filters by state,
kind, workgroup, recipient and date. Delivered through a real SMTP server."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from scheduler import jobs
from tests.smtp_server import SmtpTestServer
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.admin_data import pending_reminders
from tests.web.admin_data import plan_moment
from tests.web.admin_data import upcoming_activity


def _send_reminders(database: Database, settings: Settings) -> None:
    """Zuid's member and coordinator get a reminder; the server refuses the coordinator."""
    day = upcoming_activity(database)
    pending_reminders(database, settings, "member@example.org", day)
    with SmtpTestServer(seed=15) as server:
        server.reject.add("coord@example.org")
        mail = dataclasses.replace(settings, mail_backend="smtp", mail_host=server.host,
                                   mail_port=server.port, mail_timeout=3)
        jobs.dispatch(database, mail, lambda: plan_moment(day) + timedelta(hours=2))
        assert server.recipients() == ["member@example.org"]


def _row_id(database: Database, email: str) -> int:
    with database.session() as session:
        found = session.scalar(select(OutboxMessage.id).where(
            OutboxMessage.recipient_email == email))
    assert found is not None
    return found


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_sent_reminder_shows_subject_recipient_and_what_it_is_about(
        app: Flask, client: FlaskClient, db_settings: Settings, database: Database) -> None:
    people(app)
    _send_reminders(database, db_settings)
    log_in(client, "admin@example.org")
    page = _page(client, f"/admin/outbox/{_row_id(database, 'member@example.org')}")
    subject = re.search(r'<dd id="subject"[^>]*>([^<]+)</dd>', page)
    assert subject and "Keti Koti-ontbijt" in subject.group(1)
    assert 'id="recipient">member@example.org' in page
    assert "Werkgroep Zuid" in page and "Verstuurd" in page
    html = client.get(f"/admin/outbox/{_row_id(database, 'member@example.org')}/message.html")
    assert "Keti Koti-ontbijt" in html.get_data(as_text=True)
    assert "sandbox" in html.headers["Content-Security-Policy"]


def test_a_failed_reminder_shows_the_servers_reply(
        app: Flask, client: FlaskClient, db_settings: Settings, database: Database) -> None:
    people(app)
    _send_reminders(database, db_settings)
    log_in(client, "admin@example.org")
    page = _page(client, f"/admin/outbox/{_row_id(database, 'coord@example.org')}")
    assert 'id="state">Mislukt' in page
    history = page[page.index('id="history"'):]
    assert "550 5.1.1" in history[:history.index("</ol>")]


def test_the_listing_filters_by_recipient_kind_state_and_workgroup(
        app: Flask, client: FlaskClient, db_settings: Settings, database: Database) -> None:
    people(app)
    _send_reminders(database, db_settings)
    log_in(client, "admin@example.org")

    def listed(query: str) -> set[str]:
        return set(re.findall(r'<tr id="row-\d+">.*?>([a-z]+@example\.org)</a>',
                              _page(client, f"/admin/outbox?{query}"), re.S))

    assert listed("recipient=coord") == {"coord@example.org"}
    assert listed("state=sent&kind=reminder") == {"member@example.org"}
    assert listed("workgroup=zuid") == {"member@example.org", "coord@example.org"}
    assert listed("workgroup=oost") == set()
    assert listed("from=2001-01-01&to=2001-12-31") == set()
