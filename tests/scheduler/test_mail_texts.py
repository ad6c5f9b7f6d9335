"""The text parts of the account, proposal and registration mails, queued by their
services and composed the way the dispatcher composes an outbox row (`message_for`):
who is greeted, what is said once, and which links are offered."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import OutboxMessage
from calendar_app.services import registration_mail
from calendar_app.services.accounts import create_user
from calendar_app.services.invitations import Links
from calendar_app.services.invitations import queue_invitation
from calendar_app.services.proposal_mail import notify_submitted
from calendar_app.services.reminder_content import ReminderContent
from notifier.compose import compose
from scheduler.dispatch import message_for
from tests.factories import make_activity
from tests.factories import make_workgroup
from tests.services.test_registrations import NOW
from tests.services.test_registrations import confirmed
from tests.services.test_registrations import open_activity


def text_of(session: Session, settings: Settings, kind: str) -> list[str]:
    """The lines of the text part of the one queued mail of `kind`."""
    [row] = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))
    email = compose(message_for(row, settings, ReminderContent(session, settings, NOW)),
                    settings, now=NOW)
    part = email.get_body(("plain",))
    assert part is not None
    return str(part.get_content()).splitlines()


def test_the_invitation_greets_the_invitee_by_name(session: Session,
                                                    settings: Settings) -> None:
    workgroup = make_workgroup(session)
    inviter = create_user(session, email="cas@example.org", name="Cas", now=NOW)
    invitee = create_user(session, email="noor@example.org", name="Noor de Vries", now=NOW)
    queue_invitation(session, user=invitee, workgroup=workgroup, inviter=inviter,
                     links=Links(secret_key="s" * 32, base_url=settings.base_url), now=NOW)
    assert text_of(session, settings, "invitation")[0] == "Beste Noor de Vries,"


def test_the_proposal_mail_says_the_day_once_with_its_label_on_its_own_line(
        session: Session, settings: Settings) -> None:
    workgroup = make_workgroup(session)
    create_user(session, email="cas@example.org", name="Cas", workgroup_slug="zuid",
                role="coordinator", now=NOW)
    proposer = create_user(session, email="mia@example.org", name="Mia",
                           workgroup_slug="zuid", now=NOW)
    start = datetime(2026, 6, 30, 10, 0, tzinfo=UTC)  # 12:00 in Amsterdam
    activity = make_activity(session, workgroup, title="Lunchlezing", status="proposed",
                             start_at=start, end_at=start + timedelta(minutes=90))
    notify_submitted(session, activity, actor=proposer, now=NOW)
    assert "Wanneer: dinsdag 30 juni 2026, 12:00–13:30" in text_of(session, settings,
                                                                   "proposal")


def test_a_cancelled_activity_offers_no_link_to_cancel_the_registration(
        session: Session, settings: Settings) -> None:
    activity = open_activity(session)
    registration = confirmed(session, settings, activity, "anna@example.org")
    session.execute(OutboxMessage.__table__.delete())
    activity.status = "cancelled"
    registration_mail.cancelled(session, settings, registration, activity, now=NOW)
    lines = text_of(session, settings, "registration")
    assert not [line for line in lines if "annuleren" in line or "aanmelden/" in line]
    assert any(line.startswith("Meer informatie: ") for line in lines)
