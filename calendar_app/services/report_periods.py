"""The periods a workgroup's report can be asked for: every quarter and half-year that
has begun, from the one of the workgroup's first activity to today's.

The report page offers them in its period selector, so a coordinator picks "1e kwartaal
2027" instead of typing 2027-Q1; future periods are left out (nothing to report yet).
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.services.reports import period_span

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
HALVES = ("H1", "H2")


def period_code(first: date, last: date) -> str | None:
    """"2026-Q2" / "2026-H1" when the two days are exactly that period, else None."""
    for part in QUARTERS + HALVES:
        code = f"{first.year}-{part}"
        if period_span(code) == (first, last):
            return code
    return None


def half_to_evaluate(year: int, today: date) -> str:
    """The half-year of plan year `year` to evaluate: the running one in the current
    year, the second of a past year, the first of a year to come ("2026-H2")."""
    if year < today.year or (year == today.year and today.month > 6):
        return f"{year}-H2"
    return f"{year}-H1"


def begun_periods(since: date, today: date, parts: tuple[str, ...]) -> list[str]:
    """The periods of `parts` (quarters or halves) from the one holding `since` to the
    one holding `today`, newest first."""
    codes = [f"{year}-{part}" for year in range(min(since, today).year, today.year + 1)
             for part in parts]
    return [code for code in reversed(codes)
            if period_span(code)[0] <= today and period_span(code)[1] >= min(since, today)]


def first_activity_day(session: Session, workgroup_id: int, zone: ZoneInfo) -> date | None:
    """The local day the workgroup's earliest activity (any status) starts on."""
    day, moment = session.execute(
        select(func.min(Activity.start_date), func.min(Activity.start_at))
        .where(Activity.workgroup_id == workgroup_id)).one()
    if moment is not None:
        local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone).date()
        day = local if day is None else min(day, local)
    return day
