"""expand/between over specs, record round-trips, and events.yaml against published dates."""

from __future__ import annotations

import csv
import json
from datetime import date

from calendar_app.catalogue import Catalogue
from calendar_app.catalogue import between
from calendar_app.catalogue import expand
from calendar_app.catalogue import parse_observance
from calendar_app.rules import Status
from tests.catalogue.conftest import PUBLISHED
from tests.catalogue.conftest import catalogue_keys


def test_every_observance_has_an_entry_in_every_year_2023_to_2030(events: Catalogue) -> None:
    rows = expand(events.observances, 2023, 2030)
    seen = {(row.key, row.year) for row in rows}
    missing = [(k, y) for k in events.observances for y in range(2023, 2031) if (k, y) not in seen]
    assert missing == []


def test_events_yaml_has_every_key_of_the_domain_catalogue(events: Catalogue) -> None:
    assert sorted(set(catalogue_keys()) - set(events.observances)) == []


def test_events_yaml_gives_the_published_start_and_end_dates(events: Catalogue) -> None:
    with PUBLISHED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    wrong = []
    for row in rows:
        spec = events.observances[row["key"]]
        spans = {(o.start, o.end) for o in spec.occurrences(int(row["year"]), int(row["year"]))}
        published = (date.fromisoformat(row["start"]), date.fromisoformat(row["end"]))
        if published not in spans:
            wrong.append((row["key"], row["year"], published, sorted(map(str, spans))))
    assert wrong == []


def test_expand_sorts_by_start_then_key(small: Catalogue) -> None:
    rows = expand(small.observances, 2024, 2025)
    keys = [(row.start or date(row.year, 1, 1), row.key) for row in rows]
    assert keys == sorted(keys)
    assert len({(row.key, row.year, row.index) for row in rows}) == len(rows)


def test_expand_filters_by_key_and_theme(small: Catalogue) -> None:
    assert {row.key for row in expand(small.observances, 2025, 2025, keys=["pesach"])} == {"pesach"}
    lhbtiq = {row.key for row in expand(small.observances, 2025, 2025, themes=["lhbtiq"])}
    assert lhbtiq == {"paarse-vrijdag", "pride-amsterdam"}


def test_expand_gives_status_rows_for_unannounced_years(small: Catalogue) -> None:
    (row,) = expand(small.observances, 2026, 2026, keys=["pride-amsterdam"])
    assert (row.status, row.start, row.end) == (Status.NOT_ANNOUNCED, None, None)


def test_between_includes_an_occurrence_that_started_the_year_before(small: Catalogue) -> None:
    rows = between(small.observances, date(2025, 1, 1), date(2025, 1, 1))
    assert [(row.key, row.year) for row in rows] == []
    rows = between(small.observances, date(2030, 12, 31), date(2031, 1, 2))
    assert [(row.key, row.start) for row in rows] == [("ramadan", date(2030, 12, 26))]


def test_between_returns_only_dated_overlapping_occurrences(small: Catalogue) -> None:
    rows = between(small.observances, date(2025, 4, 20), date(2025, 4, 26))
    assert [row.key for row in rows] == ["pesach", "koningsdag"]


def test_records_are_json_and_rebuild_the_same_spec(small: Catalogue) -> None:
    for key, spec in small.observances.items():
        record = json.loads(json.dumps(spec.record()))
        assert parse_observance(key, record) == spec


def test_real_records_rebuild_the_same_spec(events: Catalogue) -> None:
    for key, spec in events.observances.items():
        assert parse_observance(key, json.loads(json.dumps(spec.record()))) == spec
