"""Themes on the posters: a colour and a letter per theme, and the legend that names them.

The colours are the design system's (highlight, interactive and text tokens); each
theme also has a letter, printed in its colour swatch and in the legend, because a
poster is often printed in grey and 13 colours are more than an eye tells apart.
A theme keeps its colour and letter on every poster: they follow the catalogue order.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from string import ascii_uppercase

from reportlab.lib.colors import Color
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from calendar_app.exports.fonts import Fonts

#: Amsterdam Design System tokens (highlight, interactive, feedback, text), one per theme
#: in catalogue order; neighbours differ in hue or lightness.
PALETTE = ("#004699", "#e50082", "#00893c", "#ff9100", "#bed200", "#009de6", "#10552b",
           "#b70000", "#767676", "#ffe600", "#a00078", "#ec0000", "#202020")
TEXT = HexColor("#202020")
WHITE = HexColor("#ffffff")
LEGEND_TITLE = {"nl": "Thema's", "en": "Themes"}


@dataclass(frozen=True)
class Mark:
    """How one theme looks on the poster."""

    key: str
    name: str
    letter: str
    colour: Color
    #: The light fill of a span, so the black text over it stays readable.
    tint: Color
    #: The span's edge: the colour, darkened where it is too light to see on white.
    edge: Color
    #: The letter's colour in the swatch: white or dark, whichever contrasts more.
    ink: Color


def _letter(index: int) -> str:
    """A, B, … Z, then AA, AB, … for a catalogue of more than 26 themes."""
    letters = ascii_uppercase
    if index < len(letters):
        return letters[index]
    return letters[index // 26 - 1] + letters[index % 26]


def _luminance(colour: Color) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in (colour.red, colour.green, colour.blue))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _mix(colour: Color, other: Color, share: float) -> Color:
    """`share` of `colour`, the rest `other`."""
    return Color(*(share * mine + (1 - share) * theirs for mine, theirs in zip(
        (colour.red, colour.green, colour.blue), (other.red, other.green, other.blue),
        strict=True)))


def marks(themes: Mapping[str, str]) -> dict[str, Mark]:
    """A mark for every theme in `themes` (key -> name, in catalogue order)."""
    result = {}
    for index, (key, name) in enumerate(themes.items()):
        colour = HexColor(PALETTE[index % len(PALETTE)])
        light = _luminance(colour)
        white_contrast = 1.05 / (light + 0.05)
        dark_contrast = (light + 0.05) / (_luminance(TEXT) + 0.05)
        result[key] = Mark(key, name, _letter(index), colour, _mix(colour, WHITE, 0.28),
                           _mix(colour, TEXT, 0.6) if light > 0.4 else colour,
                           WHITE if white_contrast >= dark_contrast else TEXT)
    return result


def first_mark(keys: Iterable[str], known: Mapping[str, Mark]) -> Mark | None:
    """The mark of an item's first theme that the poster knows, if any."""
    return next((known[key] for key in keys if key in known), None)


def _letter_size(size: float) -> float:
    """The letter in a swatch: a little smaller than the line, never below 9 pt."""
    return max(9.0, size * 0.75)


def _side(size: float) -> float:
    return max(size * 1.05, _letter_size(size) * 1.35)


def _swatch_bottom(size: float) -> float:
    """How far a swatch's square drops below the baseline of its line."""
    return size * 0.22 + (_side(size) - size * 1.05) / 2


def swatch_letter(size: float) -> tuple[float, float]:
    """The letter in a swatch: its baseline relative to the line's, and its size."""
    letter_size = _letter_size(size)
    return (_side(size) - letter_size * 0.7) / 2 - _swatch_bottom(size), letter_size


def draw_swatch(canvas: Canvas, mark: Mark | None, x: float, baseline: float, size: float,
                fonts: Fonts) -> None:
    """A square in the theme's colour with its letter, sitting on the text's baseline."""
    if mark is None:
        return
    side, (letter_baseline, letter_size) = _side(size), swatch_letter(size)
    bottom = baseline - _swatch_bottom(size)
    canvas.setFillColor(mark.colour)
    canvas.roundRect(x, bottom, side, side, side * 0.18, stroke=0, fill=1)
    canvas.setFillColor(mark.ink)
    canvas.setFont(fonts.bold, letter_size)
    canvas.drawCentredString(x + side / 2, baseline + letter_baseline, mark.letter)
    canvas.setFillColor(TEXT)


def swatch_width(size: float) -> float:
    """The room a swatch takes before the text, with its gap."""
    return _side(size) + size * 0.45


@dataclass(frozen=True)
class Legend:
    """The legend laid out in columns for a given width."""

    shown: tuple[Mark, ...]
    columns: int
    column_width: float
    size: float

    @property
    def rows(self) -> int:
        return -(-len(self.shown) // self.columns) if self.shown else 0

    @property
    def height(self) -> float:
        return (self.rows + 1) * self.size * 1.45 if self.shown else 0.0


def legend(used: Iterable[Mark], width: float, size: float, fonts: Fonts) -> Legend:
    """The themes on the poster (catalogue order) in as many columns as fit `width`."""
    order = {mark.letter: mark for mark in used}
    shown = tuple(sorted(order.values(), key=lambda mark: (len(mark.letter), mark.letter)))
    widest = max((stringWidth(mark.name, fonts.regular, size) for mark in shown), default=0.0)
    column_width = swatch_width(size) + widest + 6 * mm
    columns = max(1, min(len(shown) or 1, int(width // column_width)))
    return Legend(shown, columns, column_width, size)


def draw_legend(canvas: Canvas, layout: Legend, x: float, top: float, language: str,
                fonts: Fonts) -> None:
    """"Thema's" and, per theme, its swatch and name; filled column by column."""
    if not layout.shown:
        return
    line = layout.size * 1.45
    canvas.setFillColor(TEXT)
    canvas.setFont(fonts.bold, layout.size)
    canvas.drawString(x, top - layout.size, LEGEND_TITLE[language])
    for index, mark in enumerate(layout.shown):
        column, row = divmod(index, layout.rows)
        left = x + column * layout.column_width
        baseline = top - layout.size - (row + 1) * line
        draw_swatch(canvas, mark, left, baseline, layout.size, fonts)
        canvas.setFont(fonts.regular, layout.size)
        canvas.drawString(left + swatch_width(layout.size), baseline, mark.name)
