"""The report PDF names its period as the report page does: "Q2 2026 (1 Apr – 30 Jun
2026)" in English, "2e kwartaal 2026 (…)" in Dutch; other ranges by their days."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.exports.pdf import report_pdf
from calendar_app.exports.text import period_name
from calendar_app.services import reports
from tests.exports.conftest import pdf_text


@pytest.mark.parametrize(("language", "heading"), [
    ("en", "Evaluation report Stadsdeel Zuid Q2 2026 (1 Apr – 30 Jun 2026)"),
    ("nl", "Evaluatierapport Stadsdeel Zuid 2e kwartaal 2026 (1 apr – 30 jun 2026)")])
def test_the_report_pdf_names_its_quarter_under_the_title(report: reports.Report,
                                                          language: str, heading: str) -> None:
    words = " ".join(pdf_text(report_pdf(report, language)).split())
    assert words.startswith(heading)


@pytest.mark.parametrize(("first", "last", "english", "dutch"), [
    (date(2027, 1, 1), date(2027, 3, 31), "Q1 2027", "1e kwartaal 2027"),
    (date(2026, 10, 1), date(2026, 12, 31), "Q4 2026", "4e kwartaal 2026"),
    (date(2027, 1, 1), date(2027, 6, 30), "H1 2027", "1e halfjaar 2027"),
    (date(2026, 7, 1), date(2026, 12, 31), "H2 2026", "2e halfjaar 2026")])
def test_a_whole_quarter_or_half_year_has_a_name(first: date, last: date, english: str,
                                                 dutch: str) -> None:
    assert (period_name(first, last, "en"), period_name(first, last, "nl")) == (english, dutch)


@pytest.mark.parametrize(("first", "last"), [
    (date(2026, 5, 1), date(2026, 5, 31)),    # a month
    (date(2026, 2, 1), date(2026, 4, 30)),    # three months, not a quarter
    (date(2026, 4, 1), date(2026, 9, 30)),    # six months, not a half-year
    (date(2026, 4, 2), date(2026, 6, 30)),    # a quarter less its first day
    (date(2026, 1, 1), date(2026, 12, 31))])  # a year
def test_any_other_range_has_no_name(first: date, last: date) -> None:
    assert period_name(first, last, "en") is None
