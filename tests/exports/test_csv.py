"""CSV exports parse back to exactly the rows the exporter meant to write."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from calendar_app.exports import csv as csv_export
from calendar_app.services import planning
from calendar_app.services import reports


def parse(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def test_the_year_plan_csv_parses_back_to_the_same_rows(year_plan: planning.YearPlan) -> None:
    columns, rows = parse(csv_export.plan_csv(year_plan))
    assert columns == list(csv_export.PLAN_COLUMNS)
    assert rows == csv_export.plan_rows(year_plan)
    idahot = next(row for row in rows if row["name"] == "IDAHOT-borrel")
    assert idahot == {
        "quarter": "Q2", "type": "activity", "start": "2026-05-17", "end": "2026-05-17",
        "name": "IDAHOT-borrel", "phase": "toerusting", "themes": "lhbti;gender",
        "status": "published", "budget_estimate": "250.00", "actual_cost": "200.00",
        "attendance": "40"}


def test_the_plan_lists_observances_by_language_and_no_declined_activities(
        year_plan: planning.YearPlan) -> None:
    english = csv_export.plan_rows(year_plan, "en")
    names = {row["name"] for row in english}
    assert "Voorstel" in names  # proposals are part of the workgroup's plan
    assert {row["type"] for row in english} == {"observance", "activity"}
    assert [row["quarter"] for row in english] == sorted(row["quarter"] for row in english)


def test_the_report_csv_parses_back_and_holds_the_hand_checked_figures(
        report: reports.Report) -> None:
    columns, rows = parse(csv_export.report_csv(report))
    assert columns == ["section", "item", "measure", "value"]
    assert rows == csv_export.report_rows(report)
    figures = {(row["section"], row["item"], row["measure"]): row["value"] for row in rows}
    assert figures[("totals", "", "held")] == "4"
    assert figures[("totals", "", "attendance")] == "75"
    assert figures[("budget", "", "spent")] == "395.60"
    assert figures[("month", "2026-04", "borging")] == "1"
    assert figures[("question", "Hoe welkom voelde je je?", "spread")] == "0.82"


def test_free_text_cannot_become_a_spreadsheet_formula(report: reports.Report) -> None:
    comment = replace(report.comments[0], text="=HYPERLINK(\"http://evil\")")
    rows = csv_export.report_rows(replace(report, comments=(comment,)))
    (row,) = [row for row in rows if row["section"] == "comment"]
    assert row["value"] == "'=HYPERLINK(\"http://evil\")"
