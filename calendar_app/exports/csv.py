"""CSV exports of the year plan and the evaluation report, for Dutch (or English) Excel.

Excel opens a CSV with the separator and number format of the user's locale, so the
file follows the language: Dutch uses ";" between fields, "1.250,50" for amounts and
dd-mm-jjjj for dates; English uses ",", "1250.50" and ISO dates (which English Excel
reads as dates whatever its day/month order).
Dates are written dd-mm-jjjj rather than "17 mei 2027" because Dutch Excel turns
"17-05-2027" into a real, sortable date cell, while "17 mei 2027" stays text. Amounts
carry no currency sign for the same reason: "1.250,50" becomes a number. Headers,
phases, statuses and theme names are words in the file's language, never keys; the
file is UTF-8 with a byte-order mark (added where it is written) so Excel reads the
accents. `plan_rows` and `report_rows` are the rows the CSV holds (keyed by stable
column keys), so tests can parse the file back and compare.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal

from calendar_app.exports.text import LOCALES
from calendar_app.exports.text import PHASES
from calendar_app.exports.text import Rating
from calendar_app.exports.text import average
from calendar_app.exports.text import check_language
from calendar_app.exports.text import label
from calendar_app.exports.text import month_name
from calendar_app.exports.text import theme_list
from calendar_app.exports.types import Report
from calendar_app.exports.types import YearPlan

PLAN_COLUMNS = ("quarter", "type", "start", "end", "name", "phase", "themes", "status",
                "budget_estimate", "actual_cost", "attendance")
REPORT_COLUMNS = ("section", "item", "measure", "value")
SEPARATORS = {"nl": ";", "en": ","}

#: Column headers and the report's section/measure words, the same keys in each language
#: (a test holds them equal, so no key reaches a file untranslated).
WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "quarter": "Kwartaal", "type": "Soort", "start": "Begin", "end": "Einde",
        "name": "Naam", "phase": "Fase", "themes": "Thema's", "status": "Status",
        "budget_estimate": "Raming", "actual_cost": "Werkelijke kosten",
        "attendance": "Opkomst", "section": "Onderdeel", "item": "Onderwerp",
        "measure": "Maat", "value": "Waarde", "observance": "Themadag", "activity": "Activiteit",
        "period": "Periode", "first": "Eerste dag", "last": "Laatste dag",
        "totals": "Totalen", "held": "Gehouden", "cancelled": "Geannuleerd",
        "attendance_recorded": "Opkomst geteld", "responses": "Reacties",
        "budget": "Budget", "budgeted": "Jaarbudget", "estimated": "Geraamd",
        "spent": "Uitgegeven", "activities": "Activiteiten", "month": "Maand",
        "theme": "Thema", "question": "Vraag", "answers": "Antwoorden",
        "mean": "Gemiddelde", "spread": "Spreiding (sd)", "comment": "Opmerking",
        "missed": "Dag zonder activiteit", "date": "Datum", "rated": "Cijfer",
        "email": "E-mail", "dietary": "Dieetwensen", "needs": "Toegankelijkheid",
        "walk_in": "Zonder aanmelding", "checked_in": "Aanwezig",
        "registered_at": "Aangemeld op", "yes": "ja", "no": "nee",
    },
    "en": {
        "quarter": "Quarter", "type": "Type", "start": "Start", "end": "End",
        "name": "Name", "phase": "Phase", "themes": "Themes", "status": "Status",
        "budget_estimate": "Estimate", "actual_cost": "Actual cost",
        "attendance": "Attendance", "section": "Section", "item": "Item",
        "measure": "Measure", "value": "Value", "email": "E-mail", "dietary": "Dietary",
        "needs": "Needs", "walk_in": "Walk-in", "checked_in": "Checked in",
        "registered_at": "Registered at", "observance": "Observance", "activity": "Activity",
        "period": "Period", "first": "First day", "last": "Last day",
        "totals": "Totals", "held": "Held", "cancelled": "Cancelled",
        "attendance_recorded": "Attendance counted", "responses": "Responses",
        "budget": "Budget", "budgeted": "Year budget", "estimated": "Estimated",
        "spent": "Spent", "activities": "Activities", "month": "Month",
        "theme": "Theme", "question": "Question", "answers": "Answers",
        "mean": "Average", "spread": "Spread (sd)", "comment": "Comment",
        "missed": "Observance without an activity", "date": "Date", "rated": "Rated",
        "yes": "yes", "no": "no",
    },
}


def word(language: str, key: str) -> str:
    """A header or value word in the file's language; a word that is no key (a date,
    a phase label) passes through unchanged."""
    return WORDS[check_language(language)].get(key, key)


def amount(value: Decimal | None, language: str) -> str:
    """"1.250,50" (nl) / "1250.50" (en): a number to Excel in that locale; "" for none."""
    if value is None:
        return ""
    if language == "en":
        return f"{value:.2f}"
    return format_decimal(value, format="#,##0.00", locale=LOCALES["nl"])


def day(value: date, language: str) -> str:
    """"17-05-2027" (nl, a date cell in Dutch Excel) / "2027-05-17" (en)."""
    return value.strftime("%d-%m-%Y") if language == "nl" else value.isoformat()


def safe(text: str) -> str:
    """Free text that a spreadsheet will not run as a formula (CSV injection).

    Titles and anonymous comments are typed by others; "=HYPERLINK(...)" must stay text.
    """
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def plan_values(plan: YearPlan, language: str = "nl",
                themes: Mapping[str, str] | None = None) -> list[dict[str, object]]:
    """One row per observance and activity, quarter by quarter, in date order, typed
    (dates as dates, amounts as Decimals) so the CSV and the xlsx file share them.

    `themes` maps theme keys to their names in `language` (the caller reads them from
    the catalogue); a key without a name is written as it is.
    """
    check_language(language)
    names = themes or {}
    rows: list[dict[str, object]] = []
    for quarter in plan.quarters:
        for observance in quarter.observances:
            rows.append({
                "quarter": f"{label(language, 'quarter')} {quarter.number}",
                "type": word(language, "observance"),
                "start": observance.start, "end": observance.end,
                "name": observance.name.get(language), "phase": "",
                "themes": theme_list(observance.themes, names), "status": "",
                "budget_estimate": None, "actual_cost": None, "attendance": None})
        for activity in quarter.activities:
            rows.append({
                "quarter": f"{label(language, 'quarter')} {quarter.number}",
                "type": word(language, "activity"),
                "start": activity.start, "end": activity.end,
                "name": safe(activity.title),
                "phase": label(language, activity.phase) if activity.phase else "",
                "themes": theme_list(activity.themes, names),
                "status": label(language, activity.status),
                # A co-organised activity's money is the owning workgroup's.
                "budget_estimate": None if activity.coorganised else activity.budget_estimate,
                "actual_cost": None if activity.coorganised else activity.actual_cost,
                "attendance": activity.attendance})
    return rows


def cell(value: object, language: str) -> str:
    """A typed value as CSV text in `language`: dates and amounts as Excel reads them."""
    if value is None:
        return ""
    if isinstance(value, date):
        return day(value, language)
    if isinstance(value, Rating):
        return average(value, language)
    if isinstance(value, Decimal):
        return amount(value, language)
    return str(value)


def _rating(value: Decimal | None) -> Rating | None:
    return None if value is None else Rating(value)


def plan_rows(plan: YearPlan, language: str = "nl",
              themes: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """The year plan's rows as the CSV holds them."""
    return [{key: cell(value, language) for key, value in row.items()}
            for row in plan_values(plan, language, themes)]


def report_values(report: Report, language: str = "nl",
                  themes: Mapping[str, str] | None = None) -> list[tuple[str, str, str, object]]:
    """The report as (section, item, measure, value) rows: one table for every figure.

    Values are typed (dates, Decimals, counts) so the CSV and the xlsx file share them.
    """
    check_language(language)
    names = themes or {}
    rows: list[tuple[str, str, str, object]] = [
        ("period", "", "first", report.first),
        ("period", "", "last", report.last),
        ("totals", "", "held", len(report.held)),
        ("totals", "", "cancelled", report.cancelled),
        ("totals", "", "attendance", report.attendance),
        ("totals", "", "attendance_recorded", report.attendance_recorded),
        ("totals", "", "responses", report.responses),
        ("budget", "", "budgeted", report.budgeted),
        ("budget", "", "estimated", report.estimated),
        ("budget", "", "spent", report.spent),
    ]
    rows += [("phase", label(language, phase), "activities", count)
             for phase, count in report.per_phase]
    rows += [("theme", names.get(theme, theme), "activities", count)
             for theme, count in report.per_theme]
    for month in report.per_month:
        rows += [("month", month_name(month.month, language), label(language, phase), count)
                 for phase, count in zip(PHASES, month.counts, strict=True)]
    for row in report.held:
        item = safe(f"{day(row.activity.start, language)} {row.activity.title}")
        phase = row.activity.phase
        rows += [("activity", item, "phase", label(language, phase) if phase else ""),
                 ("activity", item, "attendance", row.activity.attendance),
                 ("activity", item, "budget_estimate", row.activity.budget_estimate),
                 ("activity", item, "actual_cost", row.activity.actual_cost),
                 ("activity", item, "responses", row.responses)]
    for question in report.questions:
        name = question.text.get(language)
        rows += [("question", name, "answers", question.count),
                 ("question", name, "mean", _rating(question.mean)),
                 ("question", name, "spread", _rating(question.spread))]
        rows += [("question", name, f"{word(language, 'rated')} {rating}", count)
                 for rating, count in enumerate(question.distribution, start=1)]
    rows += [("comment", safe(comment.activity), cell(comment.submitted_on, language),
              safe(comment.text))
             for comment in report.comments]
    rows += [("missed", observance.name.get(language), "date", observance.start)
             for observance in report.missed]
    # Words that are not keys (dates, phase labels) pass through `word` unchanged.
    return [(word(language, section), item, word(language, measure), value)
            for section, item, measure, value in rows]


def report_rows(report: Report, language: str = "nl",
                themes: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """The report's rows as the CSV holds them."""
    return [dict(zip(REPORT_COLUMNS, (section, item, measure, cell(value, language)),
                     strict=True))
            for section, item, measure, value in report_values(report, language, themes)]


def to_csv(columns: Sequence[str], rows: list[dict[str, str]], language: str = "nl") -> str:
    """CSV (CRLF line ends, quoted where needed) with a header row in `language`.

    Dutch Excel splits on ";" (its list separator, as "," is the decimal comma); English
    Excel on ",".
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATORS[check_language(language)])
    writer.writerow([word(language, column) for column in columns])
    writer.writerows([row[column] for column in columns] for row in rows)
    return buffer.getvalue()


def plan_csv(plan: YearPlan, language: str = "nl",
             themes: Mapping[str, str] | None = None) -> str:
    return to_csv(PLAN_COLUMNS, plan_rows(plan, language, themes), language)


def report_csv(report: Report, language: str = "nl",
               themes: Mapping[str, str] | None = None) -> str:
    return to_csv(REPORT_COLUMNS, report_rows(report, language, themes), language)
