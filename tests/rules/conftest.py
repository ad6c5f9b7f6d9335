"""Reference rules for every catalogue key, written from docs/events-format.md and domain.md.

The published-dates and property tests check the engine with these, written down by hand
so a slip in events.yaml cannot also slip into what it is checked against; a test in
tests/catalogue/test_events_rules.py holds events.yaml's rules equal to these.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from calendar_app.rules import Occurrence
from calendar_app.rules import build_rule
from calendar_app.rules import occurrences_in_year


def _announced(start: str, end: str, source: str) -> dict[str, str]:
    return {"start": start, "end": end, "source": source}


REFERENCE: dict[str, tuple[dict[str, Any], Any, bool]] = {  # key -> (rule, days, evening_before)
    # Pasen and Pinksteren: the Dutch first and second day (Sunday and Monday).
    "pasen": ({"kind": "easter", "calendar": "western", "offset": 0}, 2, False),
    "orthodox-pasen": ({"kind": "easter", "calendar": "orthodox", "offset": 0}, 1, False),
    "hemelvaartsdag": ({"kind": "easter", "calendar": "western", "offset": 39}, 1, False),
    "pinksteren": ({"kind": "easter", "calendar": "western", "offset": 49}, 2, False),
    "koningsdag": ({"kind": "fixed", "month": 4, "day": 27, "on_sunday": -1}, 1, False),
    "pesach": ({"kind": "hebrew", "month": "nisan", "day": 15}, 8, True),
    "rosj-hasjana": ({"kind": "hebrew", "month": "tishrei", "day": 1}, 2, True),
    "jom-kipoer": ({"kind": "hebrew", "month": "tishrei", "day": 10}, 1, True),
    "chanoeka": ({"kind": "hebrew", "month": "kislev", "day": 25}, 8, True),
    "ramadan": ({"kind": "islamic", "month": 9, "day": 1}, "whole-month", True),
    "suikerfeest": ({"kind": "islamic", "month": 10, "day": 1}, 1, True),
    "offerfeest": ({"kind": "islamic", "month": 12, "day": 10}, 1, True),
    "chinees-nieuwjaar": ({"kind": "chinese", "festival": "new-year"}, 1, False),
    "nowruz": ({"kind": "persian", "month": 1, "day": 1}, 1, False),
    "vesak": ({"kind": "buddhist", "festival": "vesak"}, 1, False),
    "divali": ({"kind": "hindu", "festival": "divali"}, 1, False),
    "holi": ({"kind": "hindu", "festival": "holi"}, 1, False),
    "paarse-vrijdag": ({"kind": "nth-weekday", "month": 12, "weekday": "friday", "n": 2}, 1, False),
    "wereld-dovendag": (
        {"kind": "nth-weekday", "month": 9, "weekday": "sunday", "n": -1},
        1,
        False,
    ),
    # Ieder(in): Monday to Saturday from the first Monday of October.
    "week-van-de-toegankelijkheid": (
        {"kind": "nth-weekday", "month": 10, "weekday": "monday", "n": 1},
        6,
        False,
    ),
    "diversity-day": (
        {"kind": "nth-weekday", "month": 10, "weekday": "tuesday", "n": 1},
        1,
        False,
    ),
    "week-jonge-mantelzorger": (
        {"kind": "fixed-range", "start": {"month": 6, "day": 1}, "end": {"month": 6, "day": 7}},
        1,
        False,
    ),
    "black-achievement-month": (
        {"kind": "fixed-range", "start": {"month": 10, "day": 1}, "end": {"month": 10, "day": 31}},
        1,
        False,
    ),
    "internationale-vrouwendag": ({"kind": "fixed", "month": 3, "day": 8}, 1, False),
    "dag-tegen-racisme": ({"kind": "fixed", "month": 3, "day": 21}, 1, False),
    "transgender-zichtbaarheid": ({"kind": "fixed", "month": 3, "day": 31}, 1, False),
    "wereld-autisme-dag": ({"kind": "fixed", "month": 4, "day": 2}, 1, False),
    "dag-tegen-pesten": ({"kind": "fixed", "month": 4, "day": 19}, 1, False),
    "dodenherdenking": ({"kind": "fixed", "month": 5, "day": 4}, 1, False),
    "bevrijdingsdag": ({"kind": "fixed", "month": 5, "day": 5}, 1, False),
    "idahot": ({"kind": "fixed", "month": 5, "day": 17}, 1, False),
    "keti-koti": ({"kind": "fixed", "month": 7, "day": 1}, 1, False),
    "wereld-jonge-talentendag": ({"kind": "fixed", "month": 7, "day": 15}, 1, False),
    "wereld-alfabetiseringsdag": ({"kind": "fixed", "month": 9, "day": 8}, 1, False),
    "dag-van-de-gebarentalen": ({"kind": "fixed", "month": 9, "day": 23}, 1, False),
    "wereld-dyslexiedag": ({"kind": "fixed", "month": 10, "day": 8}, 1, False),
    "coming-out-day": ({"kind": "fixed", "month": 10, "day": 11}, 1, False),
    "wereld-stotterdag": ({"kind": "fixed", "month": 10, "day": 22}, 1, False),
    "dag-van-de-mantelzorg": ({"kind": "fixed", "month": 11, "day": 10}, 1, False),
    "wereld-diabetesdag": ({"kind": "fixed", "month": 11, "day": 14}, 1, False),
    "transgender-gedenkdag": ({"kind": "fixed", "month": 11, "day": 20}, 1, False),
    "wereld-aidsdag": ({"kind": "fixed", "month": 12, "day": 1}, 1, False),
    "dag-mensen-met-beperking": ({"kind": "fixed", "month": 12, "day": 3}, 1, False),
    "kerstmis": ({"kind": "fixed", "month": 12, "day": 25}, 2, False),
    # Organiser-set: the published dates, each with where it was published.
    "pride-amsterdam": (
        {
            "kind": "announced",
            "dates": [
                _announced(
                    "2022-07-30",
                    "2022-08-07",
                    "https://www.nhnieuws.nl/nieuws/306872/straks-live-amsterdam-pakt-groots-uit-met-26e-viering-pride",
                ),
                _announced(
                    "2023-07-22",
                    "2023-08-06",
                    "https://www.parool.nl/uit-in-amsterdam/pride-amsterdam-2023-dit-is-er-te-doen-tijdens-queer-pride-amsterdam~b7306e67/",
                ),
                _announced(
                    "2024-07-27",
                    "2024-08-04",
                    "https://www.maenner.media/reise/amsterdam-lgbt-pride-auf-den-kanaelen/",
                ),
                _announced(
                    "2025-07-26",
                    "2025-08-03",
                    "https://www.hartvannederland.nl/entertainment/evenementen/artikelen/noord-holland-amsterdam-pride-officieel-van-start-gegaan",
                ),
                _announced(
                    "2026-07-25",
                    "2026-08-08",
                    "https://www.welingelichtekringen.nl/samenleving/organisatie-pride-amsterdam-pakt-uit-voor-30e-editie",
                ),
            ],
        },
        1,
        False,
    ),
    "roze-filmdagen": (
        {
            "kind": "announced",
            "dates": [
                _announced(
                    "2024-03-13",
                    "2024-03-24",
                    "https://zijaanzij.nl/nieuws/6573/Roze-Filmdagen-2024.html",
                ),
                _announced(
                    "2025-03-19",
                    "2025-03-30",
                    "https://vrijetijdamsterdam.nl/cultuur/28e-editie-roze-filmdagen-in-ketelhuis-in-amsterdam/",
                ),
                _announced(
                    "2026-03-18",
                    "2026-03-29",
                    "https://www.qmeet.nl/news/209/roze-filmdagen-2026-programme",
                ),
            ],
        },
        1,
        False,
    ),
    "week-van-het-werkgeluk": (
        {
            "kind": "announced",
            "dates": [
                _announced(
                    "2019-09-23",
                    "2019-09-27",
                    "https://www.grootsneek.nl/nieuws/zorg-en-welzijn/2019/09/23/friese-week-van-het-werkgeluk/",
                ),
                _announced(
                    "2021-09-20",
                    "2021-09-26",
                    "https://www.aenk.nl/nieuws/geluk-en-werk-het-kan-goed-samengaan/",
                ),
            ],
        },
        1,
        False,
    ),
    "dag-van-de-stagiair": (
        {
            "kind": "announced",
            "dates": [
                _announced(
                    "2025-10-01",
                    "2025-10-01",
                    "https://www.oogtv.nl/2025/10/politici-lopen-stage-tijdens-dag-van-de-stagiair/",
                ),
            ],
        },
        1,
        False,
    ),
    # Second edition (domain.md), written from its table.
    "holocaust-herdenking": (
        {"kind": "nth-weekday", "month": 1, "weekday": "sunday", "n": -1}, 1, False),
    "orthodox-kerstmis": ({"kind": "fixed", "month": 1, "day": 7}, 1, False),
    "dag-van-de-moedertaal": ({"kind": "fixed", "month": 2, "day": 21}, 1, False),
    "wereld-downsyndroomdag": ({"kind": "fixed", "month": 3, "day": 21}, 1, False),
    "internationale-romadag": ({"kind": "fixed", "month": 4, "day": 8}, 1, False),
    "lesbische-zichtbaarheidsdag": ({"kind": "fixed", "month": 4, "day": 26}, 1, False),
    # 6-7 Sivan in the diaspora.
    "sjavoeot": ({"kind": "hebrew", "month": "sivan", "day": 6}, 2, True),
    "wereldvluchtelingendag": ({"kind": "fixed", "month": 6, "day": 20}, 1, False),
    "islamitisch-nieuwjaar": ({"kind": "islamic", "month": 1, "day": 1}, 1, True),
    "asjoera": ({"kind": "islamic", "month": 1, "day": 10}, 1, True),
    "indie-herdenking": ({"kind": "fixed", "month": 8, "day": 15}, 1, False),
    "dia-di-tula": ({"kind": "fixed", "month": 8, "day": 17}, 1, False),
    "bi-zichtbaarheidsdag": ({"kind": "fixed", "month": 9, "day": 23}, 1, False),
    # 15-23 Tishrei in the diaspora (with Shemini Atzeret and Simchat Torah): nine days.
    "soekot": ({"kind": "hebrew", "month": "tishrei", "day": 15}, 9, True),
    "dag-van-de-ouderen": ({"kind": "fixed", "month": 10, "day": 1}, 1, False),
    "wereld-mentale-gezondheidsdag": ({"kind": "fixed", "month": 10, "day": 10}, 1, False),
    "intersekse-dag": ({"kind": "fixed", "month": 10, "day": 26}, 1, False),
    "internationale-mannendag": ({"kind": "fixed", "month": 11, "day": 19}, 1, False),
    "orange-the-world": (
        {"kind": "fixed-range", "start": {"month": 11, "day": 25}, "end": {"month": 12, "day": 10}},
        1,
        False,
    ),
    "dag-van-de-mensenrechten": ({"kind": "fixed", "month": 12, "day": 10}, 1, False),
}


def reference_occurrences(key: str, year: int) -> list[Occurrence]:
    """The engine's occurrences of a reference observance in `year`."""
    params, days, evening_before = REFERENCE[key]
    return occurrences_in_year(
        key, build_rule(params), year, days=days, evening_before=evening_before
    )


def only_span(key: str, year: int) -> tuple[date, date]:
    """The single dated (start, end) of `key` in `year`; fails when there is not exactly one."""
    rows = reference_occurrences(key, year)
    assert len(rows) == 1, rows
    assert rows[0].start is not None and rows[0].end is not None, rows[0]
    return rows[0].start, rows[0].end


@pytest.fixture
def occurrences_of():
    """Occurrences of a reference observance in a year (fixture form of the helper)."""
    return reference_occurrences
