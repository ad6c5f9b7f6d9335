"""CSV exports of the year plan and the evaluation report.

Values are machine-readable (ISO dates, amounts with a decimal point, themes joined
by ";") so a spreadsheet or a script reads back exactly what the service computed;
the column names are stable English keys for the same reason. `plan_rows` and
`report_rows` are the rows the CSV holds, so tests can parse the file back and
compare.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from calendar_app.exports.text import PHASES
from calendar_app.exports.text import check_language
from calendar_app.exports.types import Report
from calendar_app.exports.types import YearPlan

PLAN_COLUMNS = ("quarter", "type", "start", "end", "name", "phase", "themes", "status",
                "budget_estimate", "actual_cost", "attendance")
REPORT_COLUMNS = ("section", "item", "measure", "value")


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def safe(text: str) -> str:
    """Free text that a spreadsheet will not run as a formula (CSV injection).

    Titles and anonymous comments are typed by others; "=HYPERLINK(...)" must stay text.
    """
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def plan_rows(plan: YearPlan, language: str = "nl") -> list[dict[str, str]]:
    """One row per observance and activity, quarter by quarter, in date order."""
    check_language(language)
    rows = []
    for quarter in plan.quarters:
        for observance in quarter.observances:
            rows.append({
                "quarter": f"Q{quarter.number}", "type": "observance",
                "start": observance.start.isoformat(), "end": observance.end.isoformat(),
                "name": observance.name.get(language), "phase": "",
                "themes": ";".join(observance.themes), "status": "", "budget_estimate": "",
                "actual_cost": "", "attendance": ""})
        for activity in quarter.activities:
            rows.append({
                "quarter": f"Q{quarter.number}", "type": "activity",
                "start": activity.start.isoformat(), "end": activity.end.isoformat(),
                "name": safe(activity.title), "phase": activity.phase or "",
                "themes": ";".join(activity.themes), "status": activity.status,
                # A co-organised activity's money is the owning workgroup's.
                "budget_estimate": "" if activity.coorganised
                else _amount(activity.budget_estimate),
                "actual_cost": "" if activity.coorganised else _amount(activity.actual_cost),
                "attendance": _text(activity.attendance)})
    return rows


def report_rows(report: Report, language: str = "nl") -> list[dict[str, str]]:
    """The report as (section, item, measure, value) rows: one table for every figure."""
    check_language(language)
    rows: list[tuple[str, str, str, object]] = [
        ("period", "", "first", report.first.isoformat()),
        ("period", "", "last", report.last.isoformat()),
        ("totals", "", "held", len(report.held)),
        ("totals", "", "cancelled", report.cancelled),
        ("totals", "", "attendance", report.attendance),
        ("totals", "", "attendance_recorded", report.attendance_recorded),
        ("totals", "", "responses", report.responses),
        ("budget", "", "budgeted", _amount(report.budgeted)),
        ("budget", "", "estimated", _amount(report.estimated)),
        ("budget", "", "spent", _amount(report.spent)),
    ]
    rows += [("phase", phase, "activities", count) for phase, count in report.per_phase]
    rows += [("theme", theme, "activities", count) for theme, count in report.per_theme]
    for month in report.per_month:
        rows += [("month", month.month.strftime("%Y-%m"), phase, count)
                 for phase, count in zip(PHASES, month.counts, strict=True)]
    for row in report.held:
        item = safe(f"{row.activity.start.isoformat()} {row.activity.title}")
        rows += [("activity", item, "phase", row.activity.phase or ""),
                 ("activity", item, "attendance", _text(row.activity.attendance)),
                 ("activity", item, "budget_estimate", _amount(row.activity.budget_estimate)),
                 ("activity", item, "actual_cost", _amount(row.activity.actual_cost)),
                 ("activity", item, "responses", row.responses)]
    for question in report.questions:
        name = question.text.get(language)
        rows += [("question", name, "answers", question.count),
                 ("question", name, "mean", _amount(question.mean)),
                 ("question", name, "spread", _amount(question.spread))]
        rows += [("question", name, f"rated_{rating}", count)
                 for rating, count in enumerate(question.distribution, start=1)]
    rows += [("comment", safe(comment.activity), comment.submitted_on.isoformat(),
              safe(comment.text))
             for comment in report.comments]
    rows += [("missed", observance.name.get(language), "date", observance.start.isoformat())
             for observance in report.missed]
    return [dict(zip(REPORT_COLUMNS, (section, item, measure, _text(value)), strict=True))
            for section, item, measure, value in rows]


def to_csv(columns: Sequence[str], rows: list[dict[str, str]]) -> str:
    """RFC 4180 CSV (CRLF line ends, quoted where needed) with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def plan_csv(plan: YearPlan, language: str = "nl") -> str:
    return to_csv(PLAN_COLUMNS, plan_rows(plan, language))


def report_csv(report: Report, language: str = "nl") -> str:
    return to_csv(REPORT_COLUMNS, report_rows(report, language))
