"""The evaluation report of a workgroup for a period (a quarter or a half-year).

Figures a manager asks for: what was held per phase, theme and month, how many came,
what participants said (averages with their spread, and the comments), what it cost
against the budget, and which observances passed without any activity. "Held" means
published activities that start in the period; cancelled ones were not held.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from decimal import ROUND_HALF_UP
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.catalogue import Translated
from calendar_app.models import Activity
from calendar_app.models import ActivityEvaluation
from calendar_app.models import FeedbackResponse
from calendar_app.models import Workgroup
from calendar_app.services.budget import NO_PHASE
from calendar_app.services.budget import ZERO
from calendar_app.services.budget import cents
from calendar_app.services.budget import year_budget
from calendar_app.services.errors import ServiceError
from calendar_app.services.feedback import stored_questions
from calendar_app.services.planning import PlanActivity
from calendar_app.services.planning import PlanObservance
from calendar_app.services.planning import check_year
from calendar_app.services.planning import observances_between
from calendar_app.services.planning import quarter_span
from calendar_app.services.planning import workgroup_activities

PHASE_ORDER = ("bewustwording", "toerusting", "borging", NO_PHASE)
PERIOD_PATTERN = re.compile(r"^(\d{4})-(Q[1-4]|H[12])$")
#: Ratings (1..5) are reported with one decimal: "4,0", spread "0,8".
ONE = Decimal("0.1")


def period_span(text: str) -> tuple[date, date]:
    """"2026-Q2" or "2026-H1" as first and last day."""
    match = PERIOD_PATTERN.match(text.strip().upper())
    if match is None:
        raise ServiceError(f"{text!r} is not a period like 2026-Q2 or 2026-H1", field="period")
    year, part = check_year(int(match.group(1))), match.group(2)
    if part.startswith("Q"):
        return quarter_span(year, int(part[1]))
    half = int(part[1])
    return quarter_span(year, 2 * half - 1)[0], quarter_span(year, 2 * half)[1]


def check_period(first: date, last: date) -> None:
    """Two dates in the planning years (year 1 or 9999 overflowed the day arithmetic)."""
    check_year(first.year)
    check_year(last.year)
    if last < first:
        raise ServiceError("the period ends before it starts", field="to")
    if (last - first).days > 366:
        raise ServiceError("a report covers at most a year", field="to")


@dataclass(frozen=True)
class QuestionStats:
    """One question's ratings: count, mean, population standard deviation, 1..5 counts."""

    question_id: int
    text: Translated
    count: int
    mean: Decimal | None
    spread: Decimal | None
    distribution: tuple[int, int, int, int, int]


@dataclass(frozen=True)
class Comment:
    activity: str
    submitted_on: date
    text: str


@dataclass(frozen=True)
class MonthCounts:
    month: date
    #: Held activities per phase key, in PHASE_ORDER.
    counts: tuple[int, ...]


@dataclass(frozen=True)
class ReportActivity:
    activity: PlanActivity
    responses: int
    notes: str


@dataclass(frozen=True)
class Report:
    workgroup_name: str
    workgroup_slug: str
    first: date
    last: date
    held: tuple[ReportActivity, ...]
    cancelled: int
    per_phase: tuple[tuple[str, int], ...]
    per_theme: tuple[tuple[str, int], ...]
    per_month: tuple[MonthCounts, ...]
    attendance: int
    attendance_recorded: int
    responses: int
    questions: tuple[QuestionStats, ...]
    comments: tuple[Comment, ...]
    estimated: Decimal
    spent: Decimal
    #: The year's budget when the period lies within one year, else None.
    budgeted: Decimal | None
    missed: tuple[PlanObservance, ...]
    #: Published activities of the period still to come (after `today`): not held yet.
    upcoming: int = 0


def evaluation_report(session: Session, *, workgroup: Workgroup, first: date, last: date,
                      zone: ZoneInfo, today: date | None = None) -> Report:
    """Everything the report shows for `first`..`last` (inclusive).

    With `today`, a published activity that starts after it is counted as still to
    come, not as held (a report of the running quarter).
    """
    check_period(first, last)
    rows = workgroup_activities(session, workgroup.id, first, last, zone=zone,
                                statuses=("published", "cancelled"))
    published = [row for row in rows if row.status == "published"]
    held = [row for row in published if today is None or row.start <= today]
    responses = _responses(session, [row.public_id for row in held])
    notes = _notes(session, [row.public_id for row in held])
    titles = {row.public_id: row.title for row in held}
    counted = [
        ReportActivity(row, sum(1 for key, _ in responses if key == row.public_id),
                       notes.get(row.public_id, ""))
        for row in held]
    return Report(
        workgroup_name=workgroup.name, workgroup_slug=workgroup.slug, first=first, last=last,
        held=tuple(counted), cancelled=len(rows) - len(published),
        upcoming=len(published) - len(held),
        per_phase=tuple((phase, sum(1 for row in held if (row.phase or NO_PHASE) == phase))
                        for phase in PHASE_ORDER),
        per_theme=_per_theme(held), per_month=_per_month(held, first, last),
        attendance=sum(row.attendance or 0 for row in held),
        attendance_recorded=sum(1 for row in held if row.attendance is not None),
        responses=len(responses),
        questions=_question_stats(session, workgroup.id, [r for _, r in responses]),
        comments=tuple(Comment(titles[key], response.submitted_on, response.comment)
                       for key, response in responses if response.comment),
        estimated=sum((cents(row.budget_estimate) for row in held), ZERO),
        spent=sum((cents(row.actual_cost) for row in rows), ZERO),
        budgeted=year_budget(session, workgroup, first.year) if first.year == last.year
        else None,
        missed=_missed(session, first, last, {row.observance_key for row in held}))


def _responses(session: Session,
               public_ids: list[str]) -> list[tuple[str, FeedbackResponse]]:
    if not public_ids:
        return []
    query = (select(Activity.public_id, FeedbackResponse)
             .join(Activity, FeedbackResponse.activity_id == Activity.id)
             .where(Activity.public_id.in_(public_ids))
             .order_by(FeedbackResponse.submitted_on, FeedbackResponse.id))
    return [(key, response) for key, response in session.execute(query)]


def _notes(session: Session, public_ids: list[str]) -> dict[str, str]:
    if not public_ids:
        return {}
    query = (select(Activity.public_id, ActivityEvaluation.notes)
             .join(Activity, ActivityEvaluation.activity_id == Activity.id)
             .where(Activity.public_id.in_(public_ids)))
    return {key: notes for key, notes in session.execute(query)}


def _per_theme(held: list[PlanActivity]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for row in held:
        for theme in row.themes:
            counts[theme] = counts.get(theme, 0) + 1
    return tuple(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


def months_of(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _per_month(held: list[PlanActivity], first: date,
               last: date) -> tuple[MonthCounts, ...]:
    return tuple(
        MonthCounts(month, tuple(
            sum(1 for row in held if row.start.replace(day=1) == month
                and (row.phase or NO_PHASE) == phase) for phase in PHASE_ORDER))
        for month in months_of(first, last))


def _question_stats(session: Session, workgroup_id: int,
                    responses: list[FeedbackResponse]) -> tuple[QuestionStats, ...]:
    stats = []
    # Stored questions only: a report is a read, and no answers exist before the
    # questionnaire does.
    for question in stored_questions(session, workgroup_id):
        values = [int(response.ratings[str(question.id)]) for response in responses
                  if str(question.id) in (response.ratings or {})]
        stats.append(QuestionStats(
            question.id, Translated(question.text_nl, question.text_en), len(values),
            (Decimal(sum(values)) / len(values)).quantize(ONE, ROUND_HALF_UP) if values else None,
            _one(statistics.pstdev(values)) if values else None,
            tuple(values.count(rating) for rating in range(1, 6))))  # type: ignore[arg-type]
    return tuple(stats)


def _one(value: float) -> Decimal:
    """Rounded once, here, so the page and every export show the same figure."""
    return Decimal(repr(value)).quantize(ONE, rounding=ROUND_HALF_UP)


def _missed(session: Session, first: date, last: date,
            linked: set[str | None]) -> tuple[PlanObservance, ...]:
    """Observances starting in the period with no held activity linked to them."""
    return tuple(row for row in observances_between(session, first, last)
                 if row.key not in linked)
