"""The poster for the canteen wall: a year or quarter on A3, a month on A4.

For colleagues who rarely sit at a PC: large type (legible from a metre), a line per
observance or activity (a long name wraps onto a second), activities in bold, and a QR
code to the web calendar.
Drawn straight onto a ReportLab canvas so everything fits on exactly one page; the
type shrinks to fit a busy month but never below `MIN_SIZE`, and lines that still do
not fit are summarised as "+ N more" rather than silently dropped.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import timedelta

import segno
from reportlab.lib.pagesizes import A3
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from calendar_app.exports.text import check_language
from calendar_app.exports.text import day
from calendar_app.exports.text import label
from calendar_app.exports.text import month_name
from calendar_app.exports.types import PosterItem

PAGE_SIZES = {"A3": A3, "A4": A4}
MARGIN = 15 * mm
#: The smallest type on a poster: about 9 pt stays legible from a metre on A3.
MIN_SIZE = 9.0
MORE = {"nl": "+ {count} meer", "en": "+ {count} more"}
ACTIVITY_NOTE = {"nl": "Vet: activiteiten van de werkgroepen.",
                 "en": "Bold: activities of the workgroups."}
QR_SIZE = 38 * mm
#: A long name wraps onto at most this many lines.
MAX_LINES = 3


def months_between(first: date, last: date) -> list[date]:
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def poster_pdf(items: Sequence[PosterItem], *, first: date, last: date, title: str,
               url: str, language: str = "nl", size: str = "A3") -> bytes:
    """One page: `title`, a box per month from `first` to `last`, and a QR code to `url`."""
    check_language(language)
    width, height = PAGE_SIZES[size]
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(label(language, "poster"))
    canvas.setFont("Helvetica-Bold", 30 if size == "A3" else 24)
    canvas.drawString(MARGIN, height - MARGIN - 24, title)
    months = months_between(first, last)
    columns = 3 if len(months) > 3 else 1
    rows = -(-len(months) // columns)
    top, bottom = height - MARGIN - 45, MARGIN + QR_SIZE + 8 * mm
    box_w = (width - 2 * MARGIN - (columns - 1) * 6 * mm) / columns
    box_h = (top - bottom - (rows - 1) * 6 * mm) / rows
    largest = 16.0 if len(months) > 3 else 20.0
    per_month = [[item for item in items if _month_of(item, first) == month]
                 for month in months]
    size = _common_size(months, per_month, box_w, box_h, largest, language)
    for index, (month, chosen) in enumerate(zip(months, per_month, strict=True)):
        x = MARGIN + (index % columns) * (box_w + 6 * mm)
        y = top - (index // columns) * (box_h + 6 * mm)
        _month_box(canvas, month, chosen, x, y, box_w, box_h, language, largest, size)
    _footer(canvas, url, language, width)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _month_of(item: PosterItem, first: date) -> date:
    return max(item.start, first).replace(day=1)


def _common_size(months: Sequence[date], per_month: Sequence[Sequence[PosterItem]],
                 box_w: float, box_h: float, largest: float, language: str) -> float:
    """The largest type at which every month's lines fit its box, the same in every box
    (a poster with a different size per box looks uneven); never below MIN_SIZE."""
    size = largest
    while size > MIN_SIZE and not all(
            _fits(month, items, box_w, box_h, largest, size, language)
            for month, items in zip(months, per_month, strict=True)):
        size = max(MIN_SIZE, size - 0.5)
    return size


def _fits(month: date, items: Sequence[PosterItem], width: float, height: float,
          largest: float, size: float, language: str) -> bool:
    entries = [_entry(item, month, size, width - 8 * mm, language) for item in items]
    lines = sum(len(entry.lines) for entry in entries)
    return (not any(entry.cut for entry in entries)
            and lines * size * 1.3 <= height - (largest + 4) - 10 * mm)


def _month_box(canvas: Canvas, month: date, items: Sequence[PosterItem], x: float, y: float,
               width: float, height: float, language: str, largest: float,
               size: float) -> None:
    canvas.setLineWidth(0.8)
    canvas.roundRect(x, y - height, width, height, 3 * mm)
    heading = largest + 4
    canvas.setFont("Helvetica-Bold", heading)
    canvas.drawString(x + 4 * mm, y - 4 * mm - heading, month_name(month, language).capitalize())
    entries = [_entry(item, month, size, width - 8 * mm, language) for item in items]
    line_y = y - 6 * mm - heading - size * 1.3
    bottom = y - height + 4 * mm
    for shown, entry in enumerate(entries):
        rest = len(entries) - shown
        room = int((line_y - bottom) // (size * 1.3)) + 1
        # Draw an entry only if it fits and, when more follow, leaves a line for "+ N".
        if len(entry.lines) > room or (rest > 1 and len(entry.lines) == room):
            canvas.setFont("Helvetica-Oblique", size)
            canvas.drawString(x + 4 * mm, line_y, MORE[language].format(count=rest))
            return
        _draw(canvas, entry, x + 4 * mm, line_y, size)
        line_y -= len(entry.lines) * size * 1.3


@dataclass(frozen=True)
class _Entry:
    """One item laid out: the days, the font of its name and the name's lines."""

    days: str
    font: str
    offset: float
    lines: tuple[str, ...]
    #: Something had to be cut short ("…"): a word wider than the box, or a fourth line.
    cut: bool


def _entry(item: PosterItem, month: date, size: float, width: float,
           language: str) -> _Entry:
    """Long names wrap onto a second line (beside the days) instead of being cut short."""
    days = poster_days(item, month, language)
    font = "Helvetica-Bold" if item.kind == "activity" else "Helvetica"
    text = item.name.get(language)
    if item.kind == "activity" and item.workgroup:
        text = f"{text} ({item.workgroup})"
    offset = max(stringWidth("00–00 ", "Helvetica", size),
                 stringWidth(days + "  ", "Helvetica", size))
    room = width - offset
    lines = simpleSplit(text, font, size, room) or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], " ".join(lines[MAX_LINES - 1:])]
    fitted = [_fit(line, font, size, room) for line in lines]
    return _Entry(days, font, offset, tuple(fitted), cut=fitted != lines)


def _draw(canvas: Canvas, entry: _Entry, x: float, y: float, size: float) -> None:
    canvas.setFont("Helvetica", size)
    canvas.drawString(x, y, entry.days)
    canvas.setFont(entry.font, size)
    for number, line in enumerate(entry.lines):
        canvas.drawString(x + entry.offset, y - number * size * 1.3, line)


def poster_days(item: PosterItem, month: date, language: str) -> str:
    """The days in front of a line: "18", "18–20", or across months "18 feb – 19 mrt".

    An observance such as Ramadan that crosses a month boundary shows its whole span,
    so the month box it starts in does not make it look like a single day.
    """
    start = max(item.start, month)
    if item.end == item.start:
        return f"{start.day}"
    if (item.start.year, item.start.month) == (item.end.year, item.end.month):
        return f"{start.day}–{item.end.day}"
    return f"{day(item.start, language, 'd MMM')} – {day(item.end, language, 'd MMM')}"


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _footer(canvas: Canvas, url: str, language: str, width: float) -> None:
    qr = segno.make(url, error="m")
    modules = len(qr.matrix) + 8  # with the quiet zone of four modules each side
    module = QR_SIZE / modules
    left, bottom = width - MARGIN - QR_SIZE, MARGIN
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(qr.matrix):
        for column_index, dark in enumerate(row):
            if dark:
                canvas.rect(left + (column_index + 4) * module,
                            bottom + QR_SIZE - (row_index + 5) * module,
                            module, module, stroke=0, fill=1)
    canvas.setFont("Helvetica-Bold", 14)
    canvas.drawRightString(left - 4 * mm, bottom + QR_SIZE / 2 + 4, label(language, "scan"))
    canvas.setFont("Helvetica", 12)
    canvas.drawRightString(left - 4 * mm, bottom + QR_SIZE / 2 - 12, url)
    canvas.drawString(MARGIN, bottom + QR_SIZE / 2 - 12, ACTIVITY_NOTE[language])
