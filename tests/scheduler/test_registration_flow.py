"""Issue 13 end to end: the web with real commits, `send-due`, the SMTP server (aiosmtpd).

Capacity 2, three sign-ups: two confirmed with a REQUEST each, one waiting. One
confirmed cancels: the third gets a REQUEST. The coordinator moves the activity an
hour: both confirmed get a REQUEST with the same UID and a higher SEQUENCE. The
activity is cancelled: both get METHOD:CANCEL. Every invitation passes libical's
iTIP restriction check, icalendar and ical.js; a GET of every link in every mail
changes nothing in the database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from calendar_app.cli import main
from calendar_app.config import Settings
from calendar_app.db import Database
from tests.conftest import ParseJs
from tests.itip_checks import CheckItip
from tests.itip_checks import calendar_parts
from tests.itip_checks import icalendar_event
from tests.smtp_server import SmtpTestServer
from tests.web.accounts_data import activity_data
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form
from tests.web.accounts_data import workgroup_id
from tests.web.registration_data import DAY
from tests.web.registration_data import links
from tests.web.registration_data import manage_path
from tests.web.registration_data import registration
from tests.web.registration_data import sign_up
from tests.web.registration_data import signup_activity
from tests.web.registration_data import snapshot

PEOPLE = ("ayse@example.org", "bram@example.org", "chen@example.org")


@pytest.fixture
def site(mail_settings: Settings) -> Iterator[Flask]:
    from calendar_app.web import create_app

    app = create_app(mail_settings)
    app.config.update(TESTING=True)
    yield app
    app.extensions["database"].dispose()


def send_due(settings: Settings) -> None:
    """One pass of the scheduler's jobs, as an operator runs it."""
    env = {"INSTANCE_PATH": str(settings.instance_path), "SECRET_KEY": settings.secret_key,
           "DATABASE_URL": settings.database_url, "MAIL_BACKEND": "smtp",
           "MAIL_HOST": settings.mail_host, "MAIL_PORT": str(settings.mail_port),
           "BASE_URL": settings.base_url, "MAIL_FROM": settings.mail_from}
    result = CliRunner().invoke(main, ["send-due"], env=env)
    assert result.exit_code == 0, result.output


class Mailbox:
    """What the SMTP server received for the registrants, in the order it arrived.

    (The workgroup's members get their own digest as well; that is not this test's.)
    """

    def __init__(self, server: SmtpTestServer) -> None:
        self.server = server
        self.seen = 0
        self.all: list[EmailMessage] = []

    def new(self) -> dict[str, list[EmailMessage]]:
        arrived = self.server.messages[self.seen:]
        self.seen = len(self.server.messages)
        by_person: dict[str, list[EmailMessage]] = {}
        for message in arrived:
            if not set(message.rcpt_tos) & set(PEOPLE) and "anna" not in message.rcpt_tos[0]:
                continue
            self.all.append(message.email)
            for rcpt in message.rcpt_tos:
                by_person.setdefault(rcpt, []).append(message.email)
        return by_person


def method_of(email: EmailMessage) -> str | None:
    parts = calendar_parts(email)
    assert len(parts) <= 1
    return parts[0][0] if parts else None


def invitation(email: EmailMessage, check: CheckItip, icaljs: ParseJs) -> tuple[str, int]:
    """(UID, SEQUENCE) of the mail's iTIP part, after all three readers accepted it."""
    [(method, data)] = calendar_parts(email)
    assert f"METHOD:{method}\r\n".encode() in data
    check(data)
    parsed = icaljs(data)
    event = icalendar_event(data)
    assert [item["uid"] for item in parsed["events"]] == [str(event["UID"])]
    assert str(event["ATTENDEE"]) == f"mailto:{email['To'].addresses[0].addr_spec}"
    assert str(event["ORGANIZER"]) == "mailto:noreply@kalender.example"
    return str(event["UID"]), int(event["SEQUENCE"])


def confirm(client: FlaskClient, email: EmailMessage, base_url: str) -> None:
    path = manage_path(email, base_url)
    assert post_form(client, f"{path}/bevestigen", {}, page=path).status_code == 302


def test_capacity_two_three_sign_ups_through_the_real_stack(
        site: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer, libical_check: CheckItip, icaljs: ParseJs) -> None:
    base = mail_settings.base_url
    people(database)
    coordinator = site.test_client()
    log_in(coordinator, "coord@example.org")
    public_id = signup_activity(site, coordinator, capacity="2")
    visitor = site.test_client()
    mailbox = Mailbox(smtp_server)

    for index, email in enumerate(PEOPLE):
        assert sign_up(visitor, public_id, f"Person {index}", email) == 302
    send_due(mail_settings)
    asked = mailbox.new()
    assert sorted(asked) == sorted(PEOPLE)
    assert all(method_of(mails[0]) is None for mails in asked.values())
    for email in PEOPLE:  # in order: the first two get the places
        confirm(visitor, asked[email][0], base)
    assert [registration(site, email).status for email in PEOPLE] == [
        "confirmed", "confirmed", "waitlisted"]

    send_due(mail_settings)
    placed = mailbox.new()
    first_uid, first_seq = invitation(placed[PEOPLE[0]][0], libical_check, icaljs)
    assert invitation(placed[PEOPLE[1]][0], libical_check, icaljs) == (first_uid, first_seq)
    assert method_of(placed[PEOPLE[2]][0]) is None  # waiting: told so, no invitation
    assert first_uid == f"act-{public_id}@diversiteitskalender"

    cancel_path = manage_path(placed[PEOPLE[0]][0], base)
    assert post_form(visitor, f"{cancel_path}/afmelden", {}, page=cancel_path).status_code == 302
    send_due(mail_settings)
    moved_up = mailbox.new()
    assert [method_of(mail) for mail in moved_up[PEOPLE[0]]] == ["CANCEL"]
    assert [method_of(mail) for mail in moved_up[PEOPLE[2]]] == ["REQUEST"]
    invitation(moved_up[PEOPLE[0]][0], libical_check, icaljs)
    assert invitation(moved_up[PEOPLE[2]][0], libical_check, icaljs)[0] == first_uid

    data = activity_data(workgroup=str(workgroup_id(site, "zuid")), start_date=DAY.isoformat(),
                         end_date=DAY.isoformat(), start_time="19:00", end_time="21:00",
                         title="Iftar", registration="y", capacity="2", waitlist="y",
                         ask_dietary="y", ask_needs="y")
    edit = f"/activities/{public_id}/edit"
    assert post_form(coordinator, edit, data).status_code == 302
    send_due(mail_settings)
    updated = mailbox.new()
    assert sorted(updated) == sorted(PEOPLE[1:])
    for email in PEOPLE[1:]:
        [mail] = updated[email]
        uid, sequence = invitation(mail, libical_check, icaljs)
        assert (uid, method_of(mail)) == (first_uid, "REQUEST") and sequence > first_seq
        assert "19:00" in str(mail.get_body(("plain",)).get_content())  # type: ignore[union-attr]

    review = f"/activities/{public_id}/review"
    assert post_form(coordinator, f"/activities/{public_id}/cancel", {},
                     page=review).status_code == 302
    send_due(mail_settings)
    cancelled = mailbox.new()
    assert sorted(cancelled) == sorted(PEOPLE[1:])
    for email in PEOPLE[1:]:
        assert [method_of(mail) for mail in cancelled[email]] == ["CANCEL"]
        invitation(cancelled[email][0], libical_check, icaljs)
    send_due(mail_settings)
    assert mailbox.new() == {}  # exactly once: a further pass sends nothing

    before = snapshot(database)
    followed = 0
    for mail in mailbox.all:
        for path in links(mail, base):
            for client in (site.test_client(), coordinator):
                assert client.get(path).status_code in (200, 302, 404), path
                followed += 1
    assert followed > 20
    assert snapshot(database) == before


def test_a_link_opened_by_a_scanner_confirms_nothing(
        site: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    people(database)
    coordinator = site.test_client()
    log_in(coordinator, "coord@example.org")
    public_id = signup_activity(site, coordinator, capacity="2")
    sign_up(site.test_client(), public_id, "Anna", "anna@example.org")
    send_due(dataclasses.replace(mail_settings))
    [mail] = Mailbox(smtp_server).new()["anna@example.org"]
    page = site.test_client().get(manage_path(mail, mail_settings.base_url))
    assert page.status_code == 200 and "<form" in page.get_data(as_text=True)
    assert registration(site, "anna@example.org").status == "pending"


def test_the_file_backend_keeps_the_invitation_as_outlook_gets_it(
        site: Flask, database: Database, db_settings: Settings,
        libical_check: CheckItip) -> None:
    """MAIL_BACKEND=file (development, demos): the .eml holds the same inline REQUEST."""
    from email import message_from_bytes
    from email import policy

    people(database)
    coordinator = site.test_client()
    log_in(coordinator, "coord@example.org")
    public_id = signup_activity(site, coordinator, capacity="2")
    post_form(coordinator, f"/activities/{public_id}/aanmelden", {"member": "1"})
    env = {"INSTANCE_PATH": str(db_settings.instance_path), "SECRET_KEY": db_settings.secret_key,
           "DATABASE_URL": db_settings.database_url, "MAIL_BACKEND": "file"}
    result = CliRunner().invoke(main, ["send-due"], env=env)
    assert result.exit_code == 0, result.output
    mails = [message_from_bytes(path.read_bytes(), policy=policy.default)
             for path in sorted(db_settings.outbox_path.glob("*.eml"))]
    invitations = [mail for mail in mails if calendar_parts(mail)]  # type: ignore[arg-type]
    assert [mail["To"].addresses[0].addr_spec for mail in invitations] == ["coord@example.org"]
    [(method, data)] = calendar_parts(invitations[0])  # type: ignore[arg-type]
    assert method == "REQUEST"
    libical_check(data)


def test_reminder_and_feedback_mails_and_their_links(
        site: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    """The day before at 09:00 a reminder; after the activity, those who came are asked
    for feedback through the one anonymous form. Opening their links changes nothing."""
    from datetime import timedelta

    base = mail_settings.base_url
    people(database)
    coordinator = site.test_client()
    log_in(coordinator, "coord@example.org")
    public_id = signup_activity(site, coordinator, capacity="2")
    visitor = site.test_client()
    mailbox = Mailbox(smtp_server)
    for email in PEOPLE[:2]:
        sign_up(visitor, public_id, email.split("@")[0], email)
    send_due(mail_settings)
    for mails in mailbox.new().values():
        confirm(visitor, mails[0], base)
    send_due(mail_settings)
    mailbox.new()

    def at(moment: str) -> None:
        env = {"INSTANCE_PATH": str(mail_settings.instance_path),
               "SECRET_KEY": mail_settings.secret_key, "BASE_URL": base,
               "DATABASE_URL": mail_settings.database_url, "MAIL_BACKEND": "smtp",
               "MAIL_HOST": mail_settings.mail_host, "MAIL_PORT": str(mail_settings.mail_port),
               "MAIL_FROM": mail_settings.mail_from}
        result = CliRunner().invoke(main, ["send-due", "--now", moment], env=env)
        assert result.exit_code == 0, result.output

    day_before = (DAY - timedelta(days=1)).isoformat()
    at(f"{day_before}T08:59")
    assert mailbox.new() == {}
    at(f"{day_before}T09:00")
    reminders = mailbox.new()
    assert sorted(reminders) == sorted(PEOPLE[:2])
    assert all("Stadhuis" in str(mail.get_body(("plain",)).get_content())  # type: ignore[union-attr]
               for [mail] in reminders.values())
    came = registration(site, PEOPLE[0])
    post_form(coordinator, f"/activities/{public_id}/aanwezig", {"present": str(came.id)})
    at(f"{DAY.isoformat()}T21:00")
    feedback = mailbox.new()
    assert list(feedback) == [PEOPLE[0]]
    [invite] = feedback[PEOPLE[0]]
    assert f"/feedback/{public_id}" in links(invite, base)
    before = snapshot(database)
    for mail in mailbox.all:
        for path in links(mail, base):
            for client in (site.test_client(), coordinator):
                assert client.get(path).status_code in (200, 302, 404), path
    assert snapshot(database) == before
