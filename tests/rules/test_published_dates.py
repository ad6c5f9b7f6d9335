"""The engine against dates published by independent sources (tests/data/published_dates.csv)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from tests.catalogue.conftest import catalogue_keys
from tests.rules.conftest import REFERENCE
from tests.rules.conftest import reference_occurrences

DATA = Path(__file__).parent.parent / "data" / "published_dates.csv"


def _rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = _rows()


def test_the_file_covers_enough_dates_and_observances() -> None:
    assert len(ROWS) >= 120
    assert len({row["key"] for row in ROWS}) >= 30
    # Second-edition keys are checked against published dates too.
    assert {"sjavoeot", "soekot", "holocaust-herdenking", "indie-herdenking"} <= {
        row["key"] for row in ROWS}
    assert all(2015 <= int(row["year"]) <= 2030 for row in ROWS)
    assert all(row["source"].startswith(("http://", "https://")) for row in ROWS)
    assert all(row["start"] and row["end"] for row in ROWS), "every row gives start and end"


def test_every_key_is_a_catalogue_key_from_domain_md() -> None:
    keys = set(catalogue_keys())
    assert sorted({row["key"] for row in ROWS} - keys) == []


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['key']}-{r['year']}" for r in ROWS])
def test_engine_gives_the_published_date(row: dict[str, str]) -> None:
    assert row["key"] in REFERENCE
    found = [
        occurrence
        for occurrence in reference_occurrences(row["key"], int(row["year"]))
        if occurrence.start == date.fromisoformat(row["start"])
    ]
    assert found, (
        f"{row['key']} {row['year']}: no occurrence starts on {row['start']} ({row['source']})"
    )
    assert found[0].end == date.fromisoformat(row["end"]), (
        f"{row['key']} {row['year']}: ends on {found[0].end}, published {row['end']}"
    )
