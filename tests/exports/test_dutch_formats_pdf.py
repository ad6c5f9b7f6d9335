"""Every PDF the app makes, fetched in Dutch and read back with poppler's `pdftotext`:
Dutch dates and month names, "," as the decimal separator, theme names instead of keys.

The text a reader (or a screen reader) gets out of the file is what counts, so the
check reads the PDFs the way a colleague's PDF viewer does, not ReportLab's input.
The pages and CSV files have the same check in tests/web/test_dutch_formats.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from calendar_app.models import Workgroup
from calendar_app.services import feedback
from tests.exports.conftest import ZONE
from tests.factories import make_activity
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

EVENTS = yaml.safe_load((Path(__file__).resolve().parents[2] / "events.yaml").read_text(
    encoding="utf-8"))
THEME_KEYS = tuple(EVENTS["themes"])
#: Names may use a key as an ordinary word ("Internationale dag tegen racisme"): the
#: key check reads the text without them.
OBSERVANCE_NAMES = sorted((entry["name"]["nl"] for entry in EVENTS["observances"].values()),
                          key=len, reverse=True)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: "4.00", "€ 1250.50", "1,250.50": a point followed by one or two digits ends a number.
POINT_DECIMAL = re.compile(r"(?<![\d.])\d+(?:,\d{3})*\.\d{1,2}(?![\d.])")
THEME_KEY = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, THEME_KEYS)) + r")(?![\w-])")
#: An address is not wording: its dots and digits are not numbers.
URL = re.compile(r"https?://\S+")
DUTCH_MONTHS = re.compile(r"\b(januari|februari|maart|april|mei|juni|juli|augustus|"
                          r"september|oktober|november|december)\b", re.IGNORECASE)
PDFS = {
    "poster-year": "/poster/2026.pdf",
    "poster-quarter": "/poster/2026.pdf?quarter=2",
    "poster-month": "/poster/2026-4.pdf",
    "plan": "/planning/zuid/2026.pdf",
    "report": "/planning/zuid/report.pdf?period=2026-H1",
}

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="pdftotext (poppler-utils) is not installed")


@pytest.fixture
def coordinator(app: Flask) -> FlaskClient:
    """Zuid's coordinator, with an activity that has money, two themes and feedback."""
    people(app)
    catalogue(app)
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        held = make_activity(session, zuid, title="Lunchlezing", on=date(2026, 4, 10),
                             phase="bewustwording", themes=["sociale-veiligheid", "lhbtiq"],
                             budget_estimate=Decimal("1250.50"),
                             actual_cost=Decimal("455.75"), attendance=40)
        first, second, _third = feedback.questionnaire(session, zuid.id)
        for ratings in ({first.id: 5, second.id: 4}, {first.id: 4, second.id: 3}):
            feedback.submit_feedback(session, activity=held, answers=ratings, comment="",
                                     today=date(2026, 4, 10), zone=ZONE)
    client = app.test_client()
    assert log_in(client, "coord@example.org").status_code == 302
    return client


def pdf_words(data: bytes, folder: Path) -> str:
    """The text `pdftotext` reads from `data`, on one line, without addresses."""
    source = folder / "file.pdf"
    source.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    return URL.sub("", " ".join(text.replace("\u00a0", " ").split()))


DutchText = Callable[[str], str]


@pytest.fixture
def dutch_text(coordinator: FlaskClient, tmp_path: Path) -> DutchText:
    """The words of one of the PDFS, fetched in Dutch (the default language)."""
    def read(name: str) -> str:
        response = coordinator.get(PDFS[name])
        assert response.status_code == 200, PDFS[name]
        assert response.mimetype == "application/pdf", PDFS[name]
        return pdf_words(response.get_data(), tmp_path)

    return read


@pytest.mark.parametrize("name", PDFS)
def test_no_iso_date_in_a_dutch_pdf(dutch_text: DutchText, name: str) -> None:
    assert ISO_DATE.findall(dutch_text(name)) == []


@pytest.mark.parametrize("name", PDFS)
def test_no_point_as_decimal_separator_in_a_dutch_pdf(dutch_text: DutchText,
                                                      name: str) -> None:
    assert POINT_DECIMAL.findall(dutch_text(name)) == []


@pytest.mark.parametrize("name", PDFS)
def test_a_dutch_pdf_names_themes_instead_of_printing_their_keys(
        dutch_text: DutchText, name: str) -> None:
    text = dutch_text(name)
    for observance in OBSERVANCE_NAMES:
        text = text.replace(observance, "")
    assert THEME_KEY.findall(text) == []


@pytest.mark.parametrize("name", PDFS)
def test_a_dutch_pdf_writes_dutch_month_names(dutch_text: DutchText, name: str) -> None:
    text = dutch_text(name)
    assert DUTCH_MONTHS.search(text), text[:300]


def test_the_dutch_plan_writes_amounts_and_theme_names_the_dutch_way(
        dutch_text: DutchText) -> None:
    text = dutch_text("plan")
    assert "€ 1.250,50" in text and "€ 455,75" in text
    assert "Sociale veiligheid, LHBTIQ+" in text


def test_the_dutch_report_writes_averages_with_a_comma_and_theme_names(
        dutch_text: DutchText) -> None:
    text = dutch_text("report")
    assert "4,5" in text  # the mean of 5 and 4, one decimal as on the report page
    assert "Sociale veiligheid" in text and "LHBTIQ+" in text


@pytest.mark.parametrize("name", ["poster-year", "poster-quarter", "poster-month"])
def test_a_dutch_poster_has_a_legend_of_theme_names(dutch_text: DutchText,
                                                    name: str) -> None:
    text = dutch_text(name)
    assert "Thema's" in text and "Sociale veiligheid" in text and "LHBTIQ+" in text
