"""What the public calendar shows for a span of days: observances and public activities.

Visibility is enforced here, not in the templates: only published and cancelled
activities ever leave this module, so a proposed or declined one cannot leak onto a
public page by a forgotten `if`. Cancelled ones stay visible (marked) so people who
planned to go learn that it is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement
from sqlalchemy import Row
from sqlalchemy import Select
from sqlalchemy import and_
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from calendar_app.catalogue import ObservanceSpec
from calendar_app.catalogue import Translated
from calendar_app.catalogue import between
from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import Workgroup
from calendar_app.models.activities import PUBLIC_STATUSES
from calendar_app.rules import Occurrence
from calendar_app.services.catalogue_sync import active_specs

KINDS = ("observance", "activity")


@dataclass(frozen=True)
class Filters:
    """List filters as they come from the query string; None means "any"."""

    theme: str | None = None
    kind: str | None = None
    workgroup: str | None = None
    phase: str | None = None

    @property
    def activities_only(self) -> bool:
        """Workgroup and phase belong to activities, so they rule observances out."""
        return self.kind == "activity" or bool(self.workgroup or self.phase)


@dataclass(frozen=True)
class CalendarItem:
    """One row on a public page: an observance occurrence or a public activity.

    Attributes:
        key: the observance key, or the activity's public_id.
        start/end: local calendar days, `end` inclusive.
        start_at/end_at: local times of a timed activity, else None.
        status: the activity status (published/cancelled); "published" for observances.
    """

    kind: str
    key: str
    name: Translated
    start: date
    end: date
    evening_before: bool = False
    themes: tuple[str, ...] = ()
    status: str = "published"
    workgroup: str = ""
    workgroup_slug: str = ""
    phase: str | None = None
    start_at: datetime | None = None
    end_at: datetime | None = None
    observance_key: str | None = None
    index: int = 1

    @property
    def path(self) -> str:
        folder = "observances" if self.kind == "observance" else "activities"
        return f"/{folder}/{self.key}"

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def coming_up(session: Session, first: date, last: date, *,
              zone: ZoneInfo | None = None) -> list[CalendarItem]:
    """Observances and public activities overlapping [first, last], in date order."""
    return items_between(session, first, last, zone=zone or ZoneInfo("Europe/Amsterdam"))


def items_between(session: Session, first: date, last: date, *, zone: ZoneInfo,
                  filters: Filters | None = None) -> list[CalendarItem]:
    """Everything the public calendar shows for `first`..`last`, filtered, in date order."""
    filters = filters or Filters()
    items: list[CalendarItem] = []
    if not filters.activities_only:
        items.extend(_observance_items(session, first, last, filters))
    if filters.kind != "observance":
        items.extend(_activity_items(session, first, last, zone, filters))
    return sorted(items, key=display_order)


def display_order(item: CalendarItem) -> tuple[date, bool, str]:
    """Day by day; on a day the observances first."""
    return (item.start, item.kind != "observance", item.key)


def observance_items(session: Session, first: date, last: date,
                     filters: Filters) -> list[CalendarItem]:
    """The catalogue's occurrences overlapping `first`..`last` (theme filter applied)."""
    return _observance_items(session, first, last, filters)


def public_activities() -> Select[Activity, Workgroup, str]:
    """Public activities with their workgroup and linked observance key (see below)."""
    return _public_activities()


def overlaps(first: date, last: date, zone: ZoneInfo) -> ColumnElement[bool]:
    """SQL condition: the activity touches a local day in `first`..`last`."""
    return _overlaps(first, last, zone)


def _observance_items(session: Session, first: date, last: date,
                      filters: Filters) -> list[CalendarItem]:
    specs = {spec.key: spec for spec in active_specs(session)}
    if filters.theme:
        specs = {key: spec for key, spec in specs.items() if filters.theme in spec.themes}
    return [_observance_item(specs[row.key], row) for row in between(specs, first, last)]


def _observance_item(spec: ObservanceSpec, occurrence: Occurrence) -> CalendarItem:
    assert occurrence.start is not None and occurrence.end is not None
    return CalendarItem(
        kind="observance", key=spec.key, name=spec.name_in(occurrence.year),
        start=occurrence.start, end=occurrence.end, evening_before=occurrence.evening_before,
        themes=spec.themes, index=occurrence.index)


def _activity_items(session: Session, first: date, last: date, zone: ZoneInfo,
                    filters: Filters) -> list[CalendarItem]:
    query = _public_activities().where(_overlaps(first, last, zone))
    if filters.workgroup:
        query = query.where(Workgroup.slug == filters.workgroup)
    if filters.phase:
        query = query.where(Activity.phase == filters.phase)
    items = [activity_item(row, zone) for row in session.execute(query)]
    if filters.theme:
        items = [item for item in items if filters.theme in item.themes]
    return items


def _public_activities() -> Select[Activity, Workgroup, str]:
    """Public activities with their workgroup and linked observance key, in one query.

    The key is None for an activity without an observance (outer join).
    """
    return (
        select(Activity, Workgroup, Observance.key)
        .join(Workgroup, Activity.workgroup_id == Workgroup.id)
        .outerjoin(Observance, Activity.observance_id == Observance.id)
        .where(Activity.status.in_(PUBLIC_STATUSES))
    )


def _overlaps(first: date, last: date, zone: ZoneInfo) -> ColumnElement[bool]:
    """SQL condition: the activity touches a local day in `first`..`last`."""
    first_at = datetime.combine(first, time.min, zone)
    after_at = datetime.combine(last + timedelta(days=1), time.min, zone)
    return or_(
        and_(Activity.all_day.is_(True), Activity.start_date <= last,
             Activity.end_date >= first),
        and_(Activity.all_day.is_(False), Activity.start_at < after_at,
             Activity.end_at >= first_at),
    )


def activity_item(row: Row[Activity, Workgroup, str], zone: ZoneInfo) -> CalendarItem:
    """A public activity (with workgroup and observance key) as a calendar row."""
    activity, workgroup, observance_key = row
    start_at = end_at = None
    if activity.all_day:
        assert activity.start_date is not None and activity.end_date is not None
        start, end = activity.start_date, activity.end_date
    else:
        assert activity.start_at is not None and activity.end_at is not None
        start_at, end_at = activity.start_at.astimezone(zone), activity.end_at.astimezone(zone)
        start, end = start_at.date(), end_at.date()
    return CalendarItem(
        kind="activity", key=activity.public_id,
        name=Translated(activity.title, activity.title), start=start, end=max(start, end),
        themes=tuple(activity.themes or ()), status=activity.status,
        workgroup=workgroup.name, workgroup_slug=workgroup.slug, phase=activity.phase,
        start_at=start_at, end_at=end_at, observance_key=observance_key)


@dataclass(frozen=True)
class PublicActivity:
    """An activity the public may see, with what its page shows beside it."""

    activity: Activity
    workgroup: Workgroup
    observance_key: str | None
    item: CalendarItem


def public_activity(session: Session, public_id: str, *,
                    zone: ZoneInfo) -> PublicActivity | None:
    """The activity with `public_id` if the public may see it, else None (a 404)."""
    row = session.execute(
        _public_activities().where(Activity.public_id == public_id)
        .options(selectinload(Activity.programme))).first()
    if row is None:
        return None
    activity, workgroup, observance_key = row
    return PublicActivity(activity, workgroup, observance_key, activity_item(row, zone))


def observance_spec(session: Session, key: str) -> ObservanceSpec | None:
    """The observance in force with `key`, or None."""
    return next((spec for spec in active_specs(session) if spec.key == key), None)


def observance_dates(spec: ObservanceSpec, first_year: int, years: int = 5) -> list[Occurrence]:
    """Every occurrence for `years` years, undated ones included so pages say why."""
    return spec.occurrences(first_year, first_year + years - 1)


def activities_for_observance(session: Session, key: str, *,
                              zone: ZoneInfo) -> list[CalendarItem]:
    """Public activities linked to observance `key`, newest first."""
    query = _public_activities().where(Observance.key == key)
    items = [activity_item(row, zone) for row in session.execute(query)]
    return sorted(items, key=lambda item: item.start, reverse=True)


def workgroup_choices(session: Session) -> list[tuple[str, str]]:
    """(slug, name) of every workgroup, by name, for the list filter."""
    rows = session.execute(select(Workgroup.slug, Workgroup.name).order_by(Workgroup.name))
    return [(slug, name) for slug, name in rows]
