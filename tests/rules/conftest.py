"""Reference rules for the catalogue keys, written from docs/events-format.md and domain.md.

The published-dates test checks the engine with these, so it does not depend on the
content of events.yaml (tests/catalogue checks that file separately).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from calendar_app.rules import Occurrence
from calendar_app.rules import build_rule
from calendar_app.rules import occurrences_in_year

REFERENCE: dict[str, tuple[dict[str, Any], Any, bool]] = {  # key -> (rule, days, evening_before)
    "pasen": ({"kind": "easter", "calendar": "western"}, 1, False),
    "orthodox-pasen": ({"kind": "easter", "calendar": "orthodox"}, 1, False),
    "pinksteren": ({"kind": "easter", "calendar": "western", "offset": 49}, 1, False),
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
    "keti-koti": ({"kind": "fixed", "month": 7, "day": 1}, 1, False),
    "idahot": ({"kind": "fixed", "month": 5, "day": 17}, 1, False),
    "pride-amsterdam": (
        {
            "kind": "announced",
            "dates": [
                {"start": "2025-07-26", "end": "2025-08-09", "source": "https://pride.amsterdam/"}
            ],
        },
        1,
        False,
    ),
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
