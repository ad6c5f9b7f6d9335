"""render(): the same rows as table, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest

from calendar_app.catalogue import Catalogue
from calendar_app.catalogue import expand
from calendar_app.dates_export import FIELDS
from calendar_app.dates_export import render


def test_json_has_the_documented_fields_and_null_for_unknown_dates(small: Catalogue) -> None:
    rows = expand(small.observances, 2030, 2030, keys=["ramadan", "pride-amsterdam"])
    data = json.loads(render(rows, small.observances, "json"))
    assert [tuple(item) for item in data] == [FIELDS] * 3
    assert data[0] | {} == {
        "key": "pride-amsterdam",
        "year": 2030,
        "name_nl": "Pride Amsterdam",
        "name_en": "Pride Amsterdam",
        "start": None,
        "end": None,
        "status": "not-announced",
        "evening_before": False,
        "note": None,
    }
    assert [(item["start"], item["end"]) for item in data[1:]] == [
        ("2030-01-05", "2030-02-03"),
        ("2030-12-26", "2031-01-23"),
    ]


def test_csv_has_a_header_and_one_line_per_occurrence(small: Catalogue) -> None:
    rows = expand(small.observances, 2031, 2031, keys=["divali"])
    parsed = list(csv.DictReader(io.StringIO(render(rows, small.observances, "csv"))))
    assert parsed == [
        {
            "key": "divali",
            "year": "2031",
            "name_nl": "Divali",
            "name_en": "Diwali",
            "start": "",
            "end": "",
            "status": "out-of-range",
            "evening_before": "false",
            "note": "outside the range of the Surinamese dates in python-holidays "
            "(timeanddate.com, 2014–2030)",
        }
    ]


def test_table_columns_line_up(small: Catalogue) -> None:
    rows = expand(small.observances, 2025, 2025, keys=["pesach", "koningsdag"])
    lines = render(rows, small.observances, "table").splitlines()
    assert lines[0].split() == ["start", "end", "status", "name", "key", "remarks"]
    assert lines[1].startswith("2025-04-13  2025-04-20  computed")
    assert lines[1].index("Pesach") == lines[2].index("Koningsdag") == lines[0].index("name")


def test_unknown_format_is_refused(small: Catalogue) -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render([], small.observances, "xml")
