"""Reminders and digests of a co-organised activity reach both workgroups' members."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import ActivityCoorganiser
from calendar_app.models import OutboxMessage
from calendar_app.services.reminders import plan_reminders
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team


def test_both_workgroups_members_are_reminded_once_each(database: Database,
                                                        db_settings: Settings) -> None:
    zuid = make_team(database, members=2, lead_days=(2,), slug="zuid")
    oost = make_team(database, members=1, lead_days=(2,), slug="oost")
    alone = make_team(database, members=1, lead_days=(2,), slug="west")
    activity_id = make_activity(database, zuid, date(2030, 7, 15))
    with database.transaction() as session:
        session.add(ActivityCoorganiser(activity_id=activity_id, workgroup_id=oost.workgroup_id))
    with database.transaction() as session:
        plan_reminders(session, db_settings, now=datetime(2030, 7, 13, 6, 0, tzinfo=UTC))
    with database.session() as session:
        recipients = sorted(session.scalars(select(OutboxMessage.recipient_email)
                                            .where(OutboxMessage.kind == "reminder")))
    assert recipients == sorted([*zuid.emails, *oost.emails])
    assert not set(alone.emails) & set(recipients)
