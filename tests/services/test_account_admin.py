"""Administrators' changes to accounts and memberships: mail stops, history stays,
invitations are pending until accepted, and every change is in the audit trail."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

import pytest
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import ActivityChange
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import account_admin
from calendar_app.services.accounts import record_login
from calendar_app.services.errors import ServiceError
from calendar_app.services.invitations import Links
from calendar_app.services.invitations import invite
from calendar_app.services.outbox import enqueue
from tests.web.accounts_data import people
from tests.web.admin_data import pending_reminders
from tests.web.admin_data import upcoming_activity

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LINKS = Links(secret_key="x" * 32, base_url="https://kalender.example")


def _user(session, email: str) -> User:  # type: ignore[no-untyped-def]
    return session.scalars(select(User).where(User.email == email)).one()


def _zuid(session) -> Workgroup:  # type: ignore[no-untyped-def]
    return session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()


def test_a_deactivated_member_gets_no_reminders_and_a_reactivated_one_does(
        database: Database, db_settings: Settings) -> None:
    people(database)
    day = upcoming_activity(database)
    assert pending_reminders(database, db_settings, "member@example.org", day) == 1
    with database.transaction() as session:
        stopped = account_admin.deactivate(session, _user(session, "member@example.org"),
                                           actor=_user(session, "admin@example.org"), now=NOW)
    assert stopped == 1
    assert pending_reminders(database, db_settings, "member@example.org", day) == 0
    with database.transaction() as session:
        account_admin.reactivate(session, _user(session, "member@example.org"),
                                 actor=_user(session, "admin@example.org"), now=NOW)
    assert pending_reminders(database, db_settings, "member@example.org", day) == 1


def test_deactivating_skips_other_waiting_mail_and_keeps_the_account(
        database: Database) -> None:
    people(database)
    with database.transaction() as session:
        member = _user(session, "member@example.org")
        enqueue(session, dedupe_key="password-reset:x", kind="password-reset",
                recipient_email=member.email, recipient_id=member.id, lang="nl",
                payload={}, now=NOW)
        account_admin.deactivate(session, member, actor=_user(session, "admin@example.org"),
                                 now=NOW)
    with database.session() as session:
        row = session.scalars(select(OutboxMessage)).one()
        assert (row.state, row.last_error) == ("skipped", "the recipient's account is deactivated")
        member = _user(session, "member@example.org")
        assert not member.is_active and [m.role for m in member.memberships] == ["member"]


def test_nobody_deactivates_themselves_or_takes_their_own_admin_right(
        database: Database) -> None:
    people(database)
    with database.transaction() as session:
        admin = _user(session, "admin@example.org")
        with pytest.raises(ServiceError):
            account_admin.deactivate(session, admin, actor=admin, now=NOW)
        with pytest.raises(ServiceError):
            account_admin.set_admin(session, admin, is_admin=False, actor=admin, now=NOW)


def test_a_removed_member_gets_no_more_reminders_from_the_workgroup(
        database: Database, db_settings: Settings) -> None:
    people(database)
    day = upcoming_activity(database)
    assert pending_reminders(database, db_settings, "member@example.org", day) == 1
    with database.transaction() as session:
        account_admin.remove_member(session, _user(session, "member@example.org"),
                                    _zuid(session), actor=_user(session, "admin@example.org"),
                                    now=NOW)
    assert pending_reminders(database, db_settings, "member@example.org", day) == 0
    with database.session() as session:
        row = session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient_email == "member@example.org")).one()
        assert row.state == "cancelled" and "left the workgroup" in row.last_error


def test_an_invitee_is_pending_without_role_or_reminders_until_accepting(
        database: Database, db_settings: Settings) -> None:
    people(database)
    day = upcoming_activity(database)
    with database.transaction() as session:
        user = invite(session, workgroup=_zuid(session), email="new@example.org", name="Nina",
                      role="member", lang="nl", inviter=_user(session, "coord@example.org"),
                      links=LINKS, now=NOW)
        membership = session.scalars(select(Membership).where(
            Membership.user_id == user.id)).one()
        assert membership.pending and membership.invited_at == NOW
    assert pending_reminders(database, db_settings, "new@example.org", day) == 0
    with database.transaction() as session:
        assert record_login(session, _user(session, "new@example.org"), now=NOW) == 1
    assert pending_reminders(database, db_settings, "new@example.org", day) == 1


def test_account_changes_are_in_the_audit_trail(database: Database) -> None:
    people(database)
    with database.transaction() as session:
        admin = _user(session, "admin@example.org")
        user = account_admin.create_account(
            session, email="Nieuw@Example.org", name="Nieuw", lang="en", is_admin=False,
            workgroup=_zuid(session), role="coordinator", actor=admin, links=LINKS, now=NOW)
        account_admin.change_role(session, user, _zuid(session), role="member", actor=admin,
                                  now=NOW)
        account_admin.set_admin(session, user, is_admin=True, actor=admin, now=NOW)
    with database.session() as session:
        trail = [(c.subject, c.subject_ref, c.action, c.actor_id) for c in
                 session.scalars(select(ActivityChange).order_by(ActivityChange.id))]
        admin_id = _user(session, "admin@example.org").id
        invitation = session.scalars(select(OutboxMessage)).one()
    assert trail == [
        ("membership", "zuid: nieuw@example.org", "invited", admin_id),
        ("account", "nieuw@example.org", "created", admin_id),
        ("membership", "zuid: nieuw@example.org", "role-changed", admin_id),
        ("account", "nieuw@example.org", "made-admin", admin_id)]
    assert (invitation.kind, invitation.recipient_email) == ("invitation", "nieuw@example.org")
