"""Printable PDFs of the year plan and the evaluation report (A4, ReportLab platypus).

Text is real text (not pictures of text), so a PDF reader can search it and read it
aloud; the document title and language are set in the PDF metadata.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph
from reportlab.platypus import SimpleDocTemplate
from reportlab.platypus import Spacer
from reportlab.platypus import Table
from reportlab.platypus import TableStyle

from calendar_app.exports.charts import month_phase_chart
from calendar_app.exports.text import day
from calendar_app.exports.text import label
from calendar_app.exports.text import money
from calendar_app.exports.text import number
from calendar_app.exports.text import span
from calendar_app.exports.types import Observance
from calendar_app.exports.types import Report
from calendar_app.exports.types import YearPlan

STYLES = getSampleStyleSheet()
CELL = ParagraphStyle("cell", parent=STYLES["BodyText"], fontSize=9, leading=11)
GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
    ("FONTSIZE", (0, 0), (-1, -1), 9),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


def _p(text: str, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]],
           widths: Sequence[float] | None = None) -> Table:
    data: list[list[Any]] = [[_p(cell) for cell in header]]
    data += [[_p(cell) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(GRID)
    return table


def _observance_names(rows: Sequence[Observance], language: str) -> str:
    return ", ".join(f"{row.name.get(language)} ({day(row.start, language, 'd MMM')})"
                     for row in rows)


def _build(story: list[Flowable], title: str, language: str, *, wide: bool = False) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4) if wide else A4, title=title, lang=language,
        author=label(language, "poster"), leftMargin=15 * mm, rightMargin=15 * mm,
        topMargin=15 * mm, bottomMargin=15 * mm)
    document.build(story)
    return buffer.getvalue()


def plan_pdf(plan: YearPlan, language: str = "nl") -> bytes:
    """The year plan: per quarter the observances, then the activities with money."""
    title = f"{label(language, 'year_plan')} {plan.year} – {plan.workgroup_name}"
    story: list[Flowable] = [_p(title, STYLES["Title"])]
    header = [label(language, key) for key in
              ("date", "title", "phase", "themes", "status", "estimate", "actual")]
    for quarter in plan.quarters:
        story.append(_p(f"{label(language, 'quarter')} {quarter.number}", STYLES["Heading2"]))
        names = _observance_names(quarter.observances, language)
        story.append(_p(f"{label(language, 'observances')}: "
                        f"{names or label(language, 'none_listed')}"))
        story.append(Spacer(1, 4 * mm))
        rows = [[span(row.start, row.end, language), row.title,
                 label(language, row.phase or "none"), ", ".join(row.themes),
                 label(language, row.status),
                 "" if row.coorganised else money(row.budget_estimate, language),
                 "" if row.coorganised else money(row.actual_cost, language)]
                for row in quarter.activities]
        if rows:
            story.append(_table(header, rows, [32 * mm, 55 * mm, 28 * mm, 40 * mm, 28 * mm,
                                               28 * mm, 28 * mm]))
        else:
            story.append(_p(label(language, "nothing")))
    return _build(story, title, language, wide=True)


def report_pdf(report: Report, language: str = "nl") -> bytes:
    """The evaluation report: totals, the chart, phases, themes, feedback, money, gaps."""
    period = span(report.first, report.last, language)
    title = f"{label(language, 'report')} {report.workgroup_name}"
    story: list[Flowable] = [_p(title, STYLES["Title"]), _p(period, STYLES["Heading3"])]
    story.append(_table(
        [label(language, "held"), label(language, "cancelled_count"),
         label(language, "people"), label(language, "responses")],
        [[str(len(report.held)), str(report.cancelled), str(report.attendance),
          str(report.responses)]]))
    story.append(Spacer(1, 5 * mm))
    story.append(month_phase_chart(report.per_month, language,
                                   title=label(language, "chart")))
    story.append(_p(label(language, "per_phase"), STYLES["Heading2"]))
    story.append(_table([label(language, "phase"), label(language, "count")],
                        [[label(language, phase), str(count)]
                         for phase, count in report.per_phase]))
    story.append(_p(label(language, "per_theme"), STYLES["Heading2"]))
    story.append(_table([label(language, "themes"), label(language, "count")],
                        [[theme, str(count)] for theme, count in report.per_theme])
                 if report.per_theme else _p(label(language, "none_listed")))
    story += _activities(report, language) + _feedback(report, language)
    story += _money(report, language)
    story.append(_p(label(language, "missed"), STYLES["Heading2"]))
    story.append(_p(_observance_names(report.missed, language)
                    or label(language, "none_listed")))
    return _build(story, title, language)


def _activities(report: Report, language: str) -> list[Flowable]:
    rows = [[day(row.activity.start, language), row.activity.title,
             label(language, row.activity.phase or "none"),
             "" if row.activity.attendance is None else str(row.activity.attendance),
             str(row.responses), row.notes] for row in report.held]
    header = [label(language, key) for key in
              ("date", "title", "phase", "attendance", "responses", "notes")]
    return [_p(label(language, "held"), STYLES["Heading2"]),
            _table(header, rows, [26 * mm, 42 * mm, 24 * mm, 24 * mm, 24 * mm, 40 * mm])
            if rows else _p(label(language, "none_listed"))]


def _feedback(report: Report, language: str) -> list[Flowable]:
    rows = [[question.text.get(language), str(question.count),
             number(question.mean, language), number(question.spread, language),
             " / ".join(str(count) for count in question.distribution)]
            for question in report.questions]
    header = [label(language, "question"), label(language, "answers"),
              label(language, "mean"), label(language, "spread"), "1 / 2 / 3 / 4 / 5"]
    story: list[Flowable] = [_p(label(language, "feedback"), STYLES["Heading2"]),
                             _table(header, rows, [70 * mm, 20 * mm, 22 * mm, 25 * mm, 38 * mm])]
    story.append(_p(label(language, "comments"), STYLES["Heading3"]))
    story += [_p(f"“{comment.text}” — {comment.activity}, {day(comment.submitted_on, language)}")
              for comment in report.comments] or [_p(label(language, "none_listed"))]
    return story


def _money(report: Report, language: str) -> list[Flowable]:
    budgeted = money(report.budgeted, language) or label(language, "no_budget")
    return [_p(label(language, "budget"), STYLES["Heading2"]),
            _table([label(language, "budgeted"), label(language, "estimated"),
                    label(language, "spent")],
                   [[budgeted, money(report.estimated, language),
                     money(report.spent, language)]])]
