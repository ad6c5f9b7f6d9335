"""The report's ratings: an average and its spread with one decimal everywhere, with a
Dutch comma in Dutch ("4,0" and "0,8"), the same figure on the page, in the CSV, the
Excel file and the PDF.

The hand-checked quarter: "Hoe welkom voelde je je?" was rated 5, 3 and 4, so its
average is 4 and its spread (population standard deviation) 0.816...
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from calendar_app.exports import csv as csv_export
from calendar_app.exports.pdf import report_pdf
from calendar_app.exports.xlsx import report_xlsx
from calendar_app.services import reports
from tests.exports.conftest import pdf_text

WELCOME = "Hoe welkom voelde je je?"


def test_the_report_rounds_an_average_and_its_spread_to_one_decimal(
        report: reports.Report) -> None:
    welcome = report.questions[0]
    assert (str(welcome.mean), str(welcome.spread)) == ("4.0", "0.8")


@pytest.mark.parametrize(("language", "separator", "expected"), [
    ("nl", ";", ("4,0", "0,8")), ("en", ",", ("4.0", "0.8"))])
def test_the_csv_has_the_average_and_spread_with_one_decimal(
        report: reports.Report, language: str, separator: str,
        expected: tuple[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(csv_export.report_csv(report, language), newline=""),
                           delimiter=separator))
    name = report.questions[0].text.get(language)
    figures = [value for _section, item, _measure, value in rows[1:] if item == name]
    assert tuple(figures[1:3]) == expected  # answers, average, spread, then 1..5


def test_the_excel_file_holds_the_average_and_spread_as_numbers_shown_with_one_decimal(
        report: reports.Report) -> None:
    sheet = load_workbook(io.BytesIO(report_xlsx(report, "nl"))).active
    assert sheet is not None
    cells = [row[3] for row in sheet.iter_rows(min_row=2) if row[1].value == WELCOME]
    assert [(Decimal(str(cell.value)), cell.number_format) for cell in cells[1:3]] == [
        (Decimal("4.0"), "0.0"), (Decimal("0.8"), "0.0")]


def test_the_pdf_shows_the_spread_with_one_decimal(report: reports.Report) -> None:
    words = " ".join(pdf_text(report_pdf(report, "nl")).split())
    assert f"{WELCOME} 3 4,0 0,8 " in words
    assert "0,82" not in words
