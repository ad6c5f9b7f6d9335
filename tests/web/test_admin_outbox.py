"""The outbox detail page (issue 15): a sent reminder shows its subject, recipient and
what it is about; a failed one, the mail server's reply; the listing filters by state,
kind, workgroup, recipient and date. Delivered through a real SMTP server. A message
composed again by the web is the one the dispatcher sends, invitation and QR code too."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from email.message import EmailMessage

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import registrations
from calendar_app.services.reminder_content import ReminderContent
from notifier import compose
from scheduler import dispatch
from scheduler import jobs
from tests.factories import make_activity
from tests.itip_checks import calendar_parts
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


def _registration_invitation(database: Database, settings: Settings) -> int:
    """A confirmed sign-up's invitation row (REQUEST and QR code), never prepared."""
    start = datetime.now(UTC) + timedelta(days=30)
    with database.transaction() as session:
        workgroup = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        admin = session.scalars(select(User).where(User.is_admin)).one()
        activity = make_activity(session, workgroup, title="Iftar", start_at=start,
                                 end_at=start + timedelta(hours=2), location="Stadhuis")
        registrations.configure(session, actor=admin, activity=activity,
                                options=registrations.Options(enabled=True, capacity=5),
                                now=datetime.now(UTC))
        signed = registrations.sign_up(
            session, settings, activity=activity, now=datetime.now(UTC),
            data=registrations.SignUp(name="Anna", email="anna@example.org"))
        registrations.confirm(session, settings, registration=signed, activity=activity,
                              now=datetime.now(UTC))
        row = session.scalars(select(OutboxMessage).where(
            OutboxMessage.dedupe_key.like("reg-request:%"))).one()
        return row.id


def _other_parts(email: EmailMessage) -> list[tuple[str, str]]:
    """(content type with method, filename) of every part beside the text and HTML."""
    found = []
    for leaf in email.walk():
        if leaf.is_multipart() or leaf.get_content_type() in ("text/plain", "text/html"):
            continue
        method = leaf.get_param("method")
        found.append((leaf.get_content_type() + (f"; method={method}" if method else ""),
                      leaf.get_filename() or ""))
    return found


def test_a_composed_registration_mail_shows_the_invitation_and_qr_code_the_dispatcher_sends(
        app: Flask, client: FlaskClient, db_settings: Settings, database: Database) -> None:
    people(app)
    row_id = _registration_invitation(database, db_settings)
    with database.session() as session:
        row = session.get_one(OutboxMessage, row_id)
        sent = compose(dispatch.message_for(row, db_settings, ReminderContent(
            session, db_settings, row.due_at)), db_settings, now=row.due_at)
    [(method, calendar)] = calendar_parts(sent)
    assert method == "REQUEST" and b"METHOD:REQUEST" in calendar
    log_in(client, "admin@example.org")
    page = _page(client, f"/admin/outbox/{row_id}")
    assert "Nu opnieuw opgemaakt" in page  # no prepared bytes: composed by the web
    shown = re.findall(r"<li><code>([^<]+)</code>(?: \(([^)]*)\))?", page)
    assert [(html.unescape(kind), name) for kind, name in shown] == _other_parts(sent)
    assert ("image/png", "qr.png") in _other_parts(sent)
    [text] = re.findall(r'<pre class="table-scroll calendar-part"[^>]*>(.*?)</pre>', page, re.S)
    assert html.unescape(text).splitlines() == calendar.decode().splitlines()


def test_a_missed_reminder_lists_its_events_and_is_composed_when_tried_again(
        app: Flask, client: FlaskClient, db_settings: Settings, database: Database) -> None:
    from calendar_app.services.reminders import plan_reminders
    from tests.web.accounts_data import post_form

    people(app)
    day = upcoming_activity(database)
    with database.transaction() as session:  # three days after it fell due: beyond grace
        plan_reminders(session, db_settings, now=plan_moment(day) + timedelta(days=3))
    with database.session() as session:  # the workgroup's missed day: one row
        row_id = session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.dedupe_key.like("%:missed:%"))).one()
    log_in(client, "admin@example.org")
    listing = _page(client, "/admin/outbox?state=skipped")
    assert re.search(rf'/admin/outbox/{row_id}">\d+ leden? van de werkgroep</a>', listing)
    page = _page(client, f"/admin/outbox/{row_id}")
    assert 'id="state">Overgeslagen' in page and "Niet opgemaakt" in page
    assert re.search(r'<dd id="recipient">\d+ leden? van de werkgroep</dd>', page)
    missed = page[page.index('id="missed-items"'):]
    assert "<li>Keti Koti-ontbijt</li>" in missed[:missed.index("</ul>")]
    post_form(client, f"/admin/outbox/{row_id}/retry", {}, page="/admin/")
    assert re.search(r"\d+ e-mails? (staat|staan) klaar, een per lid", _page(
        client, "/admin/outbox"))
    assert 'id="state">Geannuleerd' in _page(client, f"/admin/outbox/{row_id}")
    page = _page(client, f"/admin/outbox/{_row_id(database, 'member@example.org')}")
    subject = re.search(r'<dd id="subject"[^>]*>([^<]+)</dd>', page)
    assert subject and "Keti Koti-ontbijt" in subject.group(1)


def test_the_history_gives_the_due_moment_and_the_attempt_in_dutch(
        app: Flask, client: FlaskClient, db_settings: Settings, database: Database) -> None:
    people(app)
    _send_reminders(database, db_settings)
    log_in(client, "admin@example.org")
    page = _page(client, f"/admin/outbox/{_row_id(database, 'member@example.org')}")
    history = page[page.index('id="history"'):]
    history = history[:history.index("</ol>")]
    assert re.search(r"te versturen op \d{1,2} [a-z]{3}\.? \d{4} \d{2}:\d{2}", history), history
    assert "poging 1" in history
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", history)
