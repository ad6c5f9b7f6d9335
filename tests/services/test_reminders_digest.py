"""The weekly digest: Monday 08:00 local, the coming four weeks, once per subscribed member."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
from sqlalchemy import select

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import OutboxMessage
from calendar_app.services.digest import latest_digest_at
from calendar_app.services.digest import plan_digests
from tests.scheduler.conftest import CREATED
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team


def test_digest_moment_is_monday_eight_local_across_the_clock_change(settings: Settings) -> None:
    # Monday 30 March 2026 is the first Monday after the spring change: 08:00 CEST = 06:00 UTC.
    day, moment = latest_digest_at(settings, datetime(2026, 4, 1, 12, tzinfo=UTC))
    assert day == date(2026, 3, 30)
    assert moment == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)


def test_one_digest_per_subscribed_member_with_their_activities(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=2, mode="digest")
    make_activity(database, team, date(2030, 7, 20), title="Zomerfeest")
    now = datetime(2030, 7, 15, 6, 30, tzinfo=UTC)  # Monday 08:30 in Amsterdam
    with database.transaction() as session:
        assert plan_digests(session, db_settings, now=now) == 2
        assert plan_digests(session, db_settings, now=now) == 0
    with database.session() as session:
        rows = list(session.scalars(select(OutboxMessage)))
    assert {row.recipient_email for row in rows} == set(team.emails)
    items = rows[0].payload["context"]["items"]
    assert [item["title"] for item in items] == ["Zomerfeest"]
    assert rows[0].payload["context"]["period_end"] == "2030-08-11"


def test_members_on_individual_reminders_get_no_digest(database: Database,
                                                       db_settings: Settings) -> None:
    make_team(database, members=2)  # mode "individual", the default
    with database.transaction() as session:
        assert plan_digests(session, db_settings,
                            now=datetime(2030, 7, 15, 6, 30, tzinfo=UTC)) == 0


@pytest.mark.parametrize(("lead", "in_digest"), [(5, False), (6, True)])
def test_the_digest_leaves_out_what_an_individual_reminder_says_that_day(
        database: Database, db_settings: Settings, lead: int, in_digest: bool) -> None:
    """A member with individual reminders from Zuid and the digest from Oost: Koningsdag
    (Saturday 27 April 2030) is in Zuid's reminder on Monday 22 April with a lead of 5
    days, so Monday's digest leaves it out; with 6 days it is in the digest."""
    from calendar_app.catalogue import load_file
    from calendar_app.models import Membership
    from calendar_app.services.catalogue_sync import sync_catalogue
    from tests.conftest import ROOT

    with database.transaction() as session:
        sync_catalogue(session, load_file(ROOT / "tests/data/events_small.yaml"), now=CREATED)
    zuid = make_team(database, members=1, lead_days=(lead,), covers="observances")
    oost = make_team(database, members=0, slug="oost")
    with database.transaction() as session:
        session.add(Membership(user_id=zuid.user_ids[0], workgroup_id=oost.workgroup_id,
                               role="member", reminder_mode="digest", created_at=CREATED))
    with database.transaction() as session:
        assert plan_digests(session, db_settings,
                            now=datetime(2030, 4, 22, 6, 30, tzinfo=UTC)) == 1
    with database.session() as session:
        [row] = list(session.scalars(select(OutboxMessage)))
    titles = [item["title"] for item in row.payload["context"]["items"]]
    assert ("Koningsdag" in titles) is in_digest
