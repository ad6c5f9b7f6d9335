"""The poster for the canteen wall: a year or quarter on A3, a month on A4.

For colleagues who rarely sit at a PC: the city's logo and type (Amsterdam Sans where
installed), large text legible from a metre, a line per observance or activity on a
band across its days in its theme's colour, activities in bold, a legend that names
the themes (colour and letter, so a grey print still tells them apart) and a QR code
with a sentence saying what scanning it does, and the feed address for typing.
Drawn straight onto a ReportLab canvas so everything fits on exactly one page; the
type shrinks to fit a busy month but never below `MIN_SIZE`, and lines that still do
not fit are summarised as "+ N more" rather than silently dropped.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from datetime import timedelta

import segno
from reportlab.lib.pagesizes import A3
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from calendar_app.exports.fonts import Fonts
from calendar_app.exports.fonts import pdf_fonts
from calendar_app.exports.logo import draw_logo
from calendar_app.exports.poster_month import LEADING
from calendar_app.exports.poster_month import MIN_SIZE
from calendar_app.exports.poster_month import Box
from calendar_app.exports.poster_month import draw_month
from calendar_app.exports.poster_month import in_month
from calendar_app.exports.poster_month import needed_height
from calendar_app.exports.poster_month import poster_days
from calendar_app.exports.poster_themes import TEXT
from calendar_app.exports.poster_themes import Legend
from calendar_app.exports.poster_themes import Mark
from calendar_app.exports.poster_themes import draw_legend
from calendar_app.exports.poster_themes import first_mark
from calendar_app.exports.poster_themes import legend
from calendar_app.exports.poster_themes import marks
from calendar_app.exports.text import check_language
from calendar_app.exports.text import label
from calendar_app.exports.types import PosterItem

__all__ = ["MIN_SIZE", "poster_days", "poster_pdf", "months_between"]

PAGE_SIZES = {"A3": A3, "A4": A4}
MARGIN = 15 * mm
GAP = 6 * mm
QR_SIZE = 38 * mm
MIN_HEADING = 14.0
SCAN = {"nl": "Scan om de kalender in je agenda te zetten",
        "en": "Scan to add these dates to your calendar"}
ADDRESS = {"nl": "Of zet dit adres in je agenda:", "en": "Or add this address to your calendar:"}
NOTE = {"nl": "Vet: activiteiten van de werkgroepen. De balk laat zien op welke dagen het is.",
        "en": "Bold: activities of the workgroups. The band shows which days it is on."}


def months_between(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def poster_pdf(items: Sequence[PosterItem], *, first: date, last: date, title: str,
               qr_url: str, feed_url: str, themes: Mapping[str, str] | None = None,
               language: str = "nl", size: str = "A3") -> bytes:
    """One page: logo and `title`, a box per month from `first` to `last`, the legend of
    `themes` (key -> name in `language`, catalogue order), a QR code to `qr_url` (the
    subscribe page) and `feed_url` printed for typing."""
    check_language(language)
    fonts = pdf_fonts()
    width, height = PAGE_SIZES[size]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1, lang=language,
                    initialFontName=fonts.regular)
    canvas.setTitle(title)
    canvas.setAuthor(label(language, "poster"))
    top = _header(canvas, title, language, fonts, width, height, size)
    known = marks(themes or {})
    used = [mark for item in items if (mark := first_mark(item.themes, known))]
    footer = (canvas, qr_url, feed_url, used, language, fonts, width, size)
    bottom = MARGIN + _footer(*footer, draw=False)
    months = months_between(first, last)
    per_month = [[item for item in items if in_month(item, month)] for month in months]
    boxes = _boxes(months, top, bottom + GAP, width, largest=16.0 if len(months) > 3 else 20.0)
    most = fitting_limit(height)
    boxes = _common_size(boxes, [chosen[:most] for chosen in per_month],
                         language, fonts, known, bottom=bottom + GAP)
    for box, chosen in zip(boxes, per_month, strict=True):
        draw_month(canvas, box, chosen[:most], language, fonts, known, total=len(chosen))
    _footer(*footer, draw=True)  # after the months: text comes out in reading order
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def fitting_limit(page_height: float) -> int:
    """How many of a month's items the type size is fitted to: one more than lines of
    the smallest type fit on the whole page. A month with more fits at no size, so the
    rest changes nothing in the fit, and the box shows the same lines (its days column
    as wide as the first items need); laying them all out at every size tried was
    nearly all of a year poster at 50,000 activities (13 s; README, "At ten times the
    city"). Every item is still counted in the month's "+ N more"."""
    return int(page_height / (MIN_SIZE * LEADING)) + 1


def _header(canvas: Canvas, title: str, language: str, fonts: Fonts, width: float,
            height: float, size: str) -> float:
    """The city's logo top left, the title beside it; returns where the months start."""
    logo_height = 14 * mm if size == "A3" else 11 * mm
    top = height - MARGIN
    logo_width = draw_logo(canvas, language, MARGIN, top, logo_height)
    left = MARGIN + logo_width + (8 * mm if logo_width else 0)
    room = width - MARGIN - left
    type_size = 30.0 if size == "A3" else 24.0
    while type_size > 16 and stringWidth(title, fonts.bold, type_size) > room:
        type_size -= 1
    canvas.setFillColor(TEXT)
    canvas.setFont(fonts.bold, type_size)
    canvas.drawString(left, top - logo_height / 2 - type_size * 0.35, title)
    return top - logo_height - GAP


def _boxes(months: Sequence[date], top: float, bottom: float, width: float,
           largest: float) -> list[Box]:
    """A box per month, three across for more than a quarter. A month poster's title
    already names its month, so its one box has no heading of its own."""
    columns = 3 if len(months) > 3 else 1
    rows = -(-len(months) // columns)
    heading = largest + 4 if len(months) > 1 else 0.0
    box_w = (width - 2 * MARGIN - (columns - 1) * GAP) / columns
    box_h = (top - bottom - (rows - 1) * GAP) / rows
    return [Box(month, MARGIN + (index % columns) * (box_w + GAP),
                top - (index // columns) * (box_h + GAP), box_w, box_h, heading, largest)
            for index, month in enumerate(months)]


def _common_size(boxes: Sequence[Box], per_month: Sequence[Sequence[PosterItem]],
                 language: str, fonts: Fonts, known: Mapping[str, Mark], *,
                 bottom: float) -> list[Box]:
    """The largest type at which every month's lines fit its box, the same in every box
    (a poster with a different size per box looks uneven); never below MIN_SIZE, and
    the month names down to MIN_HEADING before a line is left out.

    A row of busy months (March, October) may take height from a quiet row (July,
    August) rather than leave observances out: rows are as high as their busiest month
    needs, and the room left over is shared equally."""
    size = boxes[0].size

    def sized(value: float, heading: float | None = None) -> list[Box]:
        return [replace(box, size=value, heading=box.heading if heading is None else heading)
                for box in boxes]

    def fit(chosen: Sequence[Box]) -> list[Box] | None:
        return _rows_fitted(chosen, per_month, bottom, language, fonts, known)

    while size > MIN_SIZE and fit(sized(size)) is None:
        size = max(MIN_SIZE, size - 0.5)
    heading = boxes[0].heading
    # Still too full at the smallest type: the month names give up a little first.
    while heading > MIN_HEADING and fit(sized(size, heading)) is None:
        heading = max(MIN_HEADING, heading - 1)
    return fit(sized(size, heading)) or sized(size)  # no use in smaller names then


def _rows_fitted(boxes: Sequence[Box], per_month: Sequence[Sequence[PosterItem]],
                 bottom: float, language: str, fonts: Fonts,
                 known: Mapping[str, Mark]) -> list[Box] | None:
    """The boxes with each row as high as its busiest month needs plus an equal share of
    what is left above `bottom`; None when the rows need more than there is."""
    rows: dict[float, list[int]] = {}
    for index, box in enumerate(boxes):
        rows.setdefault(box.top, []).append(index)
    needs = [max(needed_height(boxes[index], per_month[index], language, fonts, known)
                 for index in row) for row in rows.values()]
    top = boxes[0].top
    spare = top - bottom - (len(rows) - 1) * GAP - sum(needs)
    if spare < 0:
        return None
    fitted = list(boxes)
    for row, need in zip(rows.values(), needs, strict=True):
        height = need + spare / len(rows)
        for index in row:
            fitted[index] = replace(boxes[index], top=top, height=height)
        top -= height + GAP
    return fitted


def _footer(canvas: Canvas, qr_url: str, feed_url: str, used: Sequence[Mark], language: str,
            fonts: Fonts, width: float, size: str, *, draw: bool) -> float:
    """The legend and note on the left, the QR code with its words on the right.

    Returns the footer's height, so the months end above it; draws only with `draw`."""
    column = max(QR_SIZE, 62 * mm if size == "A3" else 52 * mm,
                 stringWidth(feed_url, fonts.regular, MIN_SIZE + 1))
    right = _qr_block(canvas, qr_url, feed_url, language, fonts, width - MARGIN, column,
                      draw=False)
    room = width - 2 * MARGIN - column - 10 * mm
    layout = _legend_layout(used, room, right, fonts, size)
    note = simpleSplit(NOTE[language], fonts.regular, MIN_SIZE + 1, room)
    height = max(right, layout.height + 2 * mm + len(note) * (MIN_SIZE + 1) * 1.3)
    if not draw:
        return height
    draw_legend(canvas, layout, MARGIN, MARGIN + height, language, fonts)
    canvas.setFillColor(TEXT)
    canvas.setFont(fonts.regular, MIN_SIZE + 1)
    for number, line in enumerate(note):
        canvas.drawString(MARGIN, MARGIN + (len(note) - 1 - number) * (MIN_SIZE + 1) * 1.3
                          + 1, line)
    _qr_block(canvas, qr_url, feed_url, language, fonts, width - MARGIN, column,
              draw=True, bottom=MARGIN)
    return height


def _legend_layout(used: Sequence[Mark], room: float, target: float, fonts: Fonts,
                   size: str) -> Legend:
    """The legend at the largest type (14 pt on A3, 13 on A4, down to 9) that keeps it
    about as high as the QR block, so the months keep their room."""
    type_size = 14.0 if size == "A3" else 13.0
    layout = legend(used, room, type_size, fonts)
    while type_size > MIN_SIZE and layout.height > target:
        type_size -= 0.5
        layout = legend(used, room, type_size, fonts)
    return layout


def _qr_block(canvas: Canvas, qr_url: str, feed_url: str, language: str, fonts: Fonts,
              right: float, column: float, *, draw: bool, bottom: float = 0.0) -> float:
    """The sentence, the code and the feed address, right-aligned; returns its height."""
    small = MIN_SIZE + 1
    caption_size = 13.0
    caption = simpleSplit(SCAN[language], fonts.bold, caption_size, column)
    height = len(caption) * caption_size * 1.35 + 2 * mm + QR_SIZE + 2 * mm + 2 * small * 1.3
    if not draw:
        return height
    # Drawn in reading order (sentence, code, address), which is how PDF readers and
    # screen readers take the text out again.
    canvas.setFillColor(TEXT)
    qr_bottom = bottom + 2 * small * 1.3 + 2 * mm
    canvas.setFont(fonts.bold, caption_size)
    for number, line in enumerate(caption):
        canvas.drawRightString(right, qr_bottom + QR_SIZE + 2 * mm
                               + (len(caption) - 1 - number) * caption_size * 1.35, line)
    _qr(canvas, qr_url, right - QR_SIZE, qr_bottom)
    canvas.setFillColor(TEXT)
    canvas.setFont(fonts.regular, small)
    canvas.drawRightString(right, bottom + 1 + small * 1.3, ADDRESS[language])
    canvas.drawRightString(right, bottom + 1, feed_url)
    return height


def _qr(canvas: Canvas, url: str, left: float, bottom: float) -> None:
    """The code as filled squares (sharp at any print size), with its quiet zone."""
    qr = segno.make(url, error="m")
    modules = len(qr.matrix) + 8  # with the quiet zone of four modules each side
    module = QR_SIZE / modules
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(qr.matrix):
        for column_index, dark in enumerate(row):
            if dark:
                canvas.rect(left + (column_index + 4) * module,
                            bottom + QR_SIZE - (row_index + 5) * module,
                            module, module, stroke=0, fill=1)
