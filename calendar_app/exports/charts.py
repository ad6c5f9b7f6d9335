"""The chart a manager would rather look at: activities per month, stacked by phase.

Drawn with reportlab.graphics, so the same drawing goes into the PDF and, as SVG,
onto the report page (where a table with the same numbers sits beside it for screen
readers). Colours are from a colour-blind-safe palette (Okabe-Ito) and each phase
also has a legend entry, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.shapes import String
from reportlab.lib import colors

from calendar_app.exports.fonts import BUILT_IN
from calendar_app.exports.fonts import Fonts
from calendar_app.exports.text import PHASES
from calendar_app.exports.text import label
from calendar_app.exports.text import month_name
from calendar_app.exports.types import MonthCounts

#: Okabe-Ito: blue, vermillion, bluish green, grey for "no phase".
PHASE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#6E6E6E")


def month_phase_chart(months: Sequence[MonthCounts], language: str, *, title: str = "",
                      width: float = 480, height: float = 260,
                      fonts: Fonts = BUILT_IN) -> Drawing:
    """A stacked bar per month, one segment per phase, with a legend under the bars.

    `fonts`: the PDF's type; the SVG for the page keeps Helvetica, which every browser
    has (a standalone SVG image cannot use the page's web font)."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 40, 70
    chart.width, chart.height = width - 60, height - 110
    chart.data = [[month.counts[index] for month in months] or [0]
                  for index in range(len(PHASES))]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = [month_name(month.month, language, "LLL")
                                        for month in months] or [""]
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = 9
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(3, max((sum(month.counts) for month in months), default=0))
    chart.valueAxis.valueStep = 1 if chart.valueAxis.valueMax <= 10 else None
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = 9
    chart.bars.strokeColor = colors.white
    for index, colour in enumerate(PHASE_COLOURS):
        chart.bars[index].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 40, 30
    legend.fontName, legend.fontSize = fonts.regular, 9
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 110
    legend.colorNamePairs = [(colors.HexColor(colour), label(language, phase))
                             for colour, phase in zip(PHASE_COLOURS, PHASES, strict=True)]
    drawing.add(legend)
    if title:
        drawing.add(String(40, height - 18, title, fontName=fonts.bold, fontSize=12))
    return drawing


def chart_svg(months: Sequence[MonthCounts], language: str, *, title: str = "") -> bytes:
    """The chart as a standalone SVG document (for an <img> with a text alternative)."""
    text = renderSVG.drawToString(month_phase_chart(months, language, title=title))
    return text.encode("utf-8") if isinstance(text, str) else bytes(text)
