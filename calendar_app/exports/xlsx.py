"""The year plan, the evaluation report and an activity's sign-ups as Excel workbooks
(openpyxl).

Unlike the CSV, where Excel guesses from text, the cells hold real values: dates as
dates (shown dd-mm-jjjj), amounts as numbers (shown "#,##0.00", which Excel displays
as "1.250,50" in a Dutch locale), ratings' averages and spreads as numbers with one
decimal ("0.0": "4,0"), counts as numbers; the header row is bold and
frozen. The rows are the same typed rows the CSV writes (`plan_values`,
`report_values`), in the same language.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font

from calendar_app.exports.csv import PLAN_COLUMNS
from calendar_app.exports.csv import REPORT_COLUMNS
from calendar_app.exports.csv import plan_values
from calendar_app.exports.csv import report_values
from calendar_app.exports.csv import word
from calendar_app.exports.registrations import COLUMNS as REGISTRATION_COLUMNS
from calendar_app.exports.registrations import RegistrationRow
from calendar_app.exports.registrations import registration_values
from calendar_app.exports.text import Rating
from calendar_app.exports.text import label
from calendar_app.exports.types import Report
from calendar_app.exports.types import YearPlan

DATE_FORMAT = "dd-mm-yyyy"
AMOUNT_FORMAT = "#,##0.00"
RATING_FORMAT = "0.0"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"


def _workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]  # Excel's limit for a sheet name
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for values in rows:
        # Excel has no time zones: a local time is written as the wall-clock time it shows.
        sheet.append([value.replace(tzinfo=None) if isinstance(value, datetime) else value
                      for value in values])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, Rating):
                cell.number_format = RATING_FORMAT
            elif isinstance(cell.value, Decimal):
                cell.number_format = AMOUNT_FORMAT
    for column, name in zip(sheet.columns, header, strict=False):
        width = max([len(name), *(len(str(cell.value or "")) for cell in column)])
        sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_xlsx(plan: YearPlan, language: str = "nl",
              themes: Mapping[str, str] | None = None) -> bytes:
    rows = plan_values(plan, language, themes)
    return _workbook(label(language, "year_plan"),
                     [word(language, column) for column in PLAN_COLUMNS],
                     ([row[column] for column in PLAN_COLUMNS] for row in rows))


def report_xlsx(report: Report, language: str = "nl",
                themes: Mapping[str, str] | None = None) -> bytes:
    return _workbook(label(language, "report"),
                     [word(language, column) for column in REPORT_COLUMNS],
                     report_values(report, language, themes))


def registrations_xlsx(rows: Iterable[RegistrationRow], *, zone: ZoneInfo,
                       language: str = "nl") -> bytes:
    """An activity's sign-ups, times as real date-time cells in the calendar's zone."""
    values = registration_values(rows, zone=zone, language=language)
    return _workbook(label(language, "registrations"),
                     [word(language, column) for column in REGISTRATION_COLUMNS],
                     ([row[column] for column in REGISTRATION_COLUMNS] for row in values))
