"""On every poster of 2026 and 2027 no drawn string overlaps another or a band.

The posters are drawn on a recording canvas: it notes the box of every string
(its width from the font metrics, its height from the font's ascent and descent) and
of every filled rectangle (the bands under spans, the QR code's squares) before
ReportLab draws them. The real catalogue gives the busy spans: Ramadan across two
months, Pesach, Pride, Keti Koti.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from calendar_app.exports import poster
from tests.web.accounts_data import catalogue

Rect = tuple[float, float, float, float]
#: Touching edges are not an overlap; ReportLab rounds positions to 0.01 pt or so.
TOLERANCE = 0.05
POSTERS = [f"/poster/{year}.pdf" for year in (2026, 2027)] + [
    f"/poster/{year}.pdf?quarter={quarter}" for year in (2026, 2027) for quarter in range(1, 5)
] + [f"/poster/{year}-{month}.pdf" for year in (2026, 2027) for month in range(1, 13)]


class Recording(Canvas):  # type: ignore[misc]
    """A canvas that keeps the boxes of the strings and filled rectangles it draws."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strings: list[tuple[str, Rect]] = []
        self.fills: list[Rect] = []
        DRAWN.append(self)

    def _note(self, left: float, baseline: float, text: str) -> None:
        if not text.strip():
            return
        width = stringWidth(text, self._fontname, self._fontsize)
        ascent, descent = getAscentDescent(self._fontname, self._fontsize)
        self.strings.append((text, (left, baseline + descent, left + width, baseline + ascent)))

    def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        self._note(x, y, text)
        super().drawString(x, y, text, *args, **kwargs)

    def drawRightString(self, x: float, y: float, text: str, *args: Any,
                        **kwargs: Any) -> None:
        self._note(x - stringWidth(text, self._fontname, self._fontsize), y, text)
        super().drawRightString(x, y, text, *args, **kwargs)

    def drawCentredString(self, x: float, y: float, text: str, *args: Any,
                          **kwargs: Any) -> None:
        self._note(x - stringWidth(text, self._fontname, self._fontsize) / 2, y, text)
        super().drawCentredString(x, y, text, *args, **kwargs)

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1,
             fill: int = 0) -> None:
        if fill:
            self.fills.append((x, y, x + width, y + height))
        super().rect(x, y, width, height, stroke=stroke, fill=fill)


DRAWN: list[Recording] = []


def _overlap(one: Rect, other: Rect) -> bool:
    return (min(one[2], other[2]) - max(one[0], other[0]) > TOLERANCE
            and min(one[3], other[3]) - max(one[1], other[1]) > TOLERANCE)


def _collisions(drawn: Recording) -> list[str]:
    found = []
    for index, (text, box) in enumerate(drawn.strings):
        found += [f"{text!r} over {other!r}" for other, other_box in drawn.strings[index + 1:]
                  if _overlap(box, other_box)]
        found += [f"{text!r} over a band at {fill}" for fill in drawn.fills
                  if _overlap(box, fill)]
    return found


@pytest.fixture
def recorded(app: Flask, monkeypatch: pytest.MonkeyPatch) -> dict[str, Recording]:
    """Every poster of 2026 and 2027 (Dutch, the real catalogue), as drawn."""
    catalogue(app)
    monkeypatch.setattr(poster, "Canvas", Recording)
    client = app.test_client()
    result = {}
    for address in POSTERS:
        DRAWN.clear()
        assert client.get(address).status_code == 200, address
        [result[address]] = DRAWN
    return result


def test_no_string_on_a_poster_overlaps_another_or_a_band(
        recorded: dict[str, Recording]) -> None:
    texts = " ".join(text for drawn in recorded.values() for text, _box in drawn.strings)
    for name in ("Ramadan", "Pesach", "Pride", "Keti Koti"):
        assert name in texts, name
    assert any(drawn.fills for drawn in recorded.values())
    collisions = {address: found for address, drawn in recorded.items()
                  if (found := _collisions(drawn))}
    assert collisions == {}
