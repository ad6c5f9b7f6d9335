"""Nobody waits on a proposal: through the web, the outbox, dispatch and a real SMTP server.

A member proposes → every coordinator of that workgroup gets one mail naming it, nobody
else; a decline needs a reason, which reaches the proposer; the proposer's rework goes
back to the coordinators.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from email.message import EmailMessage

import pytest
from flask import Flask
from flask.testing import FlaskClient

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.services.accounts import create_user
from scheduler.jobs import dispatch
from tests.smtp_server import SmtpTestServer
from tests.web.accounts_data import NOW
from tests.web.accounts_data import PASSWORD
from tests.web.accounts_data import activity_data
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form
from tests.web.accounts_data import workgroup_id

COORDINATORS = ("coord@example.org", "coord2@example.org")


@pytest.fixture
def mail_app(mail_settings: Settings, database: Database) -> Flask:
    from calendar_app.web import create_app

    application = create_app(mail_settings)
    application.config.update(TESTING=True)
    people(database)  # zuid: member + coordinator; oost: a coordinator; an admin
    with database.transaction() as session:
        create_user(session, email="coord2@example.org", name="Cor Tweede",
                    workgroup_slug="zuid", role="coordinator", password=PASSWORD, now=NOW)
        create_user(session, email="member2@example.org", name="Max Tweede",
                    workgroup_slug="zuid", role="member", password=PASSWORD, now=NOW)
    yield application
    application.extensions["database"].dispose()


def _client(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    log_in(client, email)
    return client


def _send(database: Database, settings: Settings) -> None:
    dispatch(database, settings, lambda: datetime.now(UTC))


def _body(email: EmailMessage) -> str:
    part = email.get_body(("plain",))
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


def _propose(app: Flask, title: str) -> str:
    member = _client(app, "member@example.org")
    data = activity_data(workgroup=str(workgroup_id(app, "zuid")), title=title)
    response = post_form(member, "/activities/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].split("/")[2]


def test_a_proposal_reaches_each_coordinator_once_and_nobody_else(
        mail_app: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    public_id = _propose(mail_app, "Lunchlezing Keti Koti")
    _send(database, mail_settings)
    _send(database, mail_settings)  # a second pass sends nothing again
    assert sorted(smtp_server.recipients()) == sorted(COORDINATORS)
    for received in smtp_server.messages:
        assert "Lunchlezing Keti Koti" in str(received.email["Subject"])
        assert f"{mail_settings.base_url}/activities/{public_id}/review" in _body(received.email)


def test_a_decline_without_a_reason_is_refused_beside_the_field(
        mail_app: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    public_id = _propose(mail_app, "Filmavond")
    coordinator = _client(mail_app, "coord@example.org")
    review = f"/activities/{public_id}/review"
    refused = post_form(coordinator, f"/activities/{public_id}/decline", {"reason": "  "},
                        page=review)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert 'id="reason-error"' in page and 'aria-invalid="true"' in page
    assert "Voorgesteld" in coordinator.get(review).get_data(as_text=True)  # still proposed


def test_a_decline_with_a_reason_reaches_the_proposer(
        mail_app: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    public_id = _propose(mail_app, "Filmavond")
    _send(database, mail_settings)
    smtp_server.reset()
    coordinator = _client(mail_app, "coord@example.org")
    declined = post_form(coordinator, f"/activities/{public_id}/decline",
                         {"reason": "Op die dag is de herdenking; kies een andere datum."},
                         page=f"/activities/{public_id}/review")
    assert declined.status_code == 302
    _send(database, mail_settings)
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("member@example.org",)
    assert "Filmavond" in str(received.email["Subject"])
    assert "Op die dag is de herdenking; kies een andere datum." in _body(received.email)


def test_the_proposers_rework_after_a_decline_goes_back_to_the_coordinators(
        mail_app: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    public_id = _propose(mail_app, "Filmavond")
    coordinator = _client(mail_app, "coord@example.org")
    post_form(coordinator, f"/activities/{public_id}/decline", {"reason": "Te duur."},
              page=f"/activities/{public_id}/review")
    _send(database, mail_settings)
    smtp_server.reset()
    member = _client(mail_app, "member@example.org")
    edit = f"/activities/{public_id}/edit"
    data = activity_data(workgroup=str(workgroup_id(mail_app, "zuid")), title="Filmavond",
                         budget_estimate="80")
    assert post_form(member, edit, data).status_code == 302
    _send(database, mail_settings)
    assert sorted(smtp_server.recipients()) == sorted(COORDINATORS)
    assert all("Opnieuw ingediend" in str(r.email["Subject"]) for r in smtp_server.messages)
    assert "Voorgesteld" in coordinator.get(f"/activities/{public_id}/review").get_data(
        as_text=True)


def test_publishing_tells_the_proposer(
        mail_app: Flask, database: Database, mail_settings: Settings,
        smtp_server: SmtpTestServer) -> None:
    public_id = _propose(mail_app, "Filmavond")
    _send(database, mail_settings)
    smtp_server.reset()
    coordinator = _client(mail_app, "coord@example.org")
    post_form(coordinator, f"/activities/{public_id}/publish", {},
              page=f"/activities/{public_id}/review")
    _send(database, mail_settings)
    [received] = smtp_server.messages
    assert received.rcpt_tos == ("member@example.org",)
    assert f"{mail_settings.base_url}/activities/{public_id}" in _body(received.email)
