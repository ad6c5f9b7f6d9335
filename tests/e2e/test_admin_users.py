"""Accounts in the browser (issue 15): an administrator creates an account, which is
pending until its invitation is accepted; deactivates it (its login then fails with a
clear message and its reminders stop) and reactivates it; removes a member from a
workgroup (reminders to that member stop). Every page passes axe in nl and en."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from tests.e2e.conftest import axe_check
from tests.e2e.conftest import log_in
from tests.e2e.conftest import screenshot
from tests.e2e.conftest import submit
from tests.web.accounts_data import PASSWORD
from tests.web.accounts_data import people
from tests.web.admin_data import pending_reminders
from tests.web.admin_data import upcoming_activity


def _invitation_path(database: Database, email: str) -> str:
    with database.session() as session:
        row = session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "invitation", OutboxMessage.recipient_email == email)
            .order_by(OutboxMessage.id.desc())).first()
    assert row is not None, f"no invitation to {email} in the outbox"
    url = str(row.payload["invite_url"])
    return url[url.index("/invitation/"):]


def _log_out(page) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def _problems(page, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.locator("h1").first.wait_for()  # a click's navigation may still be loading
    assert page.locator("h1").count() == 1, name
    screenshot(page, name)
    return axe_check(page)


def test_create_invite_accept_deactivate_and_reactivate_an_account(  # type: ignore[no-untyped-def]
        page, live_server, database: Database) -> None:
    people(database)
    day = upcoming_activity(database)
    log_in(page, "admin@example.org")
    page.goto("/admin/users/")
    page.fill("#email", "nina@example.org")
    page.fill("#name", "Nina Nieuw")
    page.select_option("#workgroup", "zuid")
    submit(page, "#submit")
    assert page.locator("h1").inner_text() == "Nina Nieuw"
    invitation = page.locator("#membership-zuid .invitation").inner_text()
    assert "Uitnodiging open" in invitation and "de link werkt tot" in invitation, invitation
    assert pending_reminders(database, live_server.settings, "nina@example.org", day) == 0

    _log_out(page)
    page.goto(_invitation_path(database, "nina@example.org"))
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    submit(page, "#submit")
    assert pending_reminders(database, live_server.settings, "nina@example.org", day) == 1

    _log_out(page)
    log_in(page, "admin@example.org")
    page.goto("/admin/users/?q=nina")
    page.click("text=Nina Nieuw")
    assert "geaccepteerd" in page.locator("#membership-zuid .invitation").inner_text()
    page.click("summary:has-text('Account deactiveren')")  # the confirmation opens first
    submit(page, "#toggle-active")
    assert "gedeactiveerd" in page.locator("[role=status]").first.inner_text()
    assert pending_reminders(database, live_server.settings, "nina@example.org", day) == 0

    _log_out(page)
    page.goto("/login")
    page.fill("#email", "nina@example.org")
    page.fill("#password", PASSWORD)
    submit(page, "#submit")
    assert "Dit account is gedeactiveerd" in page.locator(".error-summary").inner_text()

    log_in(page, "admin@example.org")
    page.goto("/admin/users/?active=no")
    page.click("text=Nina Nieuw")
    submit(page, "#toggle-active")
    assert pending_reminders(database, live_server.settings, "nina@example.org", day) == 1
    _log_out(page)
    log_in(page, "nina@example.org")  # waits for the home page: the login worked


def test_an_administrator_removes_a_member_and_its_reminders_stop(  # type: ignore[no-untyped-def]
        page, live_server, database: Database) -> None:
    people(database)
    day = upcoming_activity(database)
    assert pending_reminders(database, live_server.settings, "member@example.org", day) == 1
    log_in(page, "admin@example.org")
    page.goto("/admin/users/?workgroup=zuid&role=member")
    page.click("text=Mia Member")
    page.click("#membership-zuid summary")  # the confirmation opens first
    submit(page, "#remove-zuid")
    assert page.locator("#membership-zuid").count() == 0
    assert pending_reminders(database, live_server.settings, "member@example.org", day) == 0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_account_and_audit_pages_pass_axe(page, database: Database, lang: str) -> None:  # type: ignore[no-untyped-def]
    people(database)
    log_in(page, "admin@example.org")
    problems: dict[str, list[str]] = {}
    page.goto(f"/admin/users/?lang={lang}")
    problems["admin-users"] = _problems(page, f"admin-users-{lang}")
    page.fill("#email", "not an address")
    submit(page, "#submit")
    problems["admin-users-errors"] = _problems(page, f"admin-users-errors-{lang}")
    page.goto(f"/admin/users/?q=mia&lang={lang}")
    page.click("text=Mia Member")
    problems["admin-user"] = _problems(page, f"admin-user-{lang}")
    submit(page, "#toggle-admin")
    page.goto(f"/admin/audit/?lang={lang}")
    assert page.locator("table tbody tr").count() == 1
    problems["admin-audit"] = _problems(page, f"admin-audit-{lang}")
    assert {name: found for name, found in problems.items() if found} == {}
