"""One month on a poster: its name, a ruler of days, and a line per observance or activity.

A line of several days sits on a light band across those days, in the colour of its
(first) theme, so it reads as one span against the ruler (Pride from the 25th on, and
again to the 8th in the next month). The swatch in front of every line shows the
theme's colour with its letter, for posters printed in grey.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from calendar_app.exports.fonts import Fonts
from calendar_app.exports.poster_themes import TEXT
from calendar_app.exports.poster_themes import Mark
from calendar_app.exports.poster_themes import draw_swatch
from calendar_app.exports.poster_themes import first_mark
from calendar_app.exports.poster_themes import swatch_width
from calendar_app.exports.text import day
from calendar_app.exports.text import month_name
from calendar_app.exports.types import PosterItem

#: The smallest type on a poster: about 9 pt stays legible from a metre on A3.
MIN_SIZE = 9.0
MORE = {"nl": "+ {count} meer", "en": "+ {count} more"}
#: A long name wraps onto at most this many lines.
MAX_LINES = 3
PADDING = 4 * mm
LEADING = 1.3
GREY = HexColor("#767676")
#: The days with a number on the ruler (and the month's last day).
RULER_DAYS = (1, 5, 10, 15, 20, 25)


@dataclass(frozen=True)
class Box:
    """Where a month goes and how large its type is."""

    month: date
    x: float
    top: float
    width: float
    height: float
    heading: float
    size: float

    @property
    def days(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]

    @property
    def inner(self) -> float:
        return self.width - 2 * PADDING

    def day_x(self, number: int) -> float:
        """The left edge of day `number` on the ruler (`days + 1` is the right edge)."""
        return self.x + PADDING + (number - 1) * self.inner / self.days

    @property
    def ruler_size(self) -> float:
        """The ruler's numbers: smaller than the lines, never below MIN_SIZE."""
        return max(MIN_SIZE, min(12.0, self.size * 0.6))

    @property
    def first_line(self) -> float:
        """The baseline of the first entry, under the heading and the ruler."""
        ruler = self.ruler_size + 4 * mm
        return self.top - PADDING - self.heading - 2 * mm - ruler - self.size * LEADING

    @property
    def bottom(self) -> float:
        return self.top - self.height + PADDING


@dataclass(frozen=True)
class Entry:
    """One item laid out in one month: its mark, days, font and the name's lines."""

    mark: Mark | None
    days: str
    font: str
    offset: float
    lines: tuple[str, ...]
    #: Something had to be cut short ("…"): a word wider than the box, or a fourth line.
    cut: bool
    #: The item's first and last day within the month (the band under it).
    first_day: int
    last_day: int


def in_month(item: PosterItem, month: date) -> bool:
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return item.start <= last and item.end >= month


def poster_days(item: PosterItem, month: date, language: str) -> str:
    """The days in front of a line: "18", "18–20", or across months "18 feb – 19 mrt".

    An observance such as Ramadan that crosses a month boundary shows its whole span
    in every month it touches, so no box makes it look like a single day.
    """
    start = max(item.start, month)
    if item.end == item.start:
        return f"{start.day}"
    if (item.start.year, item.start.month) == (item.end.year, item.end.month):
        return f"{start.day}–{item.end.day}"
    return f"{day(item.start, language, 'd MMM')} – {day(item.end, language, 'd MMM')}"


def entry(item: PosterItem, box: Box, language: str, fonts: Fonts,
          known: Mapping[str, Mark]) -> Entry:
    """Long names wrap onto a second line (beside the days) instead of being cut short."""
    size, width = box.size, box.inner
    days = poster_days(item, box.month, language)
    font = fonts.bold if item.kind == "activity" else fonts.regular
    text = item.name.get(language)
    if item.kind == "activity" and item.workgroup:
        text = f"{text} ({item.workgroup})"
    offset = swatch_width(size) + max(stringWidth("00–00 ", fonts.regular, size),
                                      stringWidth(days + "  ", fonts.regular, size))
    room = width - offset
    lines = simpleSplit(text, font, size, room) or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], " ".join(lines[MAX_LINES - 1:])]
    fitted = [_fit(line, font, size, room) for line in lines]
    first = item.start.day if item.start >= box.month else 1
    last = item.end.day if (item.end.year, item.end.month) == (
        box.month.year, box.month.month) else box.days
    return Entry(first_mark(item.themes, known), days, font, offset, tuple(fitted),
                 cut=fitted != lines, first_day=first, last_day=last)


def fits(box: Box, items: Sequence[PosterItem], language: str, fonts: Fonts,
         known: Mapping[str, Mark]) -> bool:
    """Whether every line fits, uncut, at the box's type size."""
    entries = [entry(item, box, language, fonts, known) for item in items]
    lines = sum(len(one.lines) for one in entries)
    room = box.first_line - box.bottom + box.size * LEADING
    return not any(one.cut for one in entries) and lines * box.size * LEADING <= room


def draw_month(canvas: Canvas, box: Box, items: Sequence[PosterItem], language: str,
               fonts: Fonts, known: Mapping[str, Mark]) -> None:
    """The box, its heading and ruler, then the lines; "+ N more" for what does not fit."""
    canvas.setStrokeColor(TEXT)
    canvas.setFillColor(TEXT)
    canvas.setLineWidth(0.8)
    canvas.roundRect(box.x, box.top - box.height, box.width, box.height, 3 * mm)
    canvas.setFont(fonts.bold, box.heading)
    canvas.drawString(box.x + PADDING, box.top - PADDING - box.heading,
                      month_name(box.month, language).capitalize())
    _ruler(canvas, box, fonts)
    entries = [entry(item, box, language, fonts, known) for item in items]
    line_y, step = box.first_line, box.size * LEADING
    for shown, one in enumerate(entries):
        rest = len(entries) - shown
        room = int((line_y - box.bottom) // step) + 1
        # Draw an entry only if it fits and, when more follow, leaves a line for "+ N".
        if len(one.lines) > room or (rest > 1 and len(one.lines) == room):
            canvas.setFont(fonts.italic, box.size)
            canvas.drawString(box.x + PADDING, line_y, MORE[language].format(count=rest))
            return
        if one.last_day > one.first_day:
            _band(canvas, box, one, line_y)
        _draw(canvas, box, one, line_y, fonts)
        line_y -= len(one.lines) * step


def _ruler(canvas: Canvas, box: Box, fonts: Fonts) -> None:
    """Day numbers over a tick per day: the scale the bands are drawn on."""
    top = box.top - PADDING - box.heading - 2 * mm
    baseline = top - box.ruler_size
    canvas.setFont(fonts.regular, box.ruler_size)
    canvas.setFillColor(TEXT)
    for number in (*RULER_DAYS, box.days):
        centre = (box.day_x(number) + box.day_x(number + 1)) / 2
        canvas.drawCentredString(centre, baseline, str(number))
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.5)
    axis = baseline - 2 * mm
    canvas.line(box.day_x(1), axis, box.day_x(box.days + 1), axis)
    for number in range(1, box.days + 2):
        tall = number in RULER_DAYS or number == box.days
        canvas.line(box.day_x(number), axis, box.day_x(number), axis + (1.5 if tall else 0.8) * mm)
    canvas.setStrokeColor(TEXT)


def _band(canvas: Canvas, box: Box, one: Entry, baseline: float) -> None:
    """The light band across the entry's days, with a darker edge along its foot."""
    if one.mark is None:
        tint, edge = HexColor("#e8e8e8"), GREY
    else:
        tint, edge = one.mark.tint, one.mark.edge
    left, right = box.day_x(one.first_day), box.day_x(one.last_day + 1)
    top = baseline + box.size * 0.95
    bottom = baseline - (len(one.lines) - 1) * box.size * LEADING - box.size * 0.3
    canvas.setFillColor(tint)
    canvas.rect(left, bottom, right - left, top - bottom, stroke=0, fill=1)
    canvas.setFillColor(edge)
    canvas.rect(left, bottom, right - left, 1.2, stroke=0, fill=1)
    canvas.setFillColor(TEXT)


def _draw(canvas: Canvas, box: Box, one: Entry, baseline: float, fonts: Fonts) -> None:
    left = box.x + PADDING
    draw_swatch(canvas, one.mark, left, baseline, box.size, fonts)
    canvas.setFont(fonts.regular, box.size)
    canvas.drawString(left + swatch_width(box.size), baseline, one.days)
    canvas.setFont(one.font, box.size)
    for number, line in enumerate(one.lines):
        canvas.drawString(left + one.offset, baseline - number * box.size * LEADING, line)


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
