"""Printable PDFs of the year plan and the evaluation report (A4, ReportLab platypus).

Text is real text (not pictures of text), so a PDF reader can search it and read it
aloud; the document title and language are set in the PDF metadata. The city's logo
heads the first page and the type is Amsterdam Sans where installed (see fonts.py).
Themes are printed by name ("LHBTIQ+"), never by key: callers pass the names.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from collections.abc import Sequence
from functools import lru_cache
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
from calendar_app.exports.fonts import Fonts
from calendar_app.exports.fonts import pdf_fonts
from calendar_app.exports.logo import draw_logo
from calendar_app.exports.text import average
from calendar_app.exports.text import day
from calendar_app.exports.text import label
from calendar_app.exports.text import long_span
from calendar_app.exports.text import money
from calendar_app.exports.text import report_period
from calendar_app.exports.text import span
from calendar_app.exports.text import theme_list
from calendar_app.exports.types import Observance
from calendar_app.exports.types import Report
from calendar_app.exports.types import YearPlan

GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
])


@lru_cache(maxsize=4)
def _styles(fonts: Fonts) -> dict[str, ParagraphStyle]:
    """The sample styles in the PDF's type (Amsterdam Sans or Helvetica)."""
    sample = getSampleStyleSheet()
    styles = {name: ParagraphStyle(name.lower(), parent=sample[name], fontName=fonts.bold)
              for name in ("Title", "Heading2", "Heading3")}
    styles["cell"] = ParagraphStyle("cell", parent=sample["BodyText"], fontName=fonts.regular,
                                    fontSize=9, leading=11)
    styles["head"] = ParagraphStyle("head", parent=styles["cell"], fontName=fonts.bold)
    return styles


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(text), _styles(pdf_fonts())[style])


def _table(header: Sequence[str], rows: Sequence[Sequence[str]],
           widths: Sequence[float] | None = None) -> Table:
    data: list[list[Any]] = [[_p(cell, "head") for cell in header]]
    data += [[_p(cell) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(GRID)
    return table


class _Logo(Flowable):  # type: ignore[misc]
    """The city's logo above the title."""

    def __init__(self, language: str, height: float = 10 * mm) -> None:
        super().__init__()
        self.language, self.logo_height = language, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, self.logo_height + 4 * mm

    def draw(self) -> None:
        draw_logo(self.canv, self.language, 0, self.logo_height + 4 * mm, self.logo_height)


def _observance_names(rows: Sequence[Observance], language: str) -> str:
    """ "Ramadan (18 februari – 19 maart 2026), Holi Phagwa (3 maart 2026)": a day of
    several days shows all of them, not only its first."""
    return ", ".join(f"{row.name.get(language)} ({long_span(row.start, row.end, language)})"
                     for row in rows)


def _build(story: list[Flowable], title: str, language: str, *, wide: bool = False) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=landscape(A4) if wide else A4, title=title, lang=language,
        author=label(language, "poster"), leftMargin=15 * mm, rightMargin=15 * mm,
        topMargin=15 * mm, bottomMargin=15 * mm)
    document.build(story)
    return buffer.getvalue()


def plan_pdf(plan: YearPlan, language: str = "nl",
             themes: Mapping[str, str] | None = None) -> bytes:
    """The year plan: per quarter the observances, then the activities with money.

    `themes` maps theme keys to their names in `language`."""
    theme_names = themes or {}
    title = f"{label(language, 'year_plan')} {plan.year} – {plan.workgroup_name}"
    story: list[Flowable] = [_Logo(language), _p(title, "Title")]
    header = [label(language, key) for key in
              ("date", "title", "phase", "themes", "status", "estimate", "actual")]
    for quarter in plan.quarters:
        story.append(_p(f"{label(language, 'quarter')} {quarter.number}", "Heading2"))
        names = _observance_names(quarter.observances, language)
        story.append(_p(f"{label(language, 'observances')}: "
                        f"{names or label(language, 'none_listed')}"))
        story.append(Spacer(1, 4 * mm))
        rows = [[span(row.start, row.end, language), row.title,
                 label(language, row.phase or "none"), theme_list(row.themes, theme_names),
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


def report_pdf(report: Report, language: str = "nl",
               themes: Mapping[str, str] | None = None) -> bytes:
    """The evaluation report: totals, the chart, phases, themes, feedback, money, gaps.

    `themes` maps theme keys to their names in `language`."""
    names = themes or {}
    period = report_period(report.first, report.last, language)
    title = f"{label(language, 'report')} {report.workgroup_name}"
    story: list[Flowable] = [_Logo(language), _p(title, "Title"), _p(period, "Heading3")]
    story.append(_table(
        [label(language, "held"), label(language, "cancelled_count"),
         label(language, "people"), label(language, "responses")],
        [[str(len(report.held)), str(report.cancelled), str(report.attendance),
          str(report.responses)]]))
    story.append(Spacer(1, 5 * mm))
    story.append(month_phase_chart(report.per_month, language,
                                   title=label(language, "chart"), fonts=pdf_fonts()))
    story.append(_p(label(language, "per_phase"), "Heading2"))
    story.append(_table([label(language, "phase"), label(language, "count")],
                        [[label(language, phase), str(count)]
                         for phase, count in report.per_phase]))
    story.append(_p(label(language, "per_theme"), "Heading2"))
    story.append(_table([label(language, "themes"), label(language, "count")],
                        [[names.get(theme, theme), str(count)]
                         for theme, count in report.per_theme])
                 if report.per_theme else _p(label(language, "none_listed")))
    story += _activities(report, language) + _feedback(report, language)
    story += _money(report, language)
    story.append(_p(label(language, "missed"), "Heading2"))
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
    return [_p(label(language, "held"), "Heading2"),
            _table(header, rows, [26 * mm, 38 * mm, 28 * mm, 22 * mm, 22 * mm, 44 * mm])
            if rows else _p(label(language, "none_listed"))]


def _feedback(report: Report, language: str) -> list[Flowable]:
    rows = [[question.text.get(language), str(question.count),
             average(question.mean, language), average(question.spread, language),
             " / ".join(str(count) for count in question.distribution)]
            for question in report.questions]
    header = [label(language, "question"), label(language, "answers"),
              label(language, "mean"), label(language, "spread"), "1 / 2 / 3 / 4 / 5"]
    story: list[Flowable] = [_p(label(language, "feedback"), "Heading2"),
                             _table(header, rows, [64 * mm, 24 * mm, 24 * mm, 25 * mm, 38 * mm])]
    story.append(_p(label(language, "comments"), "Heading3"))
    story += [_p(f"“{comment.text}” — {comment.activity}, {day(comment.submitted_on, language)}")
              for comment in report.comments] or [_p(label(language, "none_listed"))]
    return story


def _money(report: Report, language: str) -> list[Flowable]:
    budgeted = money(report.budgeted, language) or label(language, "no_budget")
    return [_p(label(language, "budget"), "Heading2"),
            _table([label(language, "budgeted"), label(language, "estimated"),
                    label(language, "spent")],
                   [[budgeted, money(report.estimated, language),
                     money(report.spent, language)]])]
