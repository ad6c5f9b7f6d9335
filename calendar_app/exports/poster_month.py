"""One month on a poster: its name, a ruler of days, and a line per observance or activity.

A line of several days has a band under it across those days, in the colour of its
(first) theme, so it reads as one span against the ruler (Pride from the 25th on, and
again to the 8th in the next month); the band sits between the lines, never through
their words. The days form one column per box, so the names line up. The swatch in
front of every line shows the theme's colour with its letter, for posters printed in
grey.
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
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from calendar_app.exports.fonts import Fonts
from calendar_app.exports.poster_themes import TEXT
from calendar_app.exports.poster_themes import Mark
from calendar_app.exports.poster_themes import draw_swatch
from calendar_app.exports.poster_themes import first_mark
from calendar_app.exports.poster_themes import swatch_letter
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
#: The white between a band and the ink above and below it.
BAND_GAP = 0.4


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
    def ruler_top(self) -> float:
        """Under the heading, clear of its descenders (a third of the type in Amsterdam
        Sans)."""
        return self.top - PADDING - self.heading - max(2 * mm, self.heading * 0.35)

    @property
    def first_line(self) -> float:
        """The baseline of the first entry, under the heading and the ruler."""
        return self.ruler_top - self.ruler_size - 4 * mm - self.size * LEADING

    @property
    def bottom(self) -> float:
        return self.top - self.height + PADDING

    @property
    def overhead(self) -> float:
        """The box's height that is not lines: padding, heading and ruler."""
        return self.top - self.first_line - self.size * LEADING + PADDING


@dataclass(frozen=True)
class Entry:
    """One item laid out in one month: its mark, days, font and the name's lines."""

    mark: Mark | None
    #: The days, on two lines ("8 feb–" / "8 mrt") when one is too wide for the column.
    days: tuple[str, ...]
    font: str
    offset: float
    lines: tuple[str, ...]
    #: Something had to be cut short ("…"): a word wider than the box, or a fourth line.
    cut: bool
    #: The item's first and last day within the month (the band under it).
    first_day: int
    last_day: int

    @property
    def rows(self) -> int:
        return max(len(self.lines), len(self.days))

    @property
    def spanned(self) -> bool:
        return self.last_day > self.first_day


def in_month(item: PosterItem, month: date) -> bool:
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return item.start <= last and item.end >= month


def poster_days(item: PosterItem, month: date, language: str) -> str:
    """The days in front of a line: "18", "18–20", or across months "18 feb–19 mrt".

    An observance such as Ramadan that crosses a month boundary shows its whole span
    in every month it touches, so no box makes it look like a single day.
    """
    start = max(item.start, month)
    if item.end == item.start:
        return f"{start.day}"
    if (item.start.year, item.start.month) == (item.end.year, item.end.month):
        return f"{start.day}–{item.end.day}"
    return f"{day(item.start, language, 'd MMM')}–{day(item.end, language, 'd MMM')}"


def _wrap_days(text: str) -> tuple[str, ...]:
    """ "8 feb–8 mrt" as "8 feb–" and "8 mrt"; a span within one month stays whole."""
    first, dash, last = text.partition("–")
    return (first + dash, last) if dash and " " in text else (text,)


def _name(item: PosterItem, language: str, fonts: Fonts) -> tuple[str, str]:
    """The line's words and font: an activity in bold, with its workgroup."""
    text = item.name.get(language)
    if item.kind == "activity" and item.workgroup:
        return f"{text} ({item.workgroup})", fonts.bold
    return text, fonts.bold if item.kind == "activity" else fonts.regular


def _days_lines(days: str, name: str, font: str, box: Box, fonts: Fonts) -> tuple[str, ...]:
    """A span across months ("18 feb–19 mrt") wraps after its dash to stay in the days
    column, unless its name is short: then the name moves right on that one line, which
    keeps the box a line shorter (a busy month on the year poster has none to spare)."""
    wrapped = _wrap_days(days)
    wide = stringWidth(days + " ", fonts.regular, box.size)
    room = box.inner - swatch_width(box.size) - wide
    return (days,) if len(wrapped) == 1 or len(_name_lines(name, font, box.size, room)) == 1 \
        else wrapped


def entries(box: Box, items: Sequence[PosterItem], language: str, fonts: Fonts,
            known: Mapping[str, Mark]) -> list[Entry]:
    """Every item of the box laid out, with one days column for all of them (so the
    names line up), as wide as the widest days that sit on their own line."""
    names = [_name(item, language, fonts) for item in items]
    days = [_days_lines(poster_days(item, box.month, language), *name, box, fonts)
            for item, name in zip(items, names, strict=True)]
    column = max(stringWidth(text + " ", fonts.regular, box.size) for text in ["00–00", *(
        part for parts in days if len(parts) > 1 or " " not in parts[0] for part in parts)])
    widths = [max(column, stringWidth(parts[0] + " ", fonts.regular, box.size))
              for parts in days]
    return [entry(item, name, parts, box, width, known)
            for item, name, parts, width in zip(items, names, days, widths, strict=True)]


def entry(item: PosterItem, name: tuple[str, str], days: tuple[str, ...], box: Box,
          column: float, known: Mapping[str, Mark]) -> Entry:
    """Long names wrap onto a second line (beside the days) instead of being cut short;
    `column` is the room of the days."""
    size, (text, font) = box.size, name
    offset = swatch_width(size) + column
    room = box.inner - offset
    lines = _name_lines(text, font, size, room)
    fitted = [_fit(line, font, size, room) for line in lines]
    first = item.start.day if item.start >= box.month else 1
    last = item.end.day if (item.end.year, item.end.month) == (
        box.month.year, box.month.month) else box.days
    return Entry(first_mark(item.themes, known), days, font, offset, tuple(fitted),
                 cut=fitted != lines, first_day=first, last_day=last)


def _name_lines(text: str, font: str, size: float, room: float) -> list[str]:
    lines = simpleSplit(text, font, size, room) or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], " ".join(lines[MAX_LINES - 1:])]
    return lines


def _band_height(size: float) -> float:
    return max(2.5, size * 0.25)


def _reach(size: float, fonts: Fonts) -> tuple[float, float]:
    """How far a line's words (its text and its swatch's letter) rise above and drop
    below the baseline. The swatch's square may reach further: it is drawn over the band."""
    offset, letter_size = swatch_letter(size)
    extents = [getAscentDescent(font, size) for font in (fonts.regular, fonts.bold)]
    letter_ascent, letter_descent = getAscentDescent(fonts.bold, letter_size)
    extents.append((offset + letter_ascent, offset + letter_descent))
    return max(top for top, _ in extents), -min(foot for _, foot in extents)


def _band_room(size: float, fonts: Fonts) -> float:
    """The extra height under a line with a band: the band sits below the line's ink
    and above the next line's, so it never runs through words."""
    rise, drop = _reach(size, fonts)
    return max(0.0, rise + drop + _band_height(size) + 2 * BAND_GAP - size * LEADING)


def _height(one: Entry, size: float, fonts: Fonts) -> float:
    return one.rows * size * LEADING + (_band_room(size, fonts) if one.spanned else 0.0)


def needed_height(box: Box, items: Sequence[PosterItem], language: str, fonts: Fonts,
                  known: Mapping[str, Mark]) -> float:
    """How high the box must be for every line to fit at its type size (its width and
    heading as they are); infinite when a line is cut short whatever the height."""
    laid_out = entries(box, items, language, fonts, known)
    if any(one.cut for one in laid_out):
        return float("inf")
    return box.overhead + sum(_height(one, box.size, fonts) for one in laid_out)


def draw_month(canvas: Canvas, box: Box, items: Sequence[PosterItem], language: str,
               fonts: Fonts, known: Mapping[str, Mark], *, total: int | None = None) -> None:
    """The box, its heading (unless the poster's title names the month) and ruler, then
    the lines; "+ N more" for what does not fit. `total`: how many items the month has
    when `items` are only the first of them (more than the box can hold)."""
    canvas.setStrokeColor(TEXT)
    canvas.setFillColor(TEXT)
    canvas.setLineWidth(0.8)
    canvas.roundRect(box.x, box.top - box.height, box.width, box.height, 3 * mm)
    if box.heading:
        canvas.setFont(fonts.bold, box.heading)
        canvas.drawString(box.x + PADDING, box.top - PADDING - box.heading,
                          month_name(box.month, language).capitalize())
    _ruler(canvas, box, fonts)
    laid_out = entries(box, items, language, fonts, known)
    line_y, step = box.first_line, box.size * LEADING
    for shown, one in enumerate(laid_out):
        rest = (total or len(laid_out)) - shown
        room = line_y - box.bottom + step
        # Draw an entry only if it fits and, when more follow, leaves a line for "+ N".
        needed = _height(one, box.size, fonts) + (step if rest > 1 else 0.0)
        if needed > room + 0.01:
            canvas.setFont(fonts.italic, box.size)
            # In the days column: clear of the swatch letter above it.
            canvas.drawString(box.x + PADDING + swatch_width(box.size), line_y,
                              MORE[language].format(count=rest))
            return
        if one.spanned:  # first, so the swatch's square covers the band's end
            _band(canvas, box, one, line_y - (one.rows - 1) * step, fonts)
        _draw(canvas, box, one, line_y, fonts)
        line_y -= _height(one, box.size, fonts)


def _ruler(canvas: Canvas, box: Box, fonts: Fonts) -> None:
    """Day numbers over a tick per day: the scale the bands are drawn on."""
    baseline = box.ruler_top - box.ruler_size
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


def _band(canvas: Canvas, box: Box, one: Entry, baseline: float, fonts: Fonts) -> None:
    """The band across the entry's days, under its last line (`baseline`): light, with a
    darker foot."""
    if one.mark is None:
        tint, edge = HexColor("#e8e8e8"), GREY
    else:
        tint, edge = one.mark.tint, one.mark.edge
    left, right = box.day_x(one.first_day), box.day_x(one.last_day + 1)
    top = baseline - _reach(box.size, fonts)[1] - BAND_GAP
    bottom = top - _band_height(box.size)
    canvas.setFillColor(tint)
    canvas.rect(left, bottom, right - left, top - bottom, stroke=0, fill=1)
    canvas.setFillColor(edge)
    canvas.rect(left, bottom, right - left, 1.2, stroke=0, fill=1)
    canvas.setFillColor(TEXT)


def _draw(canvas: Canvas, box: Box, one: Entry, baseline: float, fonts: Fonts) -> None:
    left = box.x + PADDING
    draw_swatch(canvas, one.mark, left, baseline, box.size, fonts)
    canvas.setFont(fonts.regular, box.size)
    for number, part in enumerate(one.days):
        canvas.drawString(left + swatch_width(box.size), baseline - number * box.size * LEADING,
                          part)
    canvas.setFont(one.font, box.size)
    for number, line in enumerate(one.lines):
        canvas.drawString(left + one.offset, baseline - number * box.size * LEADING, line)


def _fit(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
