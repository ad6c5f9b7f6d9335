"""`diversity-calendar export poster|plan|report`: the same files as the web, from the CLI."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from calendar_app.cli import main
from calendar_app.config import Settings
from calendar_app.db import Database
from tests.exports.conftest import A3
from tests.exports.conftest import A4
from tests.exports.conftest import page_size
from tests.services.test_reports import seed_quarter


def invoke(db_settings: Settings, *args: str):  # type: ignore[no-untyped-def]
    env = {"INSTANCE_PATH": str(db_settings.instance_path),
           "DATABASE_URL": db_settings.database_url}
    return CliRunner().invoke(main, ["export", *args], env=env, catch_exceptions=False)


def seed(database: Database) -> None:
    with database.transaction() as session:
        seed_quarter(session)


def test_export_poster_writes_one_a3_page(db_settings: Settings, database: Database,
                                          tmp_path: Path) -> None:
    seed(database)
    out = tmp_path / "poster.pdf"
    result = invoke(db_settings, "poster", "--year", "2026", "--quarter", "2", "--lang", "en",
                    "--out", str(out))
    assert result.exit_code == 0, result.output
    assert page_size(out.read_bytes()) == [A3]
    text = PdfReader(out).pages[0].extract_text()
    assert "Diversity calendar 2026, quarter 2" in text and "IDAHOT-borrel" in text
    assert "Keti Koti" not in text  # July is outside the second quarter


def test_export_poster_names_the_themes_in_its_language(db_settings: Settings,
                                                        database: Database,
                                                        tmp_path: Path) -> None:
    seed(database)
    out = tmp_path / "poster.pdf"
    result = invoke(db_settings, "poster", "--year", "2026", "--quarter", "2", "--lang", "en",
                    "--out", str(out))
    assert result.exit_code == 0, result.output
    words = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Themes" in words and "LGBTIQ+" in words and "lhbtiq" not in words


@pytest.mark.parametrize(("language", "title"), [
    ("nl", "Diversiteitskalender mei 2026"), ("en", "Diversity calendar May 2026")])
def test_export_poster_with_a_month_writes_one_a4_page(db_settings: Settings,
                                                       database: Database, tmp_path: Path,
                                                       language: str, title: str) -> None:
    seed(database)
    out = tmp_path / "mei.pdf"
    result = invoke(db_settings, "poster", "--year", "2026", "--month", "5", "--lang",
                    language, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert page_size(out.read_bytes()) == [A4]
    words = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert title in words and "IDAHOT-borrel" in words
    assert "Keti Koti" not in words  # July is not on May's poster


def test_export_poster_takes_a_quarter_or_a_month_not_both(db_settings: Settings,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "poster.pdf"
    result = invoke(db_settings, "poster", "--year", "2026", "--quarter", "2", "--month", "5",
                    "--out", str(out))
    assert result.exit_code == 1
    assert "--quarter or --month" in result.output and not out.exists()


def test_export_plan_csv_parses_back(db_settings: Settings, database: Database,
                                     tmp_path: Path) -> None:
    seed(database)
    out = tmp_path / "plan.csv"
    result = invoke(db_settings, "plan", "--workgroup", "zuid", "--year", "2026",
                    "--format", "csv", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads accents
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [row["Naam"] for row in rows if row["Soort"] == "Activiteit"] == [
        "Lunchlezing", "Oranjeontbijt", "IDAHOT-borrel", "Leesclub", "Afgelast", "Voorstel",
        "Keti Koti"]


def test_export_plan_csv_in_english_uses_commas(db_settings: Settings, database: Database,
                                                tmp_path: Path) -> None:
    seed(database)
    out = tmp_path / "plan.csv"
    result = invoke(db_settings, "plan", "--workgroup", "zuid", "--year", "2026",
                    "--format", "csv", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Quarter,Type,Start,End,Name,")


def test_export_report_pdf_is_a4(db_settings: Settings, database: Database,
                                 tmp_path: Path) -> None:
    seed(database)
    out = tmp_path / "report.pdf"
    result = invoke(db_settings, "report", "--workgroup", "zuid", "--from", "2026-04-01",
                    "--to", "2026-06-30", "--format", "pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert set(page_size(out.read_bytes())) == {A4}


def test_an_unknown_workgroup_is_one_line_and_exit_1(db_settings: Settings, database: Database,
                                                     tmp_path: Path) -> None:
    result = invoke(db_settings, "plan", "--workgroup", "nope", "--year", "2026",
                    "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no workgroup 'nope'"
    assert not (tmp_path / "x.pdf").exists()


def test_a_reversed_period_is_refused(db_settings: Settings, database: Database,
                                      tmp_path: Path) -> None:
    seed(database)
    result = invoke(db_settings, "report", "--workgroup", "zuid", "--from", "2026-06-30",
                    "--to", "2026-04-01", "--format", "csv", "--out", str(tmp_path / "r.csv"))
    assert result.exit_code == 1
    assert result.output.strip() == "Error: the period ends before it starts"


def test_export_plan_xlsx_holds_real_dates_and_numbers(db_settings: Settings,
                                                       database: Database,
                                                       tmp_path: Path) -> None:
    from datetime import date

    from openpyxl import load_workbook

    seed(database)
    out = tmp_path / "plan.xlsx"
    result = invoke(db_settings, "plan", "--workgroup", "zuid", "--year", "2026",
                    "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Kwartaal", "Soort", "Begin")
    idahot = next(row for row in rows if row[4] == "IDAHOT-borrel")
    assert idahot[2].date() == date(2026, 5, 17)  # type: ignore[union-attr]
    assert isinstance(idahot[8], float | int) and idahot[8] == 250
    assert sheet["C2"].number_format == "dd-mm-yyyy"


def test_export_report_xlsx_holds_the_figures(db_settings: Settings, database: Database,
                                              tmp_path: Path) -> None:
    from datetime import date

    from openpyxl import load_workbook

    seed(database)
    out = tmp_path / "report.xlsx"
    result = invoke(db_settings, "report", "--workgroup", "zuid", "--from", "2026-04-01",
                    "--to", "2026-06-30", "--format", "xlsx", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Section", "Item", "Measure", "Value")
    figures = {(row[0], row[2]): row[3] for row in rows if row[1] is None}
    assert isinstance(figures[("Totals", "Held")], int)
    assert isinstance(figures[("Budget", "Spent")], float | int)
    assert figures[("Period", "First day")].date() == date(2026, 4, 1)  # type: ignore[union-attr]


def test_the_plan_pdf_calls_a_cancelled_activity_geannuleerd_as_the_plan_page_does(
        db_settings: Settings, database: Database, tmp_path: Path) -> None:
    seed(database)
    out = tmp_path / "plan.pdf"
    result = invoke(db_settings, "plan", "--workgroup", "zuid", "--year", "2026",
                    "--format", "pdf", "--out", str(out))
    assert result.exit_code == 0, result.output
    words = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Geannuleerd" in words


def test_the_plan_csv_calls_a_cancelled_activity_geannuleerd(
        db_settings: Settings, database: Database, tmp_path: Path) -> None:
    seed(database)
    out = tmp_path / "plan.csv"
    invoke(db_settings, "plan", "--workgroup", "zuid", "--year", "2026", "--format", "csv",
           "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert [row["Status"] for row in rows if row["Naam"] == "Afgelast"] == ["Geannuleerd"]
