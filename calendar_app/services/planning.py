"""The year plan ("jaarplanning") of a workgroup, and what a poster shows.

The plan is the workgroup's own working document: it lists proposals and cancelled
activities beside published ones (declined ones are gone), with phase, themes,
status and money, next to the year's observances, per quarter. The poster is public,
so it goes through `calendar_view` and shows published activities only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import and_
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.catalogue import Translated
from calendar_app.catalogue import between
from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import Workgroup
from calendar_app.services import calendar_view
from calendar_app.services.catalogue_sync import active_specs
from calendar_app.services.errors import ServiceError
from calendar_app.services.organisers import organised_by

#: What the workgroup plans with: everything but refused proposals.
PLAN_STATUSES = ("proposed", "published", "cancelled")
FIRST_YEAR = 1950
LAST_YEAR = 2100


@dataclass(frozen=True)
class PlanActivity:
    """One activity as planning and accounting see it; dates are local days."""

    public_id: str
    title: str
    kind: str
    start: date
    end: date
    status: str
    phase: str | None
    themes: tuple[str, ...]
    budget_estimate: Decimal | None
    actual_cost: Decimal | None
    attendance: int | None
    observance_key: str | None
    #: Organised with another workgroup, which keeps it in its own budget.
    coorganised: bool = False


@dataclass(frozen=True)
class PlanObservance:
    key: str
    name: Translated
    start: date
    end: date
    themes: tuple[str, ...]


@dataclass(frozen=True)
class Quarter:
    number: int
    first: date
    last: date
    observances: tuple[PlanObservance, ...]
    activities: tuple[PlanActivity, ...]


@dataclass(frozen=True)
class YearPlan:
    workgroup_name: str
    workgroup_slug: str
    year: int
    quarters: tuple[Quarter, ...]


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}", field="year")
    return year


def quarter_span(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of quarter 1..4 of `year`."""
    if quarter not in (1, 2, 3, 4):
        raise ServiceError(f"quarter {quarter} is not 1, 2, 3 or 4", field="quarter")
    first = date(year, 3 * quarter - 2, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, after - timedelta(days=1)


def workgroup_activities(session: Session, workgroup_id: int, first: date, last: date, *,
                         zone: ZoneInfo, statuses: tuple[str, ...] = PLAN_STATUSES,
                         coorganised: bool = False) -> list[PlanActivity]:
    """Activities of the workgroup that *start* on a local day in `first`..`last`.

    The start decides where an activity is planned and booked, so a two-day event over
    New Year counts once, in the year it begins. With `coorganised`, those another
    workgroup owns and this one co-organises are included (the year plan); without,
    only its own (budget and evaluation stay with the owner).
    """
    first_at = datetime.combine(first - timedelta(days=1), time.min, zone)
    after_at = datetime.combine(last + timedelta(days=2), time.min, zone)
    query = (
        select(Activity, Observance.key)
        .outerjoin(Observance, Activity.observance_id == Observance.id)
        .where(organised_by(workgroup_id) if coorganised
               else Activity.workgroup_id == workgroup_id)
        .where(Activity.status.in_(statuses))
        .where(or_(and_(Activity.all_day.is_(True), Activity.start_date >= first,
                        Activity.start_date <= last),
                   and_(Activity.all_day.is_(False), Activity.start_at >= first_at,
                        Activity.start_at < after_at)))
    )
    rows = [_plan_activity(activity, key, zone, workgroup_id)
            for activity, key in session.execute(query)]
    return sorted((row for row in rows if first <= row.start <= last),
                  key=lambda row: (row.start, row.title, row.public_id))


def _plan_activity(activity: Activity, observance_key: str | None, zone: ZoneInfo,
                   workgroup_id: int) -> PlanActivity:
    if activity.all_day:
        assert activity.start_date is not None and activity.end_date is not None
        start, end = activity.start_date, activity.end_date
    else:
        assert activity.start_at is not None and activity.end_at is not None
        start = activity.start_at.astimezone(zone).date()
        end = activity.end_at.astimezone(zone).date()
    return PlanActivity(
        public_id=activity.public_id, title=activity.title, kind=activity.kind,
        start=start, end=max(start, end), status=activity.status, phase=activity.phase,
        themes=tuple(activity.themes or ()), budget_estimate=activity.budget_estimate,
        actual_cost=activity.actual_cost, attendance=activity.attendance,
        observance_key=observance_key, coorganised=activity.workgroup_id != workgroup_id)


def observances_between(session: Session, first: date, last: date) -> list[PlanObservance]:
    """Dated observance occurrences that *start* in `first`..`last`, in date order."""
    specs = {spec.key: spec for spec in active_specs(session)}
    rows = []
    for occurrence in between(specs, first, last):
        assert occurrence.start is not None and occurrence.end is not None
        if first <= occurrence.start <= last:
            spec = specs[occurrence.key]
            rows.append(PlanObservance(occurrence.key, spec.name_in(occurrence.year),
                                       occurrence.start, occurrence.end, tuple(spec.themes)))
    return rows


def year_plan(session: Session, *, workgroup: Workgroup, year: int,
              zone: ZoneInfo) -> YearPlan:
    """The workgroup's plan for `year`: observances and activities per quarter."""
    check_year(year)
    activities = workgroup_activities(session, workgroup.id, date(year, 1, 1),
                                      date(year, 12, 31), zone=zone, coorganised=True)
    observances = observances_between(session, date(year, 1, 1), date(year, 12, 31))
    quarters = []
    for number in (1, 2, 3, 4):
        first, last = quarter_span(year, number)
        quarters.append(Quarter(
            number, first, last,
            tuple(row for row in observances if first <= row.start <= last),
            tuple(row for row in activities if first <= row.start <= last)))
    return YearPlan(workgroup.name, workgroup.slug, year, tuple(quarters))


def poster_items(session: Session, first: date, last: date, *,
                 zone: ZoneInfo) -> list[calendar_view.CalendarItem]:
    """Public items overlapping `first`..`last`, without cancelled activities.

        A poster hangs for weeks: a cancellation printed on it only confuses.
    """
    items = calendar_view.items_between(session, first, last, zone=zone)
    return [item for item in items if not item.cancelled]
