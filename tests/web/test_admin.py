"""Site administration: only administrators; the outbox with filter, pages and retry;
e-mail previews; the test e-mail; the reminder service's last sign of life."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import OutboxMessage
from calendar_app.services import outbox
from calendar_app.services.heartbeat import record_beat
from notifier.message import KINDS
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people
from tests.web.accounts_data import post_form

ADMIN_PAGES = ("/admin/", "/admin/outbox", "/admin/outbox?state=failed",
               "/admin/mail/reminder/nl", "/admin/mail/test/en.html")


def _row(app: Flask, number: int, state: str, *, kind: str = "invitation",
         error: str = "") -> int:
    """An outbox row in `state`, due `number` minutes after a fixed moment."""
    due = datetime(2026, 3, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=number)
    with database(app).transaction() as session:
        row = outbox.enqueue(session, dedupe_key=f"t:{number}", kind=kind,
                             recipient_email=f"r{number}@example.org", lang="nl",
                             payload={}, now=due)
        row.state = state
        row.attempts = 3 if state == "failed" else 0
        row.last_error = error
        outbox.store_prepared(session, row.id, b"prepared")
        return row.id


def _prepared(app: Flask, row_id: int) -> bytes | None:
    with database(app).session() as session:
        return outbox.prepared_bytes(session, row_id)


def _get(app: Flask, row_id: int) -> OutboxMessage:
    with database(app).session() as session:
        row = session.get(OutboxMessage, row_id)
        assert row is not None
        session.expunge(row)
        return row


def _admin(app: Flask, client: FlaskClient) -> None:
    people(app)
    assert log_in(client, "admin@example.org").status_code == 302


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


@pytest.mark.parametrize("email", [None, "member@example.org", "coord@example.org"])
def test_admin_pages_refuse_everyone_but_administrators(
        app: Flask, client: FlaskClient, email: str | None) -> None:
    """Anonymous visitors are sent to the login page, other users get 403."""
    people(app)
    row_id = _row(app, 1, "failed")
    if email:
        log_in(client, email)
    expected = 403 if email else 302
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == expected, url
    token_page = "/activities/new" if email else "/login"
    response = post_form(client, f"/admin/outbox/{row_id}/retry", {}, page=token_page)
    assert response.status_code == expected
    assert _get(app, row_id).state == "failed"


def test_administrators_open_every_admin_page(app: Flask, client: FlaskClient) -> None:
    _admin(app, client)
    for url in ADMIN_PAGES:
        assert client.get(url).status_code == 200, url


def test_outbox_filters_by_state(app: Flask, client: FlaskClient) -> None:
    _row(app, 1, "failed", error="550 5.1.1 no such user")
    _row(app, 2, "sent")
    _row(app, 3, "skipped", error="not sent within the grace window")
    _admin(app, client)
    failed = _text(client, "/admin/outbox?state=failed")
    assert "r1@example.org" in failed and "550 5.1.1 no such user" in failed
    assert "r2@example.org" not in failed and "r3@example.org" not in failed
    everything = _text(client, "/admin/outbox")
    assert all(f"r{n}@example.org" in everything for n in (1, 2, 3))


def test_an_unknown_state_shows_all_rows(app: Flask, client: FlaskClient) -> None:
    _row(app, 1, "failed")
    _row(app, 2, "sent")
    _admin(app, client)
    page = _text(client, "/admin/outbox?state=bogus")
    assert "r1@example.org" in page and "r2@example.org" in page


def test_outbox_shows_fifty_rows_a_page(app: Flask, client: FlaskClient) -> None:
    for number in range(1, 52):
        _row(app, number, "sent")
    _admin(app, client)
    first = _text(client, "/admin/outbox?lang=en")
    second = _text(client, "/admin/outbox?page=2&lang=en")
    assert first.count('<tr id="row-') == 50 and "page 1 of 2" in first
    assert second.count('<tr id="row-') == 1 and "r1@example.org" in second  # oldest last


def test_retry_puts_a_failed_row_back_to_pending(app: Flask, client: FlaskClient) -> None:
    row_id = _row(app, 1, "failed", error="550 rejected")
    _admin(app, client)
    response = post_form(client, f"/admin/outbox/{row_id}/retry?state=failed", {},
                         page="/admin/outbox?state=failed")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/outbox?state=failed&page=1")
    row = _get(app, row_id)
    assert (row.state, row.attempts, row.last_error) == ("pending", 0, "")
    assert _prepared(app, row_id) is None
    assert row.next_attempt_at > datetime.now(UTC) - timedelta(minutes=5)


def test_retry_moves_a_skipped_reminder_due_to_now(app: Flask, client: FlaskClient) -> None:
    row_id = _row(app, 1, "skipped", kind="reminder", error="beyond the grace window")
    _admin(app, client)
    post_form(client, f"/admin/outbox/{row_id}/retry", {}, page="/admin/")
    row = _get(app, row_id)
    assert row.state == "pending"
    assert row.due_at > datetime.now(UTC) - timedelta(minutes=5)  # not skipped again


@pytest.mark.parametrize("state", ["sent", "pending", "cancelled"])
def test_retry_leaves_other_states_alone(app: Flask, client: FlaskClient, state: str) -> None:
    row_id = _row(app, 1, state)
    _admin(app, client)
    response = post_form(client, f"/admin/outbox/{row_id}/retry", {}, page="/admin/")
    assert response.status_code == 302
    row = _get(app, row_id)
    assert (row.state, _prepared(app, row_id)) == (state, b"prepared")
    assert "Alleen mislukte of overgeslagen berichten" in _text(client, "/admin/outbox")


def test_outbox_page_offers_retry_for_failed_and_skipped_only(
        app: Flask, client: FlaskClient) -> None:
    failed, sent = _row(app, 1, "failed"), _row(app, 2, "sent")
    _admin(app, client)
    page = _text(client, "/admin/outbox")
    assert f"/admin/outbox/{failed}/retry" in page
    assert f"/admin/outbox/{sent}/retry" not in page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_kind_of_email_has_a_preview(app: Flask, client: FlaskClient, lang: str) -> None:
    _admin(app, client)
    subjects = set()
    for kind in KINDS:
        page = _text(client, f"/admin/mail/{kind}/{lang}?lang={lang}")
        assert 'id="text-part"' in page and "Diversiteitskalender" in page
        assert f'src="/admin/mail/{kind}/{lang}.html"' in page
        subject = page.split('<p id="subject"', 1)[1].split("</p>", 1)[0]
        subjects.add(subject)
        html = client.get(f"/admin/mail/{kind}/{lang}.html")
        assert html.status_code == 200 and f'<html lang="{lang}">' in html.get_data(as_text=True)
    assert len(subjects) == len(KINDS)


def test_preview_wording_follows_the_language(app: Flask, client: FlaskClient) -> None:
    _admin(app, client)
    assert "Herinnering: Keti Koti over 14 dagen" in _text(client, "/admin/mail/reminder/nl")
    assert "Reminder: Keti Koti in 14 days" in _text(client, "/admin/mail/reminder/en")


def test_preview_html_is_sandboxed_and_runs_nothing(app: Flask, client: FlaskClient) -> None:
    _admin(app, client)
    response = client.get("/admin/mail/digest/en.html")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script" not in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    page = _text(client, "/admin/mail/digest/en")
    assert 'sandbox=""' in page and "<script" not in page


def test_an_unknown_kind_has_no_preview(app: Flask, client: FlaskClient) -> None:
    _admin(app, client)
    assert client.get("/admin/mail/newsletter/nl").status_code == 404
    assert client.get("/admin/mail/test/de").status_code == 404


def _tests(app: Flask) -> list[OutboxMessage]:
    with database(app).session() as session:
        return list(session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "test")))


def test_test_email_is_queued_as_an_outbox_row(app: Flask, client: FlaskClient) -> None:
    _admin(app, client)
    for _ in range(2):
        response = post_form(client, "/admin/test-email",
                             {"recipient": "Ops@Example.org", "lang": "en"}, page="/admin/")
        assert response.status_code == 302
    rows = _tests(app)
    assert [(row.recipient_email, row.lang, row.state) for row in rows] == [
        ("ops@example.org", "en", "pending")] * 2
    assert len({row.dedupe_key for row in rows}) == 2  # one row per request
    assert "volgende verzendronde" in _text(client, "/admin/outbox?state=pending")


def test_test_email_refuses_a_bad_address(app: Flask, client: FlaskClient) -> None:
    _admin(app, client)
    response = post_form(client, "/admin/test-email?lang=en",
                         {"recipient": "not an address", "lang": "nl"}, page="/admin/")
    assert response.status_code == 400
    assert "Enter an e-mail address like" in response.get_data(as_text=True)
    assert _tests(app) == []


def _beat(app: Flask, minutes_ago: float) -> None:
    with database(app).transaction() as session:
        record_beat(session, "scheduler", now=datetime.now(UTC) - timedelta(minutes=minutes_ago))


def _status(client: FlaskClient) -> str:
    page = _text(client, "/admin/?lang=en")
    return page.split('id="service-status"', 1)[1].split("</p>", 1)[0]


def test_a_fresh_heartbeat_says_when(app: Flask, client: FlaskClient) -> None:
    _beat(app, 2.5)
    _admin(app, client)
    status = _status(client)
    assert "last active 2 minutes ago" in status and "Warning" not in status


def test_a_stale_heartbeat_warns(app: Flask, client: FlaskClient) -> None:
    _beat(app, 45)
    _admin(app, client)
    status = _status(client)
    assert "Warning" in status and "45 minutes ago" in status


def test_a_missing_heartbeat_warns(app: Flask, client: FlaskClient) -> None:
    _admin(app, client)
    status = _status(client)
    assert "Warning" in status and "never reported" in status


def test_the_status_is_dutch_by_default(app: Flask, client: FlaskClient) -> None:
    _beat(app, 1)
    _admin(app, client)
    assert "1 minuut geleden" in _text(client, "/admin/")
