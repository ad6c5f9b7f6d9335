"""Year plan and report PDFs: A4, extractable text with the expected names, page 1 as PNG."""

from __future__ import annotations

from calendar_app.exports import pdf
from calendar_app.exports.charts import chart_svg
from calendar_app.services import planning
from calendar_app.services import reports
from tests.exports.conftest import A4
from tests.exports.conftest import page_size
from tests.exports.conftest import pdf_text
from tests.exports.conftest import render_first_page


def test_the_year_plan_is_a4_with_quarters_observances_and_activities(
        year_plan: planning.YearPlan) -> None:
    data = pdf.plan_pdf(year_plan, "nl")
    sizes = page_size(data)
    assert 1 <= len(sizes) <= 4
    assert set(sizes) == {A4}
    text = pdf_text(data)
    for expected in ("Jaarplanning 2026", "Stadsdeel Zuid", "Kwartaal 2", "IDAHOT-borrel",
                     "Lunchlezing", "Keti Koti", "€ 250,00", "Toerusting"):
        assert expected in text.replace("\u00a0", " "), expected
    assert render_first_page(data, "export-year-plan-nl").stat().st_size > 10_000


def test_the_year_plan_shows_an_observance_of_several_days_by_its_span(
        year_plan: planning.YearPlan) -> None:
    text = " ".join(pdf_text(pdf.plan_pdf(year_plan, "nl")).replace("\u00a0", " ").split())
    assert "Ramadan (18 februari – 19 maart 2026)" in text
    assert "Keti Koti (1 juli 2026)" in text


def test_the_report_is_a4_with_figures_chart_labels_and_comments(
        report: reports.Report) -> None:
    data = pdf.report_pdf(report, "en")
    sizes = page_size(data)
    assert 1 <= len(sizes) <= 4 and set(sizes) == {A4}
    text = pdf_text(data).replace("\u00a0", " ")
    for expected in ("Evaluation report Stadsdeel Zuid", "Activities per month and phase",
                     "How welcome did you feel?", "4.0", "0.8", "Fijne sfeer",
                     "€395.60", "€30,000.00", "Vesak", "Observances without an activity",
                     "Awareness", "Embedding"):
        assert expected in text, expected
    assert render_first_page(data, "export-report-en").stat().st_size > 10_000


def test_the_chart_svg_has_a_bar_segment_per_activity_phase_and_month(
        report: reports.Report) -> None:
    svg = chart_svg(report.per_month, "nl", title="Activiteiten").decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    for word in ("apr", "mei", "jun", "Bewustwording", "Zonder fase"):
        assert word in svg, word
