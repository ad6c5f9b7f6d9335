"""Recurring activities: the dates a rule makes, a series of activities, "all that follow"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.services import activities as workflow
from calendar_app.services import series
from calendar_app.services.copies import input_of
from calendar_app.services.copies import start_day
from calendar_app.services.errors import ServiceError
from tests.services.test_activities import Cast

ZONE = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
#: A Tuesday: 12 January 2027, 12:00-13:00 Amsterdam time (11:00 UTC in winter).
FIRST = date(2027, 1, 12)


@pytest.fixture
def cast(session: Session) -> Cast:
    return Cast(session)


def _meeting(session: Session, cast: Cast, **changes: object) -> Activity:
    start = datetime(2027, 1, 12, 12, 0, tzinfo=ZONE).astimezone(UTC)
    values: dict[str, object] = {
        "workgroup_id": cast.zuid.id, "title": "Werkgroepoverleg", "start_at": start,
        "end_at": start + timedelta(hours=1), "location": "Stadsloket Zuid",
        "phase": "borging"}
    values.update(changes)
    activity = workflow.propose(session, actor=cast.coordinator,
                                data=workflow.ActivityInput(**values),  # type: ignore[arg-type]
                                now=NOW)
    workflow.publish(session, actor=cast.coordinator, activity=activity, now=NOW)
    return activity


def _fortnightly(skip: tuple[date, ...] = ()) -> series.Recurrence:
    """Ten fortnightly Tuesdays from 12 January 2027 to 18 May 2027."""
    return series.Recurrence("fortnightly", until=date(2027, 5, 18), skip=skip)


def test_every_two_weeks_until_a_date_gives_the_tuesdays() -> None:
    dates = series.rule_dates(FIRST, "fortnightly", date(2027, 5, 18))
    assert len(dates) == 10
    assert dates[1] == date(2027, 1, 26) and dates[-1] == date(2027, 5, 18)


def test_monthly_keeps_the_nth_weekday() -> None:
    # 12 January 2027 is the second Tuesday; so are 9 February and 9 March.
    assert series.rule_dates(FIRST, "monthly", date(2027, 3, 31)) == [
        FIRST, date(2027, 2, 9), date(2027, 3, 9)]


def test_monthly_from_a_fifth_weekday_takes_the_last_one() -> None:
    # 29 January 2027 is the fifth (and last) Friday; February has four.
    assert series.rule_dates(date(2027, 1, 29), "monthly", date(2027, 2, 28)) == [
        date(2027, 1, 29), date(2027, 2, 26)]


def test_a_skipped_date_is_left_out_and_a_moved_one_moves() -> None:
    recurrence = series.Recurrence("weekly", until=date(2027, 2, 2),
                                   skip=(date(2027, 1, 19),),
                                   moves={date(2027, 1, 26): date(2027, 1, 27)})
    assert series.series_dates(FIRST, recurrence) == [
        FIRST, date(2027, 1, 27), date(2027, 2, 2)]


@pytest.mark.parametrize(("recurrence", "field"), [
    (series.Recurrence("weekly", until=date(2027, 1, 1)), "until"),
    (series.Recurrence("weekly", until=date(2101, 1, 1)), "until"),
    (series.Recurrence("daily", until=date(2027, 2, 1)), "frequency"),
    (series.Recurrence("weekly", until=date(2027, 2, 1), skip=(date(2027, 1, 13),)), "skip"),
    (series.Recurrence("weekly", until=date(2027, 2, 1), skip=(FIRST,)), "skip"),
    (series.Recurrence("weekly", until=date(2027, 2, 1),
                       moves={date(2027, 1, 20): date(2027, 1, 21)}), "moves"),
    (series.Recurrence("weekly", until=date(2027, 2, 1),
                       moves={date(2027, 1, 19): date(2027, 1, 26)}), "moves"),
    (series.Recurrence("weekly", until=date(2027, 2, 1),
                       moves={date(2027, 1, 19): date(2150, 1, 1)}), "moves"),
    (series.Recurrence("weekly", until=FIRST), "until"),
    (series.Recurrence("weekly", until=date(2099, 12, 31)), "until"),
])
def test_bad_recurrences_are_refused_naming_the_field(recurrence: series.Recurrence,
                                                      field: str) -> None:
    with pytest.raises(ServiceError) as refused:
        series.series_dates(FIRST, recurrence)
    assert refused.value.field == field


def test_ten_fortnightly_dates_with_one_skipped_make_nine_activities(
        session: Session, cast: Cast) -> None:
    first = _meeting(session, cast)
    made = series.create_series(session, actor=cast.coordinator, activity=first,
                                recurrence=_fortnightly(skip=(date(2027, 3, 9),)),
                                zone=ZONE, now=NOW)
    assert len(made) == 9
    assert made[0] is first
    assert len({row.public_id for row in made}) == 9
    assert {row.series_id for row in made} == {first.series_id} != {None}
    assert date(2027, 3, 9) not in [start_day(row, ZONE) for row in made]
    assert all(row.status == "published" for row in made)


def test_occurrences_keep_the_wall_clock_time_across_the_clock_change(
        session: Session, cast: Cast) -> None:
    first = _meeting(session, cast)
    made = series.create_series(session, actor=cast.coordinator, activity=first,
                                recurrence=_fortnightly(), zone=ZONE, now=NOW)
    for row in made:
        assert row.start_at is not None
        assert row.start_at.astimezone(ZONE).hour == 12  # CET in January, CEST in May


def test_a_members_series_consists_of_proposals(session: Session, cast: Cast) -> None:
    start = datetime(2027, 1, 12, 11, 0, tzinfo=UTC)
    proposal = workflow.propose(session, actor=cast.member, data=workflow.ActivityInput(
        workgroup_id=cast.zuid.id, title="Lunch", start_at=start,
        end_at=start + timedelta(hours=1), location="Stadhuis"), now=NOW)
    made = series.create_series(session, actor=cast.member, activity=proposal,
                                recurrence=_fortnightly(), zone=ZONE, now=NOW)
    assert {row.status for row in made} == {"proposed"}


def test_an_outsider_cannot_repeat(session: Session, cast: Cast) -> None:
    first = _meeting(session, cast)
    with pytest.raises(workflow.PermissionDenied):
        series.create_series(session, actor=cast.other, activity=first,
                             recurrence=_fortnightly(), zone=ZONE, now=NOW)


def test_an_occurrence_cannot_start_a_second_series(session: Session, cast: Cast) -> None:
    first = _meeting(session, cast)
    series.create_series(session, actor=cast.coordinator, activity=first,
                         recurrence=_fortnightly(), zone=ZONE, now=NOW)
    assert not series.may_repeat(cast.coordinator, first)


def test_editing_all_that_follow_from_the_fifth_changes_five_to_nine_only(
        session: Session, cast: Cast) -> None:
    first = _meeting(session, cast)
    made = series.create_series(session, actor=cast.coordinator, activity=first,
                                recurrence=_fortnightly(skip=(date(2027, 3, 9),)),
                                zone=ZONE, now=NOW)
    fifth = made[4]
    data = input_of(fifth)
    assert data.start_at is not None and data.end_at is not None
    changed = replace(data, title="Overleg (nieuwe zaal)", location="Zaal 2",
                      start_at=data.start_at + timedelta(hours=1),
                      end_at=data.end_at + timedelta(hours=1))
    updated = series.update_following(session, actor=cast.coordinator, activity=fifth,
                                      data=changed, zone=ZONE, now=NOW)
    assert [row.id for row in updated] == [row.id for row in made[4:]]
    assert [row.title for row in made] == ["Werkgroepoverleg"] * 4 + ["Overleg (nieuwe zaal)"] * 5
    assert [row.location for row in made[:4]] == ["Stadsloket Zuid"] * 4
    for row in made:
        assert row.start_at is not None
        assert row.start_at.astimezone(ZONE).hour == (13 if row in made[4:] else 12)
    days = [start_day(row, ZONE) for row in made]
    assert days == sorted(days) and len(set(days)) == 9  # each keeps its own date


def test_moving_the_fifth_a_day_moves_the_following_a_day(session: Session, cast: Cast) -> None:
    first = _meeting(session, cast)
    made = series.create_series(session, actor=cast.coordinator, activity=first,
                                recurrence=_fortnightly(), zone=ZONE, now=NOW)
    before = [start_day(row, ZONE) for row in made]
    data = input_of(made[4])
    assert data.start_at is not None and data.end_at is not None
    moved = replace(data, start_at=data.start_at + timedelta(days=1),
                    end_at=data.end_at + timedelta(days=1))
    series.update_following(session, actor=cast.coordinator, activity=made[4], data=moved,
                            zone=ZONE, now=NOW)
    after = [start_day(row, ZONE) for row in made]
    assert after[:4] == before[:4]
    assert after[4:] == [day + timedelta(days=1) for day in before[4:]]


def test_a_cancelled_occurrence_is_left_alone_by_all_that_follow(
        session: Session, cast: Cast) -> None:
    first = _meeting(session, cast)
    made = series.create_series(session, actor=cast.coordinator, activity=first,
                                recurrence=_fortnightly(), zone=ZONE, now=NOW)
    workflow.cancel(session, actor=cast.coordinator, activity=made[6], now=NOW)
    changed = replace(input_of(made[4]), title="Nieuw")
    series.update_following(session, actor=cast.coordinator, activity=made[4], data=changed,
                            zone=ZONE, now=NOW)
    assert made[6].title == "Werkgroepoverleg" and made[7].title == "Nieuw"


def test_a_members_series_sends_no_mail_per_date(session: Session, cast: Cast) -> None:
    start = datetime(2027, 1, 12, 11, 0, tzinfo=UTC)
    proposal = workflow.propose(session, actor=cast.member, data=workflow.ActivityInput(
        workgroup_id=cast.zuid.id, title="Lunch", start_at=start,
        end_at=start + timedelta(hours=1), location="Stadhuis"), now=NOW)
    before = session.scalar(select(func.count()).select_from(OutboxMessage))
    series.create_series(session, actor=cast.member, activity=proposal,
                         recurrence=_fortnightly(), zone=ZONE, now=NOW)
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == before == 1
