"""The second edition's Hebrew and Islamic keys, checked against their neighbours (hypothesis)."""

from __future__ import annotations

from datetime import date
from datetime import timedelta

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from calendar_app.rules import Occurrence
from tests.catalogue.conftest import catalogue_keys
from tests.catalogue.conftest import load_events

SPECS = load_events().observances
YEARS = st.integers(min_value=1950, max_value=2100)
# The Umm al-Qura table (hijridate) ends in 1500 AH (2077).
UMM_AL_QURA_YEARS = st.integers(min_value=1950, max_value=2076)


def dated(key: str, year: int) -> list[Occurrence]:
    return [row for row in SPECS[key].occurrences(year, year) if row.start is not None]


def test_every_key_of_both_tables_is_in_events_yaml() -> None:
    assert set(catalogue_keys()) <= set(SPECS)
    assert len(SPECS) == 68  # the tables, plus hemelvaartsdag (a CAO day off)


@settings(max_examples=80, deadline=None)
@given(YEARS)
def test_shavuot_begins_50_days_after_the_second_day_of_pesach(year: int) -> None:
    (pesach,) = dated("pesach", year)
    (shavuot,) = dated("sjavoeot", year)
    assert pesach.start is not None and shavuot.start is not None
    assert shavuot.start - (pesach.start + timedelta(days=1)) == timedelta(days=49)
    # 50 days counted inclusively from the second day of Pesach (the counting of the omer).
    assert (shavuot.start - (pesach.start + timedelta(days=1))).days + 1 == 50
    assert shavuot.end == shavuot.start + timedelta(days=1) and shavuot.evening_before


@settings(max_examples=80, deadline=None)
@given(UMM_AL_QURA_YEARS)
def test_ashura_is_9_days_after_islamic_new_year(year: int) -> None:
    new_years = {row.start for row in dated("islamitisch-nieuwjaar", year)}
    for ashura in dated("asjoera", year):
        assert ashura.start is not None
        before = ashura.start - timedelta(days=9)
        if before.year == year:
            assert before in new_years
        assert ashura.evening_before


@settings(max_examples=80, deadline=None)
@given(YEARS)
def test_sukkot_runs_nine_days_from_five_days_after_yom_kippur(year: int) -> None:
    (kippur,) = dated("jom-kipoer", year)
    (sukkot,) = dated("soekot", year)
    assert kippur.start is not None and sukkot.start is not None and sukkot.end is not None
    assert sukkot.start - kippur.start == timedelta(days=5)
    assert (sukkot.end - sukkot.start).days + 1 == 9


@settings(deadline=None)
@given(YEARS)
def test_holocaust_remembrance_is_the_last_sunday_of_january(year: int) -> None:
    rows = SPECS["holocaust-herdenking"].occurrences(year, year)
    if year < 1993:
        assert rows[0].start is None
        return
    start = rows[0].start
    assert start is not None and start.weekday() == 6 and start.month == 1 and start.day >= 25


def test_orange_the_world_runs_from_25_november_to_10_december() -> None:
    (row,) = dated("orange-the-world", 2027)
    assert (row.start, row.end) == (date(2027, 11, 25), date(2027, 12, 10))


def test_january_has_observances_for_the_poster() -> None:
    january = {row.key for key in SPECS for row in dated(key, 2027)
               if row.start is not None and row.start.month == 1}
    assert {"holocaust-herdenking", "orthodox-kerstmis"} <= january
