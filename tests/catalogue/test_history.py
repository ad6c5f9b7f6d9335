"""Since when, and rules that changed: no date before the first year; Koninginnedag → Koningsdag."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

import pytest

from calendar_app.catalogue import Catalogue
from calendar_app.rules import Status
from calendar_app.rules import unannounced_status

SUNDAY = 6


def koningsdag_by_hand(year: int) -> tuple[date, str]:
    """The day and name, written from domain.md's description of the rule's history."""
    if year >= 2014:
        day = date(year, 4, 27)
        return (day - timedelta(days=1) if day.weekday() == SUNDAY else day), "Koningsdag"
    day = date(year, 4, 30)
    if day.weekday() == SUNDAY:
        day += timedelta(days=1) if year <= 1979 else timedelta(days=-1)
    return day, "Koninginnedag"


@pytest.mark.parametrize("year", range(1950, 2101))
def test_koninginnedag_and_koningsdag_are_right_every_year(events: Catalogue, year: int) -> None:
    spec = events.observances["koningsdag"]
    rows = spec.occurrences(year, year)
    day, name = koningsdag_by_hand(year)
    assert [(row.start, row.end, row.status) for row in rows] == [(day, day, Status.COMPUTED)]
    assert spec.name_in(year).nl == name
    assert spec.name_in(year).en == ("King's Day" if year >= 2014 else "Queen's Day")


def test_the_sunday_moves_changed_in_1980(events: Catalogue) -> None:
    spec = events.observances["koningsdag"]
    assert spec.occurrences(1972, 1972)[0].start == date(1972, 5, 1)  # 30 April a Sunday
    assert spec.occurrences(1989, 1989)[0].start == date(1989, 4, 29)
    assert spec.occurrences(2014, 2014)[0].start == date(2014, 4, 26)


def test_no_observance_is_dated_before_its_first_year(events: Catalogue) -> None:
    for spec in events.observances.values():
        if spec.since is None:
            continue
        for row in spec.occurrences(1950, spec.since - 1) if spec.since > 1950 else []:
            assert (row.start, row.status) == (None, Status.NOT_OBSERVED), row
            assert row.note == f"first held in {spec.since}"


def test_idahot_begins_in_2005(events: Catalogue) -> None:
    spec = events.observances["idahot"]
    assert spec.since == 2005
    assert spec.occurrences(2004, 2004)[0].status is Status.NOT_OBSERVED
    assert spec.occurrences(2005, 2005)[0].start == date(2005, 5, 17)


def test_pride_2019_is_not_recorded_and_a_future_year_not_announced(events: Catalogue) -> None:
    spec = events.observances["pride-amsterdam"]
    today = date(2026, 12, 1)
    assert spec.occurrences(2019, 2019, today=today)[0].status is Status.NOT_RECORDED
    assert spec.occurrences(2030, 2030, today=today)[0].status is Status.NOT_ANNOUNCED
    assert spec.occurrences(1995, 1995, today=today)[0].status is Status.NOT_OBSERVED


def test_the_current_year_without_a_date_is_still_not_announced() -> None:
    assert unannounced_status(2026, today=date(2026, 12, 1)) is Status.NOT_ANNOUNCED
    assert unannounced_status(2025, today=date(2026, 1, 1)) is Status.NOT_RECORDED


def test_dates_json_has_every_key_every_year_with_a_date_or_an_honest_status(
        events: Catalogue) -> None:
    import json

    from calendar_app.catalogue import expand
    from calendar_app.dates_export import render

    rows = json.loads(render(expand(events.observances, 1950, 2100), events.observances, "json"))
    seen = {(row["key"], row["year"]) for row in rows}
    assert seen == {(key, year) for key in events.observances for year in range(1950, 2101)}
    honest = {"not-observed", "not-recorded", "not-announced", "out-of-range"}
    for row in rows:
        assert row["start"] is not None or row["status"] in honest, row
        since = events.observances[row["key"]].since
        if row["start"] is not None and since is not None:
            assert int(row["start"][:4]) >= since, row
    names = {row["year"]: row["name_nl"] for row in rows if row["key"] == "koningsdag"}
    assert names[2013] == "Koninginnedag" and names[2014] == "Koningsdag"
