"""Organisers' dates entered in the browser, and how they merge with events.yaml.

The merge rule (also in docs/events-format.md and the README): for an observance of
rule kind `announced`, a year with a browser entry takes the browser's dates and
drops every events.yaml date starting in that year; a withdrawn entry drops them and
leaves the year "not announced". Years without a browser entry keep the file's
dates. The merged dates are what the observances table stores, so feeds, pages,
reminders and the date check all see them; `load-events` merges again before
comparing, so a reload never erases a browser entry.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.catalogue import CatalogueError
from calendar_app.catalogue import parse_observance
from calendar_app.models import BrowserDate
from calendar_app.models import Observance
from calendar_app.models import User
from calendar_app.services import audit
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.site import bump_data_version

ANNOUNCED = "announced"


@dataclass(frozen=True)
class Entry:
    """One year's browser entry as the merge needs it (None dates: withdrawn)."""

    year: int
    start: date | None
    end: date | None
    source: str


def merge_record(record: dict[str, Any], entries: list[Entry]) -> dict[str, Any]:
    """`record` (an observance's canonical entry) with `entries` applied by the merge rule.

    Records of other rule kinds come back unchanged; so does one without entries.
    """
    rule = record.get("rule") or {}
    if rule.get("kind") != ANNOUNCED or not entries:
        return record
    years = {entry.year for entry in entries}
    dates = [item for item in rule.get("dates", [])
             if date.fromisoformat(str(item["start"])).year not in years]
    dates += [{"start": entry.start.isoformat(), "end": entry.end.isoformat(),
               "source": entry.source}
              for entry in entries if entry.start is not None and entry.end is not None]
    merged = copy.deepcopy(record)
    merged["rule"]["dates"] = sorted(dates, key=lambda item: str(item["start"]))
    return merged


def entries_by_key(session: Session) -> dict[str, list[Entry]]:
    """Every browser entry, per observance key."""
    found: dict[str, list[Entry]] = {}
    for row in session.scalars(select(BrowserDate).order_by(BrowserDate.year)):
        found.setdefault(row.observance_key, []).append(
            Entry(row.year, row.start_date, row.end_date, row.source_url))
    return found


def announced_observances(session: Session) -> list[Observance]:
    """The observances in force whose dates organisers announce, by Dutch name."""
    rows = session.scalars(select(Observance).where(Observance.retired_at.is_(None))
                           .order_by(Observance.name_nl))
    return [row for row in rows if (row.record.get("rule") or {}).get("kind") == ANNOUNCED]


def observance(session: Session, key: str) -> Observance:
    row = session.scalar(select(Observance).where(Observance.key == key,
                                                  Observance.retired_at.is_(None)))
    if row is None or (row.record.get("rule") or {}).get("kind") != ANNOUNCED:
        raise NotFound(f"no observance {key!r} with announced dates", field="key")
    return row


def entries_of(session: Session, key: str) -> list[BrowserDate]:
    return list(session.scalars(select(BrowserDate).where(BrowserDate.observance_key == key)
                                .order_by(BrowserDate.year)))


def save_dates(session: Session, *, key: str, year: int, start: date | None,
               end: date | None, source_url: str, checked: date, actor: User,
               now: datetime) -> BrowserDate:
    """Add or correct the dates of `key` for `year`; with no dates, withdraw them.

    The observance's stored record is merged again at once, its SEQUENCE raised and
    the data version bumped, so every feed shows the change on its next request.
    """
    row = observance(session, key)
    _check(year, start, end, source_url)
    entry = session.scalar(select(BrowserDate).where(BrowserDate.observance_key == key,
                                                     BrowserDate.year == year))
    before = _as_text(entry)
    if entry is None:
        entry = BrowserDate(observance_key=key, year=year)
        session.add(entry)
    entry.start_date, entry.end_date = start, end
    entry.source_url, entry.checked_date = source_url.strip(), checked
    entry.updated_by_id, entry.updated_at = actor.id, now
    session.flush()
    _apply(session, row, now=now)
    audit.record(session, actor=actor, subject="dates", ref=f"{key} {year}",
                 action="withdrawn" if start is None else ("added" if before is None
                                                           else "corrected"),
                 now=now, details={"dates": [before, _as_text(entry)],
                                   "source": source_url.strip(),
                                   "checked": checked.isoformat()})
    return entry


def _check(year: int, start: date | None, end: date | None, source_url: str) -> None:
    if not 1900 <= year <= 2200:
        raise ServiceError(f"year {year} is out of range", field="year")
    if (start is None) != (end is None):
        raise ServiceError("give both the first and the last day, or neither", field="end")
    if start is not None and end is not None:
        if start.year != year:
            raise ServiceError(f"the first day must be in {year}", field="start")
        if end < start:
            raise ServiceError("the last day is before the first", field="end")
    if not source_url.strip().startswith(("https://", "http://")):
        raise ServiceError("give the address where the organiser published the dates",
                           field="source_url")


def _as_text(entry: BrowserDate | None) -> str | None:
    if entry is None:
        return None
    if entry.start_date is None or entry.end_date is None:
        return "withdrawn"
    return f"{entry.start_date.isoformat()}..{entry.end_date.isoformat()}"


def _apply(session: Session, row: Observance, *, now: datetime) -> None:
    """Store the merged record of `row`; refuse what would leave it without any date.

    Merging the stored (already merged) record again is the same as merging the
    file's: entries are never deleted, so a year once taken by the browser stays so.
    """
    merged = merge_record(row.record, entries_by_key(session).get(row.key, []))
    if not merged["rule"].get("dates"):
        raise ServiceError("at least one date of this observance must remain; correct it "
                           "instead of withdrawing it", field="start")
    try:
        parse_observance(row.key, merged)  # the merged entry must be as valid as the file
    except CatalogueError as exc:  # e.g. a date before the year the observance began
        raise ServiceError("; ".join(problem.message for problem in exc.problems),
                           field="start") from exc
    from calendar_app.services.catalogue_sync import content_hash  # it imports this module

    row.record = merged
    row.content_hash = content_hash(merged)
    row.sequence += 1
    row.updated_at = now
    session.flush()
    bump_data_version(session, now=now)
