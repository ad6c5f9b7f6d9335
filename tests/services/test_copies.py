"""Copying an activity to another date: same fields, a new proposal, programme moved along."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.services import activities as workflow
from calendar_app.services import copies
from calendar_app.services import registrations
from calendar_app.services.errors import ServiceError
from tests.services.test_activities import Cast

ZONE = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def cast(session: Session) -> Cast:
    return Cast(session)


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def _synergy_day(session: Session, cast: Cast) -> Activity:
    """A published synergy day on Tuesday 30 June 2026 (summer time) with two sessions."""
    day = date(2026, 6, 30)
    activity = workflow.propose(session, actor=cast.coordinator, data=workflow.ActivityInput(
        workgroup_id=cast.zuid.id, title="Synergiedag", kind="synergy-day",
        description="Over **Keti Koti**", start_at=_local(day, 9), end_at=_local(day, 17),
        location="Stadhuis", phase="toerusting", themes=["racisme"],
        accessibility={"wheelchair": True}, expected_participants=80,
        programme=[workflow.SessionInput("Opening", _local(day, 9), _local(day, 9, 30), "Zaal 1"),
                   workflow.SessionInput("Workshop", _local(day, 10), _local(day, 12),
                                         host="Mia")]), now=NOW)
    workflow.publish(session, actor=cast.coordinator, activity=activity, now=NOW)
    return activity


def test_the_copy_is_a_proposal_by_the_copier_with_the_same_fields(
        session: Session, cast: Cast) -> None:
    original = _synergy_day(session, cast)
    duplicate = copies.copy_activity(session, actor=cast.member, activity=original,
                                     day=date(2027, 1, 12), zone=ZONE, now=NOW)
    assert duplicate.public_id != original.public_id
    assert (duplicate.status, duplicate.created_by_id) == ("proposed", cast.member.id)
    assert duplicate.workgroup_id == original.workgroup_id
    for name in ("title", "kind", "description", "location", "phase", "themes",
                 "accessibility", "expected_participants"):
        assert getattr(duplicate, name) == getattr(original, name), name
    assert duplicate.series_id is None


def test_the_copy_moves_dates_and_programme_keeping_the_clock_times(
        session: Session, cast: Cast) -> None:
    original = _synergy_day(session, cast)
    duplicate = copies.copy_activity(session, actor=cast.member, activity=original,
                                     day=date(2027, 1, 12), zone=ZONE, now=NOW)
    assert duplicate.start_at == _local(date(2027, 1, 12), 9)  # 09:00 in winter time too
    assert duplicate.end_at == _local(date(2027, 1, 12), 17)
    assert [(item.title, item.start_at, item.end_at, item.room, item.host)
            for item in duplicate.programme] == [
        ("Opening", _local(date(2027, 1, 12), 9), _local(date(2027, 1, 12), 9, 30), "Zaal 1", ""),
        ("Workshop", _local(date(2027, 1, 12), 10), _local(date(2027, 1, 12), 12), "", "Mia")]
    assert original.start_at == _local(date(2026, 6, 30), 9)  # the original is untouched


def test_an_all_day_copy_keeps_its_length(session: Session, cast: Cast) -> None:
    original = workflow.propose(session, actor=cast.member, data=workflow.ActivityInput(
        workgroup_id=cast.zuid.id, title="Pride-week", all_day=True,
        start_date=date(2026, 8, 1), end_date=date(2026, 8, 3), location="Zuid"), now=NOW)
    duplicate = copies.copy_activity(session, actor=cast.member, activity=original,
                                     day=date(2027, 7, 31), zone=ZONE, now=NOW)
    assert (duplicate.start_date, duplicate.end_date) == (date(2027, 7, 31), date(2027, 8, 2))


def test_an_outsider_cannot_copy(session: Session, cast: Cast) -> None:
    original = _synergy_day(session, cast)
    with pytest.raises(workflow.PermissionDenied):
        copies.copy_activity(session, actor=cast.other, activity=original,
                             day=date(2027, 1, 12), zone=ZONE, now=NOW)


@pytest.mark.parametrize("day", [date(1949, 12, 31), date(2101, 1, 1)])
def test_a_day_outside_the_planned_years_is_refused(session: Session, cast: Cast,
                                                    day: date) -> None:
    original = _synergy_day(session, cast)
    with pytest.raises(ServiceError) as refused:
        copies.copy_activity(session, actor=cast.member, activity=original, day=day,
                             zone=ZONE, now=NOW)
    assert refused.value.field == "start_date"


def test_moved_to_the_same_day_changes_nothing(session: Session, cast: Cast) -> None:
    original = _synergy_day(session, cast)
    data = copies.input_of(original)
    assert copies.moved_to(data, date(2026, 6, 30), ZONE) == data
    assert copies.moved_to(data, date(2026, 7, 1), ZONE).start_at == \
        original.start_at + timedelta(days=1)  # type: ignore[operator]


def test_the_copy_takes_the_sign_up_settings_with_the_deadline_moved(
        session: Session, cast: Cast) -> None:
    original = _synergy_day(session, cast)
    deadline = _local(date(2026, 6, 27), 0)
    registrations.configure(session, actor=cast.coordinator, activity=original, now=NOW,
                            options=registrations.Options(enabled=True, capacity=40,
                                                          deadline_at=deadline))
    duplicate = copies.copy_activity(session, actor=cast.coordinator, activity=original,
                                     day=date(2027, 1, 12), zone=ZONE, now=NOW)
    row = registrations.settings_of(session, duplicate)
    assert row is not None and (row.enabled, row.capacity) == (True, 40)
    assert row.deadline_at == _local(date(2027, 1, 9), 0)  # three days ahead, as before
