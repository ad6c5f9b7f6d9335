"""The poster's design: the city's logo, themes as colours with a legend, observances of
several days as one span, the QR code with words, and a print in grey that still works."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdfium2
import pytest
import yaml
from PIL import Image

from calendar_app.catalogue import Translated
from calendar_app.exports.fonts import BUILT_IN
from calendar_app.exports.poster import poster_pdf
from calendar_app.exports.poster_month import Box
from calendar_app.exports.poster_month import entries
from calendar_app.exports.poster_themes import TEXT
from calendar_app.exports.poster_themes import _luminance
from calendar_app.exports.poster_themes import marks
from tests.exports.conftest import pdf_text
from tests.exports.test_poster import LINKS
from tests.exports.test_poster import RAMADAN
from tests.exports.test_poster import Item

EVENTS = Path(__file__).resolve().parents[2] / "events.yaml"
CATALOGUE = {key: name["en"] for key, name in
             yaml.safe_load(EVENTS.read_text(encoding="utf-8"))["themes"].items()}
BLACK_MONTH = Item(Translated(nl="Black Achievement Month", en="Black Achievement Month"),
                   date(2026, 10, 1), date(2026, 10, 31), themes=("racisme",))
DIVERSITY_DAY = Item(Translated(nl="Diversity Day", en="Diversity Day"), date(2026, 10, 6),
                     date(2026, 10, 6), themes=("lhbtiq",))


def _month_poster(items: list[Item], language: str = "en") -> bytes:
    return poster_pdf(items, first=date(2026, 10, 1), last=date(2026, 10, 31),
                      title="October", **LINKS, themes=CATALOGUE, language=language,
                      size="A4")


def _image(data: bytes) -> Image.Image:
    document = pypdfium2.PdfDocument(data)
    try:
        return document[0].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()


def _widest_run(image: Image.Image, colour: tuple[int, int, int]) -> int:
    """The longest horizontal run of pixels of `colour` (±6 per channel), in pixels."""
    pixels, (width, height) = image.load(), image.size
    best = 0
    for y in range(height):
        run = 0
        for x in range(width):
            if all(abs(a - b) <= 6 for a, b in zip(pixels[x, y], colour, strict=True)):
                run += 1
                best = max(best, run)
            else:
                run = 0
    return best


def _rgb(colour) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    return tuple(round(value * 255) for value in (colour.red, colour.green, colour.blue))


def test_every_catalogue_theme_has_its_own_colour_and_letter() -> None:
    shown = marks(CATALOGUE)
    assert len({mark.letter for mark in shown.values()}) == len(CATALOGUE)
    assert len({mark.colour.hexval() for mark in shown.values()}) == len(CATALOGUE)


def test_the_letter_in_a_swatch_contrasts_with_its_colour() -> None:
    for mark in marks(CATALOGUE).values():
        light, dark = sorted((_luminance(mark.colour), _luminance(mark.ink)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, mark.key


def test_the_legend_names_the_themes_on_the_poster_in_its_language() -> None:
    words = " ".join(pdf_text(_month_poster([BLACK_MONTH, DIVERSITY_DAY])).split())
    letters = marks(CATALOGUE)
    assert "Themes" in words
    assert f"{letters['racisme'].letter} Racism and discrimination" in words
    assert f"{letters['lhbtiq'].letter} LGBTIQ+" in words
    assert "Informal care" not in words  # a theme with nothing on this poster
    assert "racisme" not in words


def test_an_observance_of_several_days_is_one_band_across_its_days() -> None:
    image = _image(_month_poster([BLACK_MONTH]))
    tint = _rgb(marks(CATALOGUE)["racisme"].tint)
    # 1 to 31 October: the whole width of the box, less its padding (A4 at 72 dpi).
    assert _widest_run(image, tint) >= 595 - 2 * 42.5 - 2 * 11.3 - 4


def test_a_single_day_has_no_band() -> None:
    image = _image(_month_poster([DIVERSITY_DAY]))
    assert _widest_run(image, _rgb(marks(CATALOGUE)["lhbtiq"].tint)) < 5


def test_a_span_across_a_month_boundary_is_drawn_in_both_months() -> None:
    february, march = (Box(date(2026, month, 1), 0, 800, 300, 200, 20, 16) for month in (2, 3))
    known = marks(CATALOGUE)
    [in_february] = entries(february, [RAMADAN], "nl", BUILT_IN, known)
    [in_march] = entries(march, [RAMADAN], "nl", BUILT_IN, known)
    assert (in_february.first_day, in_february.last_day) == (18, 28)
    assert (in_march.first_day, in_march.last_day) == (1, 19)
    data = poster_pdf([RAMADAN], first=date(2026, 1, 1), last=date(2026, 3, 31), title="Q1",
                      **LINKS, themes=CATALOGUE, language="nl", size="A3")
    assert " ".join(pdf_text(data).split()).count("18 feb–19 mrt Ramadan") == 2


def test_the_poster_carries_the_city_logo_top_left() -> None:
    image = _image(_month_poster([DIVERSITY_DAY]))
    corner = image.crop((0, 0, 200, 90)).getcolors(maxcolors=200 * 90) or []
    logo_red = sum(count for count, colour in corner if colour == (236, 0, 0))  # #EC0000
    assert logo_red > 150


@pytest.mark.parametrize(("language", "caption", "address"), [
    ("nl", "Scan om de kalender in je agenda te zetten", "Of zet dit adres in je agenda:"),
    ("en", "Scan to add these dates to your calendar", "Or add this address to your calendar:")])
def test_the_qr_code_says_in_words_what_it_does_with_the_feed_address_under_it(
        language: str, caption: str, address: str) -> None:
    text = " ".join(pdf_text(_month_poster([DIVERSITY_DAY], language)).split())
    assert f"{caption} {address} {LINKS['feed_url']}" in text


def test_in_grey_the_letter_still_tells_the_themes_apart() -> None:
    grey = _image(_month_poster([BLACK_MONTH, DIVERSITY_DAY])).convert("L")
    assert grey.getextrema()[0] <= _luminance(TEXT) * 255 + 40  # the letters stay dark
    text = pdf_text(_month_poster([BLACK_MONTH, DIVERSITY_DAY]))
    for key in ("racisme", "lhbtiq"):
        assert marks(CATALOGUE)[key].letter in text.split()
