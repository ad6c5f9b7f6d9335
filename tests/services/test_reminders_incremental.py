"""Incremental planning: a pass plans only what changed or came due since the last one.

Each test plans once (a full pass), changes one thing or lets time move on, and plans
again a little later: what the second pass does is the behaviour under test.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import planning_watermark as watermark
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import set_role
from calendar_app.services.reminder_rules import save_rule
from calendar_app.services.reminder_rules import set_mode
from calendar_app.services.reminders import PlanReport
from calendar_app.services.reminders import plan_reminders
from tests.scheduler.conftest import Team
from tests.scheduler.conftest import make_activity
from tests.scheduler.conftest import make_team

#: 08:00 in Amsterdam on Saturday 13 July 2030; a 2-day reminder for the 15th is due at 09:00.
NOW = datetime(2030, 7, 13, 6, 0, tzinfo=UTC)
EVENT = date(2030, 7, 15)


def plan(database: Database, settings: Settings, now: datetime) -> PlanReport:
    with database.transaction() as session:
        return plan_reminders(session, settings, now=now)


def reminder_rows(database: Database) -> list[tuple[str, str]]:
    with database.session() as session:
        return [(key, state) for key, state in session.execute(
            select(OutboxMessage.dedupe_key, OutboxMessage.state)
            .order_by(OutboxMessage.dedupe_key))]


def change(database: Database, action: Callable[[Session], object]) -> None:
    with database.transaction() as session:
        action(session)


def test_a_pass_right_after_a_full_pass_with_nothing_changed_plans_nothing(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=3)
    make_activity(database, team, EVENT)
    first = plan(database, db_settings, NOW)
    before = reminder_rows(database)
    second = plan(database, db_settings, NOW + timedelta(minutes=5))
    assert (first.mode, first.planned) == ("full", 3)
    assert second == PlanReport(mode="idle")
    assert reminder_rows(database) == before


def _publish_activity(team: Team) -> Callable[[Session], object]:
    def action(session: Session) -> None:
        activity = session.scalars(select(Activity).where(
            Activity.workgroup_id == team.workgroup_id)).one()
        activity.status = "published"
    return action


def _rule_to_two_days(team: Team) -> Callable[[Session], object]:
    def action(session: Session) -> None:
        save_rule(session, session.get_one(Workgroup, team.workgroup_id), major_days=[2],
                  awareness_days=[2], activity_days=[2], send_time="09:00",
                  covers="activities", themes=[], known_themes=[], now=NOW)
    return action


def _mode_to_individual(team: Team) -> Callable[[Session], object]:
    def action(session: Session) -> None:
        for user_id in team.user_ids:
            set_mode(session, session.get_one(User, user_id),
                     session.get_one(Workgroup, team.workgroup_id), mode="individual")
    return action


def _mode_by_statement(team: Team) -> Callable[[Session], object]:
    def action(session: Session) -> None:
        session.execute(update(Membership).where(
            Membership.workgroup_id == team.workgroup_id).values(reminder_mode="individual"))
    return action


def _members_added(team: Team) -> Callable[[Session], object]:
    def action(session: Session) -> None:
        workgroup = session.get_one(Workgroup, team.workgroup_id)
        for number in range(3):
            user = create_user(session, email=f"nieuw{number}@example.org", name="Nieuw",
                               now=NOW)
            set_role(session, user=user, workgroup=workgroup, role="member", now=NOW)
    return action


@pytest.mark.parametrize("setup", [
    # (team options, activity status, the change made after the first pass)
    pytest.param(({}, "proposed", _publish_activity), id="activity published"),
    pytest.param(({"lead_days": (7,)}, "published", _rule_to_two_days), id="rule changed"),
    pytest.param(({"mode": "digest"}, "published", _mode_to_individual), id="mode changed"),
    pytest.param(({"mode": "digest"}, "published", _mode_by_statement),
                 id="mode changed by a statement"),
    pytest.param(({"members": 0}, "published", _members_added), id="members added"),
])
def test_a_change_after_a_pass_is_planned_in_the_next_pass(
        database: Database, db_settings: Settings,
        setup: tuple[dict[str, object], str, Callable[[Team], Callable[[Session], object]]],
) -> None:
    options, status, make_change = setup
    team = make_team(database, **{"members": 3, **options})  # type: ignore[arg-type]
    make_activity(database, team, EVENT, status=status)
    plan(database, db_settings, NOW)
    assert not [key for key, state in reminder_rows(database) if state == "pending"]
    change(database, make_change(team))
    report = plan(database, db_settings, NOW + timedelta(minutes=5))
    assert (report.mode, report.planned) == ("full", 3)
    assert len([key for key, state in reminder_rows(database) if state == "pending"]) == 3


def test_a_send_moment_entering_the_window_is_planned(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=3)
    make_activity(database, team, EVENT + timedelta(days=1))  # due Sunday 14 July, 09:00
    assert plan(database, db_settings, NOW).planned == 0  # plans a day ahead: not yet
    quiet = plan(database, db_settings, NOW + timedelta(minutes=30))
    moved = plan(database, db_settings, NOW + timedelta(hours=1, minutes=5))
    assert quiet.mode == "idle"
    assert (moved.mode, moved.planned) == ("window", 3)
    assert len(reminder_rows(database)) == 3


def test_a_window_pass_leaves_what_the_full_pass_planned_as_it_was(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=2)
    make_activity(database, team, EVENT)
    make_activity(database, team, EVENT + timedelta(days=1), title="Lezing")
    plan(database, db_settings, NOW)
    first = reminder_rows(database)
    report = plan(database, db_settings, NOW + timedelta(hours=1, minutes=5))
    assert report.mode == "window"
    assert (report.planned, report.cancelled) == (2, 0)
    assert set(first) < set(reminder_rows(database))


def test_without_incremental_every_pass_plans_the_whole_window(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=1)
    make_activity(database, team, EVENT)
    plan(database, db_settings, NOW)
    with database.transaction() as session:
        report = plan_reminders(session, db_settings, now=NOW + timedelta(minutes=5),
                                incremental=False)
    assert report.mode == "full"


def test_the_first_pass_of_a_restarted_process_plans_the_whole_window(
        database: Database, db_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    team = make_team(database, members=1)
    make_activity(database, team, EVENT)
    plan(database, db_settings, NOW)
    monkeypatch.setattr(watermark, "_FULL_DONE", weakref.WeakSet())  # a new process
    assert plan(database, db_settings, NOW + timedelta(minutes=5)).mode == "full"


def test_a_changed_grace_window_plans_the_whole_window(
        database: Database, db_settings: Settings) -> None:
    team = make_team(database, members=1)
    make_activity(database, team, EVENT)
    plan(database, db_settings, NOW)
    wider = dataclasses.replace(db_settings, reminder_grace_days=5)
    assert plan(database, wider, NOW + timedelta(minutes=5)).mode == "full"
