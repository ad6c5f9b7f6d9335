"""The year plan: observances and activities per quarter; what the public poster shows."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from calendar_app.services import planning
from calendar_app.services.errors import ServiceError
from tests.factories import load_catalogue
from tests.factories import make_activity
from tests.factories import make_workgroup

ZONE = ZoneInfo("Europe/Amsterdam")


def test_activities_fall_in_their_quarter_and_declined_ones_are_left_out(
        session: Session) -> None:
    load_catalogue(session)
    zuid = make_workgroup(session)
    make_activity(session, zuid, title="Q1", on=date(2026, 3, 31))
    make_activity(session, zuid, title="Q2 voorstel", on=date(2026, 4, 1), status="proposed")
    make_activity(session, zuid, title="Geweigerd", on=date(2026, 5, 1), status="declined")
    make_activity(session, zuid, title="Q4 afgelast", on=date(2026, 12, 31), status="cancelled")
    plan = planning.year_plan(session, workgroup=zuid, year=2026, zone=ZONE)
    assert [[row.title for row in quarter.activities] for quarter in plan.quarters] == [
        ["Q1"], ["Q2 voorstel"], [], ["Q4 afgelast"]]
    assert "keti-koti" in [row.key for row in plan.quarters[2].observances]
    assert "idahot" in [row.key for row in plan.quarters[1].observances]


def test_a_timed_activity_belongs_to_its_local_day(session: Session) -> None:
    zuid = make_workgroup(session)
    # 23:30 UTC on 31 December is 00:30 on 1 January in Amsterdam: next year's plan.
    make_activity(session, zuid, title="Nieuwjaarsborrel",
                  start_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
                  end_at=datetime(2027, 1, 1, 1, 0, tzinfo=UTC))
    assert planning.workgroup_activities(session, zuid.id, date(2026, 1, 1),
                                         date(2026, 12, 31), zone=ZONE) == []
    (row,) = planning.workgroup_activities(session, zuid.id, date(2027, 1, 1),
                                           date(2027, 12, 31), zone=ZONE)
    assert row.start == date(2027, 1, 1)


def test_another_workgroups_activities_are_not_in_the_plan(session: Session) -> None:
    zuid = make_workgroup(session)
    oost = make_workgroup(session, slug="oost", name="Oost")
    make_activity(session, oost, title="Oost", on=date(2026, 6, 1))
    plan = planning.year_plan(session, workgroup=zuid, year=2026, zone=ZONE)
    assert all(not quarter.activities for quarter in plan.quarters)


def test_the_poster_shows_published_activities_only(session: Session) -> None:
    load_catalogue(session)
    zuid = make_workgroup(session)
    for title, status in (("Open", "published"), ("Afgelast", "cancelled"),
                          ("Voorstel", "proposed")):
        make_activity(session, zuid, title=title, on=date(2026, 5, 10), status=status)
    items = planning.poster_items(session, date(2026, 5, 1), date(2026, 5, 31), zone=ZONE)
    names = [item.name.nl for item in items]
    assert "Open" in names and "IDAHOT" in names
    assert "Afgelast" not in names and "Voorstel" not in names


@pytest.mark.parametrize(("quarter", "first", "last"), [
    (1, date(2026, 1, 1), date(2026, 3, 31)), (4, date(2026, 10, 1), date(2026, 12, 31))])
def test_quarter_spans(quarter: int, first: date, last: date) -> None:
    assert planning.quarter_span(2026, quarter) == (first, last)


def test_years_outside_the_calendar_are_refused(session: Session) -> None:
    with pytest.raises(ServiceError):
        planning.year_plan(session, workgroup=make_workgroup(session), year=2101, zone=ZONE)
