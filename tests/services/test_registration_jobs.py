"""What the scheduler does for registrations: updates, cancellations, reminders, feedback,
retention; and check-in ticks as the attendance of the evaluation report."""

from __future__ import annotations

import dataclasses
from datetime import date
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import Registration
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import checkin
from calendar_app.services import registrations as reg
from calendar_app.services.registration_jobs import plan_registrations
from calendar_app.services.reports import evaluation_report
from tests.services.test_registrations import NOW
from tests.services.test_registrations import START
from tests.services.test_registrations import confirmed
from tests.services.test_registrations import open_activity

AFTER = START + timedelta(hours=3)


def keys(session: Session, prefix: str) -> list[str]:
    return list(session.scalars(select(OutboxMessage.dedupe_key).where(
        OutboxMessage.dedupe_key.like(f"{prefix}:%")).order_by(OutboxMessage.id)))


def admin(session: Session) -> User:
    return session.scalars(select(User).where(User.is_admin.is_(True))).first()  # type: ignore[return-value]


def test_a_time_change_sends_one_update_per_confirmed(session: Session,
                                                      settings: Settings) -> None:
    activity = open_activity(session, capacity=1)
    first = confirmed(session, settings, activity, "a@example.org")
    confirmed(session, settings, activity, "b@example.org")  # waiting: no invitation
    activity.start_at = START + timedelta(hours=1)
    activity.end_at = START + timedelta(hours=3)
    activity.sequence += 1
    assert plan_registrations(session, settings, now=NOW).updated == 1
    assert plan_registrations(session, settings, now=NOW).updated == 0  # exactly once
    requests = keys(session, "reg-request")
    assert requests == [f"reg-request:{first.id}:{first.nonce[:8]}:0",
                        f"reg-request:{first.id}:{first.nonce[:8]}:1"]


def test_a_description_edit_sends_no_update(session: Session, settings: Settings) -> None:
    activity = open_activity(session)
    confirmed(session, settings, activity, "a@example.org")
    activity.description, activity.sequence = "Nieuw", activity.sequence + 1
    assert plan_registrations(session, settings, now=NOW).updated == 0


def test_a_cancelled_activity_cancels_each_invitation_once(session: Session,
                                                          settings: Settings) -> None:
    activity = open_activity(session, capacity=1)
    confirmed(session, settings, activity, "a@example.org")
    confirmed(session, settings, activity, "b@example.org")
    activity.status, activity.sequence = "cancelled", activity.sequence + 1
    assert plan_registrations(session, settings, now=NOW).cancelled == 2
    assert plan_registrations(session, settings, now=NOW).cancelled == 0
    rows = session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like("reg-cancel:%"))).all()
    # The confirmed registrant gets METHOD:CANCEL; the waiting one only the news.
    assert {row.recipient_email: row.payload.get("ics_method") for row in rows} == {
        "a@example.org": "CANCEL", "b@example.org": None}


def test_the_reminder_goes_the_day_before_at_the_send_time(session: Session,
                                                          settings: Settings) -> None:
    activity = open_activity(session)
    confirmed(session, settings, activity, "a@example.org")
    early = START - timedelta(days=3)
    assert keys(session, "reg-reminder") == []
    plan_registrations(session, settings, now=early)
    assert keys(session, "reg-reminder") == []
    plan_registrations(session, settings, now=START - timedelta(days=2))
    [row] = session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like("reg-reminder:%"))).all()
    local = row.due_at.astimezone(settings.zone)
    assert (local.date(), local.strftime("%H:%M")) == (date(2026, 6, 19), "09:00")


def test_after_the_activity_only_attendees_are_invited_to_feedback(
        session: Session, settings: Settings) -> None:
    activity = open_activity(session)
    came = confirmed(session, settings, activity, "came@example.org")
    confirmed(session, settings, activity, "absent@example.org")
    checkin.tick(session, actor=admin(session), activity=activity, registration=came, now=START)
    assert plan_registrations(session, settings, now=AFTER).feedback == 1
    assert plan_registrations(session, settings, now=AFTER).feedback == 0
    [row] = session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like("reg-feedback:%"))).all()
    assert row.recipient_email == "came@example.org"
    assert row.payload["context"]["feedback_url"].endswith(f"/feedback/{activity.public_id}")


def test_personal_data_is_deleted_after_the_retention_period(session: Session,
                                                             settings: Settings) -> None:
    config = dataclasses.replace(settings, registration_retention_days=30)
    activity = open_activity(session, capacity=1)
    for email in ("a@example.org", "b@example.org"):
        confirmed(session, config, activity, email)
    plan_registrations(session, config, now=AFTER + timedelta(days=29))
    assert session.scalar(select(func.count()).select_from(Registration).where(
        Registration.email.is_not(None))) == 2
    assert plan_registrations(session, config, now=AFTER + timedelta(days=31)).purged == 2
    rows = session.scalars(select(Registration)).all()
    assert {(row.name, row.email, row.token_hash) for row in rows} == {("", None, None)}
    assert reg.counts(session, activity.id) == {"confirmed": 1, "waitlisted": 1,
                                                "checked_in": 0}
    mails = session.scalars(select(OutboxMessage)).all()
    assert mails and all(row.recipient_email == "" and row.payload == {} for row in mails)
    assert "a@example.org" not in repr([(row.dedupe_key, row.last_error) for row in mails])


def test_check_in_ticks_are_the_attendance_in_the_quarterly_report(
        session: Session, settings: Settings) -> None:
    activity = open_activity(session, capacity=5)
    people = [confirmed(session, settings, activity, f"p{i}@example.org") for i in range(3)]
    checkin.set_ticks(session, actor=admin(session), activity=activity,
                      ticked={people[0].id, people[2].id}, now=START)
    checkin.add_walk_in(session, actor=admin(session), activity=activity, name="Bram",
                        now=START)
    assert session.get_one(Activity, activity.id).attendance == 3
    workgroup = session.get_one(Workgroup, activity.workgroup_id)
    report = evaluation_report(session, workgroup=workgroup, first=date(2026, 4, 1),
                               last=date(2026, 6, 30), zone=settings.zone)
    assert report.attendance == 3 and report.attendance_recorded == 1
    assert [row.activity.attendance for row in report.held] == [3]


def test_only_organisers_tick(session: Session, settings: Settings) -> None:
    activity = open_activity(session)
    person = confirmed(session, settings, activity, "a@example.org")
    outsider = User(email="x@example.org", name="X", created_at=NOW)
    session.add(outsider)
    session.flush()
    with pytest.raises(reg.PermissionDenied):
        checkin.tick(session, actor=outsider, activity=activity, registration=person,
                     now=START)


def test_reminder_is_not_sent_to_someone_who_cancelled(session: Session,
                                                       settings: Settings) -> None:
    activity = open_activity(session)
    person = confirmed(session, settings, activity, "a@example.org")
    plan_registrations(session, settings, now=START - timedelta(days=2))
    reg.cancel(session, settings, registration=person, activity=activity,
               now=START - timedelta(days=2))
    [row] = session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like("reg-reminder:%"))).all()
    assert row.state == "cancelled"


def test_someone_ticked_after_the_end_is_invited_later(session: Session,
                                                       settings: Settings) -> None:
    activity = open_activity(session)
    late = confirmed(session, settings, activity, "late@example.org")
    assert plan_registrations(session, settings, now=AFTER).feedback == 0
    checkin.tick(session, actor=admin(session), activity=activity, registration=late,
                 now=AFTER + timedelta(hours=12))
    assert plan_registrations(session, settings, now=AFTER + timedelta(hours=13)).feedback == 1
    assert plan_registrations(session, settings, now=AFTER + timedelta(hours=14)).feedback == 0


def test_a_reminder_held_up_past_the_day_is_not_sent(session: Session,
                                                     settings: Settings) -> None:
    from calendar_app.services.send_check import SendCheck

    activity = open_activity(session)
    confirmed(session, settings, activity, "a@example.org")
    plan_registrations(session, settings, now=START - timedelta(days=2))
    [row] = session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like("reg-reminder:%"))).all()
    check = SendCheck(session, settings)
    assert check.reason_too_late(row, now=START - timedelta(hours=1)) is None
    assert "too late" in (check.reason_too_late(row, now=START + timedelta(days=1)) or "")
