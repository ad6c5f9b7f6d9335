"""Organisers' dates entered in the browser: the merge rule with events.yaml, audit,
feeds' data version, and `load-events` never erasing them."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.catalogue import load_file
from calendar_app.catalogue import parse_observance
from calendar_app.models import ActivityChange
from calendar_app.models import Observance
from calendar_app.models import User
from calendar_app.rules.occurrence import Status
from calendar_app.services.browser_dates import Entry
from calendar_app.services.browser_dates import merge_record
from calendar_app.services.browser_dates import save_dates
from calendar_app.services.catalogue_sync import sync_catalogue
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.site import data_version
from calendar_app.services.unannounced import unannounced
from tests.web.accounts_data import EVENTS

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
SOURCE = "https://pride.amsterdam/programma-2027"


@pytest.fixture
def admin(session: Session) -> User:
    sync_catalogue(session, load_file(EVENTS), now=NOW)
    user = User(email="admin@example.org", name="Ada", is_admin=True, created_at=NOW)
    session.add(user)
    session.flush()
    return user


def _pride(session: Session, year: int) -> list[tuple[date | None, Status]]:
    row = session.scalars(select(Observance).where(Observance.key == "pride-amsterdam")).one()
    spec = parse_observance(row.key, row.record)
    return [(o.start, o.status) for o in spec.occurrences(year, year)]


def test_a_browser_entry_wins_for_its_year_and_leaves_the_others() -> None:
    record = {"rule": {"kind": "announced", "dates": [
        {"start": "2025-07-26", "end": "2025-08-03", "source": "https://a.example"},
        {"start": "2026-07-25", "end": "2026-08-08", "source": "https://b.example"}]}}
    merged = merge_record(record, [
        Entry(2026, date(2026, 7, 24), date(2026, 8, 9), "https://c.example"),
        Entry(2025, None, None, "https://d.example")])
    assert merged["rule"]["dates"] == [
        {"start": "2026-07-24", "end": "2026-08-09", "source": "https://c.example"}]
    assert record["rule"]["dates"][0]["start"] == "2025-07-26"  # the input is untouched


def test_saved_dates_are_announced_audited_and_bump_the_feeds(
        session: Session, admin: User) -> None:
    before = data_version(session)[0]
    save_dates(session, key="pride-amsterdam", year=2027, start=date(2027, 7, 31),
               end=date(2027, 8, 8), source_url=SOURCE, checked=date(2026, 12, 1),
               actor=admin, now=NOW)
    assert _pride(session, 2027) == [(date(2027, 7, 31), Status.ANNOUNCED)]
    assert data_version(session)[0] > before
    change = session.scalars(select(ActivityChange)).one()
    assert (change.subject, change.subject_ref, change.action) == (
        "dates", "pride-amsterdam 2027", "added")


def test_load_events_keeps_browser_dates(session: Session, admin: User) -> None:
    save_dates(session, key="pride-amsterdam", year=2027, start=date(2027, 7, 31),
               end=date(2027, 8, 8), source_url=SOURCE, checked=date(2026, 12, 1),
               actor=admin, now=NOW)
    report = sync_catalogue(session, load_file(EVENTS), now=NOW)
    assert "pride-amsterdam" not in report.updated
    assert _pride(session, 2027) == [(date(2027, 7, 31), Status.ANNOUNCED)]


def test_withdrawn_dates_leave_the_year_not_announced(session: Session, admin: User) -> None:
    save_dates(session, key="pride-amsterdam", year=2026, start=None, end=None,
               source_url=SOURCE, checked=date(2026, 12, 1), actor=admin, now=NOW)
    assert _pride(session, 2026) == [(None, Status.NOT_ANNOUNCED)]
    sync_catalogue(session, load_file(EVENTS), now=NOW)
    assert _pride(session, 2026) == [(None, Status.NOT_ANNOUNCED)]


@pytest.mark.parametrize(("key", "year", "start", "end", "source"), [
    ("pride-amsterdam", 2027, date(2028, 7, 31), date(2028, 8, 8), SOURCE),  # wrong year
    ("pride-amsterdam", 2027, date(2027, 8, 8), date(2027, 7, 31), SOURCE),  # backwards
    ("pride-amsterdam", 2027, date(2027, 7, 31), None, SOURCE),  # half a span
    ("pride-amsterdam", 2027, date(2027, 7, 31), date(2027, 8, 8), "pride.amsterdam"),
])
def test_bad_dates_are_refused(session: Session, admin: User, key: str, year: int,
                               start: date | None, end: date | None, source: str) -> None:
    with pytest.raises(ServiceError):
        save_dates(session, key=key, year=year, start=start, end=end, source_url=source,
                   checked=date(2026, 12, 1), actor=admin, now=NOW)


def test_only_observances_with_announced_dates_take_browser_dates(
        session: Session, admin: User) -> None:
    with pytest.raises(NotFound):
        save_dates(session, key="keti-koti", year=2027, start=date(2027, 7, 1),
                   end=date(2027, 7, 1), source_url=SOURCE, checked=date(2026, 12, 1),
                   actor=admin, now=NOW)


def test_the_still_to_be_announced_list_loses_an_observance_once_dated(
        session: Session, admin: User) -> None:
    today = date(2026, 12, 1)
    assert "pride-amsterdam" in {item.observance.key
                                 for item in unannounced(session, today=today)}
    save_dates(session, key="pride-amsterdam", year=2027, start=date(2027, 7, 31),
               end=date(2027, 8, 8), source_url=SOURCE, checked=today, actor=admin, now=NOW)
    assert "pride-amsterdam" not in {item.observance.key
                                     for item in unannounced(session, today=today)}


def test_a_date_before_the_observance_began_is_refused(session: Session, admin: User) -> None:
    row = session.scalars(select(Observance).where(Observance.key == "pride-amsterdam")).one()
    since = row.record.get("since")
    year = since - 1 if isinstance(since, int) else 1900
    with pytest.raises(ServiceError):
        save_dates(session, key="pride-amsterdam", year=year, start=date(year, 8, 1),
                   end=date(year, 8, 2), source_url=SOURCE, checked=date(2026, 12, 1),
                   actor=admin, now=NOW)
