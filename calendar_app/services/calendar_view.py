"""What the calendar shows for a span of days: observances and published activities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from calendar_app.catalogue import between
from calendar_app.services.catalogue_sync import active_specs


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # "observance" or "activity"
    key: str
    name_nl: str
    name_en: str
    start: date
    end: date
    evening_before: bool


def coming_up(session: Session, first: date, last: date) -> list[CalendarItem]:
    """Observances overlapping [first, last], in date order."""
    specs = active_specs(session)
    names = {spec.key: spec.name for spec in specs}
    items = []
    for occurrence in between(specs, first, last):
        if occurrence.start is None or occurrence.end is None:
            continue
        name = names[occurrence.key]
        items.append(CalendarItem(
            kind="observance", key=occurrence.key, name_nl=name.nl, name_en=name.en,
            start=occurrence.start, end=occurrence.end,
            evening_before=occurrence.evening_before))
    return sorted(items, key=lambda item: (item.start, item.key))
