"""CSV exports open in Dutch Excel as columns, with Dutch words, dates and amounts.

The Dutch file uses ";" (Excel's list separator where "," is the decimal comma),
dd-mm-jjjj dates and "1.250,50" amounts; `en` gives "," and English words. Every file
parses back to exactly the rows the exporter meant to write.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from calendar_app.exports import csv as csv_export
from calendar_app.services import planning
from calendar_app.services import reports
from calendar_app.services.catalogue_sync import active_themes

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
POINT_AMOUNT = re.compile(r"\d\.\d{2}(?!\d)")


@pytest.fixture
def names(seeded: Session) -> dict[str, str]:
    return {key: name.get("nl") for key, name in active_themes(seeded).items()}


def parse(text: str, separator: str = ";") -> tuple[list[str], list[list[str]]]:
    header, *rows = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    return header, rows


def test_the_year_plan_csv_parses_back_to_the_same_rows(
        year_plan: planning.YearPlan, names: dict[str, str]) -> None:
    header, rows = parse(csv_export.plan_csv(year_plan, "nl", names))
    assert header == ["Kwartaal", "Soort", "Begin", "Einde", "Naam", "Fase", "Thema's",
                      "Status", "Raming", "Werkelijke kosten", "Opkomst"]
    expected = csv_export.plan_rows(year_plan, "nl", names)
    assert rows == [[row[column] for column in csv_export.PLAN_COLUMNS] for row in expected]
    idahot = next(row for row in expected if row["name"] == "IDAHOT-borrel")
    assert idahot == {
        "quarter": "Kwartaal 2", "type": "Activiteit", "start": "17-05-2026",
        "end": "17-05-2026", "name": "IDAHOT-borrel", "phase": "Toerusting",
        "themes": f"lhbti, {names['gender']}", "status": "Gepubliceerd",
        "budget_estimate": "250,00", "actual_cost": "200,00", "attendance": "40"}


@pytest.mark.parametrize("export", ["plan", "report"])
def test_the_dutch_csv_has_no_iso_date_point_decimal_or_theme_key(
        year_plan: planning.YearPlan, report: reports.Report, names: dict[str, str],
        export: str) -> None:
    text = (csv_export.plan_csv(year_plan, "nl", names) if export == "plan"
            else csv_export.report_csv(report, "nl", names))
    _header, rows = parse(text)
    cells = [cell for row in rows for cell in row]
    assert all(len(row) == len(rows[0]) > 1 for row in rows)  # ";" splits every row
    assert not [cell for cell in cells if ISO_DATE.search(cell)]
    assert not [cell for cell in cells if POINT_AMOUNT.search(cell)]
    themes = {part for cell in cells for part in cell.split(", ")}
    assert not themes & (set(names) - set(names.values()))


def test_the_plan_lists_observances_by_language_and_no_declined_activities(
        year_plan: planning.YearPlan) -> None:
    english = csv_export.plan_rows(year_plan, "en")
    names = {row["name"] for row in english}
    assert "Voorstel" in names  # proposals are part of the workgroup's plan
    assert {row["type"] for row in english} == {"Observance", "Activity"}
    assert [row["quarter"] for row in english] == sorted(row["quarter"] for row in english)


def test_the_dutch_plan_calls_an_observance_a_themadag(year_plan: planning.YearPlan) -> None:
    assert {row["type"] for row in csv_export.plan_rows(year_plan, "nl")} == {
        "Themadag", "Activiteit"}


def test_the_english_report_says_words_not_keys(
        report: reports.Report, names: dict[str, str]) -> None:
    rows = csv_export.report_rows(report, "en", names)
    words = {row[column] for row in rows for column in ("section", "measure")}
    assert {"Period", "First day", "Held", "Attendance counted", "Rated 5"} <= words
    assert not words & set(csv_export.WORDS["en"]), "a key reached the file"
    assert not [word for word in words if "_" in word]


def test_every_word_has_both_languages() -> None:
    assert set(csv_export.WORDS["en"]) == set(csv_export.WORDS["nl"])


def test_the_english_csv_uses_commas_english_headers_and_points(
        year_plan: planning.YearPlan) -> None:
    header, rows = parse(csv_export.plan_csv(year_plan, "en"), ",")
    assert header[:3] == ["Quarter", "Type", "Start"] and len(header) == 11
    idahot = next(row for row in rows if row[4] == "IDAHOT-borrel")
    assert idahot[2] == "2026-05-17" and idahot[8] == "250.00"


def test_the_report_csv_parses_back_and_holds_the_hand_checked_figures(
        report: reports.Report, names: dict[str, str]) -> None:
    header, rows = parse(csv_export.report_csv(report, "nl", names))
    assert header == ["Onderdeel", "Onderwerp", "Maat", "Waarde"]
    assert rows == [list(row.values()) for row in csv_export.report_rows(report, "nl", names)]
    figures = {(section, item, measure): value for section, item, measure, value in rows}
    assert figures[("Totalen", "", "Gehouden")] == "4"
    assert figures[("Totalen", "", "Opkomst")] == "75"
    assert figures[("Budget", "", "Jaarbudget")] == "30.000,00"
    assert figures[("Budget", "", "Uitgegeven")] == "395,60"
    assert figures[("Maand", "april 2026", "Borging")] == "1"
    assert figures[("Vraag", "Hoe welkom voelde je je?", "Spreiding (sd)")] == "0,8"


def test_free_text_cannot_become_a_spreadsheet_formula(report: reports.Report) -> None:
    comment = replace(report.comments[0], text="=HYPERLINK(\"http://evil\")")
    rows = csv_export.report_rows(replace(report, comments=(comment,)))
    (row,) = [row for row in rows if row["section"] == "Opmerking"]
    assert row["value"] == "'=HYPERLINK(\"http://evil\")"
