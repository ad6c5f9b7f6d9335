"""Planning pages over HTTP: who sees what, the budget form, evaluation, downloads, posters."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import select

from calendar_app.models import Activity
from calendar_app.models import Workgroup
from calendar_app.models import YearBudget
from tests.factories import make_activity
from tests.web.accounts_data import catalogue
from tests.web.accounts_data import database
from tests.web.accounts_data import log_in
from tests.web.accounts_data import people

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def seeded(app: Flask) -> str:
    """People, the catalogue, and two published activities of zuid in 2026."""
    people(app)
    catalogue(app)
    with database(app).transaction() as session:
        zuid = session.scalars(select(Workgroup).where(Workgroup.slug == "zuid")).one()
        make_activity(session, zuid, title="Lunchlezing", on=date(2026, 4, 10),
                      phase="bewustwording", budget_estimate=Decimal("20000.00"))
        activity = make_activity(session, zuid, title="IDAHOT-borrel", on=date(2026, 5, 17),
                                 phase="toerusting", budget_estimate=Decimal("10000.01"))
        return activity.public_id


def _as(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert log_in(client, email).status_code == 302
    return client


def _post(client: FlaskClient, url: str, data: dict[str, str], page: str | None = None):  # type: ignore[no-untyped-def]
    match = TOKEN.search(client.get(page or url).get_data(as_text=True))
    assert match, f"no CSRF token on {page or url}"
    return client.post(url, data={**data, "csrf_token": match.group(1)})


def test_a_member_reads_the_year_plan(app: Flask, seeded: str) -> None:
    body = _as(app, "member@example.org").get("/planning/zuid/2026").get_data(as_text=True)
    assert "Jaarplanning 2026" in body
    assert "IDAHOT-borrel" in body and "Keti Koti" in body
    assert "€\u00a010.000,01" in body


def test_outsiders_do_not_learn_the_plan_exists(app: Flask, seeded: str) -> None:
    assert _as(app, "oost@example.org").get("/planning/zuid/2026").status_code == 404
    anonymous = app.test_client().get("/planning/zuid/2026")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_coordinator_sets_the_budget_in_dutch_notation_and_sees_the_warning(
        app: Flask, seeded: str) -> None:
    client = _as(app, "coord@example.org")
    response = _post(client, "/planning/zuid/2026/budget", {"amount": "30.000,00"})
    assert response.status_code == 302
    with database(app).session() as session:
        assert session.scalars(select(YearBudget.amount)).one() == Decimal("30000.00")
    body = client.get("/planning/zuid/2026/budget").get_data(as_text=True)
    assert "Let op:" in body  # 20000.00 + 10000.01 > 30000.00
    assert "€\u00a030.000,01" in body
    english = client.get("/planning/zuid/2026/budget?lang=en").get_data(as_text=True)
    assert "€30,000.01" in english and "Warning:" in english


def test_a_bad_amount_is_refused_beside_the_field(app: Flask, seeded: str) -> None:
    client = _as(app, "coord@example.org")
    response = _post(client, "/planning/zuid/2026/budget", {"amount": "dertig"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)


def test_a_member_cannot_set_the_budget(app: Flask, seeded: str) -> None:
    client = _as(app, "member@example.org")
    response = _post(client, "/planning/zuid/2026/budget", {"amount": "1"},
                     page="/planning/zuid/2026")
    assert response.status_code == 403


def test_the_coordinator_records_the_evaluation(app: Flask, seeded: str) -> None:
    client = _as(app, "coord@example.org")
    url = f"/planning/activities/{seeded}/evaluation"
    page = client.get(url).get_data(as_text=True)
    assert f"/feedback/{seeded}" in page and "<svg" in page
    response = _post(client, url, {"attendance": "42", "actual_cost": "1.300,25",
                                   "notes": "Volle zaal"})
    assert response.status_code == 302
    with database(app).session() as session:
        activity = session.scalars(select(Activity).where(Activity.public_id == seeded)).one()
        assert (activity.attendance, activity.actual_cost) == (42, Decimal("1300.25"))


def test_the_plan_csv_download_parses(app: Flask, seeded: str) -> None:
    response = _as(app, "member@example.org").get("/planning/zuid/2026.csv")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.get_data().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig")),
                               delimiter=";"))
    titles = [row["Naam"] for row in rows if row["Soort"] == "Activiteit"]
    assert titles == ["Lunchlezing", "IDAHOT-borrel"]


def test_the_plan_csv_in_english_uses_commas(app: Flask, seeded: str) -> None:
    response = _as(app, "member@example.org").get("/planning/zuid/2026.csv?lang=en")
    header = response.get_data().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Quarter,Type,Start,End,Name,")


def test_the_report_page_csv_pdf_and_chart(app: Flask, seeded: str) -> None:
    client = _as(app, "member@example.org")
    page = client.get("/planning/zuid/report?period=2026-Q2")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Evaluatierapport" in body
    assert "Activiteiten per maand en fase" in body and 'alt="Staafdiagram' in body
    query = "from=2026-04-01&to=2026-06-30"
    svg = client.get(f"/planning/zuid/report.svg?{query}")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    pdf = client.get(f"/planning/zuid/report.pdf?{query}")
    assert "IDAHOT-borrel" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/planning/zuid/report.csv?{query}").get_data().decode("utf-8-sig")),
        delimiter=";"))
    assert {"Onderdeel": "Totalen", "Onderwerp": "", "Maat": "Gehouden", "Waarde": "2"} in rows


def test_a_bad_period_says_to_choose_from_the_list(app: Flask, seeded: str) -> None:
    response = _as(app, "member@example.org").get("/planning/zuid/report?period=2026-Q9")
    assert response.status_code == 400
    assert "Kies een kwartaal of halfjaar uit de lijst." in response.get_data(as_text=True)


def test_a_bad_period_shows_no_report(app: Flask, seeded: str) -> None:
    body = _as(app, "member@example.org").get(
        "/planning/zuid/report?period=2026-Q9").get_data(as_text=True)
    assert 'class="period"' not in body and "In het kort" not in body
    assert "report.csv" not in body


@pytest.mark.parametrize(("url", "points"), [
    ("/poster/2026.pdf", (841.89, 1190.55)),
    ("/poster/2026.pdf?quarter=2", (841.89, 1190.55)),
    ("/poster/2026-05.pdf?lang=en", (595.28, 841.89))])
def test_posters_are_public_one_page_pdfs(app: Flask, seeded: str, url: str,
                                          points: tuple[float, float]) -> None:
    response = app.test_client().get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == points
    assert "IDAHOT" in reader.pages[0].extract_text()


def test_the_coordinator_rewrites_the_questionnaire(app: Flask, seeded: str) -> None:
    client = _as(app, "coord@example.org")
    response = _post(client, "/planning/zuid/questions",
                     {"nl-0": "Was het nuttig?", "en-0": "Was it useful?"})
    assert response.status_code == 302
    form = client.get("/planning/zuid/questions").get_data(as_text=True)
    assert 'value="Was het nuttig?"' in form
    assert "Hoe welkom voelde je je?" not in form


def test_the_budget_hint_and_refusal_follow_the_page_language(app: Flask, seeded: str) -> None:
    client = _as(app, "coord@example.org")
    assert "In euro, bijvoorbeeld 30.000,00." in client.get(
        "/planning/zuid/2026/budget").get_data(as_text=True)
    response = _post(client, "/planning/zuid/2026/budget?lang=en", {"amount": "dertig"},
                     page="/planning/zuid/2026/budget")
    assert "Enter an amount from 0 to 10,000,000, for example 30,000.00." in \
        response.get_data(as_text=True)


def test_the_plan_and_report_download_as_excel_with_real_dates(app: Flask, seeded: str) -> None:
    from openpyxl import load_workbook

    client = _as(app, "member@example.org")
    page = client.get("/planning/zuid/2026").get_data(as_text=True)
    assert "Downloaden als Excel" in page and "/planning/zuid/2026.xlsx" in page
    plan = client.get("/planning/zuid/2026.xlsx")
    assert plan.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(plan.data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    idahot = next(row for row in rows if row[4] == "IDAHOT-borrel")
    assert idahot[2].date() == date(2026, 5, 17)  # type: ignore[union-attr]
    report = client.get("/planning/zuid/report.xlsx?from=2026-04-01&to=2026-06-30&lang=en")
    figures = load_workbook(io.BytesIO(report.data)).active
    assert figures is not None
    assert ("Totals", None, "Held", 2) in list(figures.iter_rows(values_only=True))
