"""Posters: one A3 page for a year or quarter, one A4 page for a month, with a QR code."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session

from calendar_app.catalogue import Translated
from calendar_app.exports import poster
from calendar_app.exports.poster import poster_pdf
from calendar_app.services import planning
from tests.exports.conftest import A3
from tests.exports.conftest import A4
from tests.exports.conftest import ZONE
from tests.exports.conftest import page_size
from tests.exports.conftest import pdf_text
from tests.exports.conftest import render_first_page

BASE = "https://kalender.example.org"
LINKS = {"qr_url": f"{BASE}/subscribe", "feed_url": f"{BASE}/feed.ics"}
URL = LINKS["feed_url"]


def test_the_year_poster_is_one_a3_page_with_observances_and_public_activities(
        seeded: Session) -> None:
    items = planning.poster_items(seeded, date(2026, 1, 1), date(2026, 12, 31), zone=ZONE)
    data = poster_pdf(items, first=date(2026, 1, 1), last=date(2026, 12, 31),
                      title="Diversiteitskalender 2026", **LINKS, language="nl", size="A3")
    assert page_size(data) == [A3]
    text = pdf_text(data)
    for expected in ("Diversiteitskalender 2026", "Januari", "December", "IDAHOT",
                     "Keti Koti", "Lunchlezing", URL):
        assert expected in text, expected
    assert "Afgelast" not in text  # a cancelled activity is not printed
    assert "Voorstel" not in text  # nor a proposal
    render_first_page(data, "export-poster-year-nl")


def test_long_names_on_the_year_poster_wrap_instead_of_being_cut(seeded: Session) -> None:
    items = planning.poster_items(seeded, date(2026, 1, 1), date(2026, 12, 31), zone=ZONE)
    data = poster_pdf(items, first=date(2026, 1, 1), last=date(2026, 12, 31),
                      title="Diversiteitskalender 2026", **LINKS, language="nl", size="A3")
    words = " ".join(pdf_text(data).split())
    assert "…" not in words
    assert "Internationale Transgender Zichtbaarheidsdag" in words
    assert "Internationale Dag van Mensen met een Beperking" in words


def test_a_month_poster_is_one_a4_page(seeded: Session) -> None:
    first, last = date(2026, 5, 1), date(2026, 5, 31)
    items = planning.poster_items(seeded, first, last, zone=ZONE)
    data = poster_pdf(items, first=first, last=last, title="Diversity calendar May 2026",
                      **LINKS, language="en", size="A4")
    assert page_size(data) == [A4]
    text = pdf_text(data)
    assert "May 2026" in text and "IDAHOT-borrel (Stadsdeel Zuid)" in text
    assert "Scan to add these dates to your calendar" in " ".join(text.split())
    render_first_page(data, "export-poster-month-en")


def test_a_month_poster_names_its_month_once() -> None:
    data = poster_pdf([], first=date(2027, 5, 1), last=date(2027, 5, 31),
                      title="Diversiteitskalender mei 2027", **LINKS, language="nl", size="A4")
    assert pdf_text(data).lower().count("mei 2027") == 1


def test_a_crowded_month_says_how_many_lines_did_not_fit(seeded: Session) -> None:
    items = planning.poster_items(seeded, date(2026, 5, 1), date(2026, 5, 31), zone=ZONE)
    crowded = list(items) * 30
    data = poster_pdf(crowded, first=date(2026, 5, 1), last=date(2026, 5, 31), title="Mei",
                      **LINKS, language="nl", size="A4")
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert "meer" in pdf_text(data)



def test_a_month_too_full_at_any_size_is_fitted_to_its_first_items_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A busy year at ten times the city: the type is fitted as if every item were laid
    out, and the box still says how many did not fit."""
    limit = poster.fitting_limit(A3[1])
    crowded = [Item(Translated(nl=f"Dag {n}", en=f"Day {n}"), date(2026, 5, 1 + n % 28),
                    date(2026, 5, 1 + n % 28)) for n in range(limit + 40)]
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    bounded = pdf_text(poster_pdf(crowded, first=first, last=last, title="2026", **LINKS,
                                  language="nl", size="A3"))
    monkeypatch.setattr(poster, "fitting_limit", lambda _height: len(crowded))
    everything = pdf_text(poster_pdf(crowded, first=first, last=last, title="2026", **LINKS,
                                     language="nl", size="A3"))
    assert bounded == everything
    assert re.search(r"\+ \d+ meer", bounded)


@dataclass(frozen=True)
class Item:
    """A poster line without a database: what `planning.poster_items` hands over."""

    name: Translated
    start: date
    end: date
    kind: str = "observance"
    workgroup: str = ""
    themes: tuple[str, ...] = ()


RAMADAN = Item(Translated(nl="Ramadan", en="Ramadan"), date(2026, 2, 18), date(2026, 3, 19),
               themes=("religie",))
THEMES = {"lhbtiq": "LHBTIQ+", "religie": "Religie en levensbeschouwing"}


def _font_sizes(data: bytes) -> list[float]:
    sizes: list[float] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * abs(tm[3] or 1))

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize(("language", "span"), [
    ("nl", "18 feb–19 mrt Ramadan"), ("en", "18 Feb–19 Mar Ramadan")])
def test_an_observance_across_a_month_boundary_prints_its_span(language: str,
                                                                span: str) -> None:
    data = poster_pdf([RAMADAN], first=date(2026, 1, 1), last=date(2026, 3, 31),
                      title="Q1", **LINKS, language=language, size="A3")
    text = " ".join(pdf_text(data).split())
    assert span in text


def test_no_text_on_a_crowded_a3_poster_is_smaller_than_9_pt() -> None:
    crowded = [Item(Translated(nl=f"Dag {n}", en=f"Day {n}"), date(2026, 5, 1 + n % 28),
                    date(2026, 5, 1 + n % 28), themes=("lhbtiq",)) for n in range(200)]
    data = poster_pdf([*crowded, RAMADAN], first=date(2026, 1, 1), last=date(2026, 12, 31),
                      title="Diversiteitskalender 2026", **LINKS, themes=THEMES, language="nl",
                      size="A3")
    sizes = _font_sizes(data)
    assert sizes and min(sizes) >= 9
    assert "meer" in pdf_text(data)  # what did not fit is summarised, not shrunk away
    render_first_page(data, "export-poster-crowded-a3")
