"""The planning check lists the observances overlapping a range, with their advice."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from calendar_app.catalogue import load_file
from calendar_app.services.catalogue_sync import sync_catalogue
from calendar_app.services.planning_check import MAX_DAYS
from calendar_app.services.planning_check import RangeError
from calendar_app.services.planning_check import overlapping
from calendar_app.services.planning_check import planning_check

EVENTS = Path(__file__).resolve().parents[2] / "events.yaml"


@pytest.fixture
def loaded(session: Session) -> Session:
    sync_catalogue(session, load_file(EVENTS), now=datetime(2026, 1, 1, tzinfo=UTC))
    return session


def test_dodenherdenking_is_found_with_its_considerations(loaded: Session) -> None:
    rows = overlapping(loaded, date(2026, 5, 4), date(2026, 5, 4))
    found = {row.key: row for row in rows}
    assert "dodenherdenking" in found
    assert found["dodenherdenking"].considerations is not None
    assert found["dodenherdenking"].start == date(2026, 5, 4)


def test_a_running_ramadan_overlaps_a_single_day_inside_it(loaded: Session) -> None:
    rows = overlapping(loaded, date(2026, 3, 1), date(2026, 3, 1))
    ramadan = [row for row in rows if row.key == "ramadan"]
    assert len(ramadan) == 1
    assert ramadan[0].start < date(2026, 3, 1) < ramadan[0].end


def test_rows_come_in_date_order(loaded: Session) -> None:
    rows = overlapping(loaded, date(2026, 1, 1), date(2026, 6, 30))
    assert len(rows) > 10
    assert [row.start for row in rows] == sorted(row.start for row in rows)


def test_a_reversed_range_is_refused(loaded: Session) -> None:
    with pytest.raises(RangeError) as caught:
        overlapping(loaded, date(2026, 5, 5), date(2026, 5, 4))
    assert caught.value.code == "order"


def test_a_range_longer_than_the_cap_is_refused(loaded: Session) -> None:
    first = date(2026, 1, 1)
    last = date.fromordinal(first.toordinal() + MAX_DAYS)
    with pytest.raises(RangeError) as caught:
        overlapping(loaded, first, last)
    assert caught.value.code == "too-long"


def test_whit_monday_2027_is_a_public_holiday_and_day_off(loaded: Session) -> None:
    result = planning_check(loaded, date(2027, 5, 17), date(2027, 5, 17))
    assert [(item.day, item.name_nl) for item in result.days_off] == [
        (date(2027, 5, 17), "Tweede Pinksterdag")]


def test_ascension_day_2027_is_a_day_off(loaded: Session) -> None:
    result = planning_check(loaded, date(2027, 5, 6), date(2027, 5, 6))
    assert [item.name_nl for item in result.days_off] == ["Hemelvaartsdag"]


def test_good_friday_is_not_a_day_off(loaded: Session) -> None:
    assert planning_check(loaded, date(2027, 3, 26), date(2027, 3, 26)).days_off == []


def test_a_school_holiday_of_region_noord_is_noted_with_its_source(loaded: Session) -> None:
    result = planning_check(loaded, date(2026, 2, 23), date(2026, 2, 23))
    assert [item.name_nl for item in result.school_holidays] == ["Voorjaarsvakantie"]
    assert result.school_holidays[0].source.startswith("https://")


def test_an_unsourced_school_year_gives_no_school_holiday_note(loaded: Session) -> None:
    assert planning_check(loaded, date(2028, 7, 20), date(2028, 7, 20)).school_holidays == []


def test_the_full_check_keeps_the_observances(loaded: Session) -> None:
    result = planning_check(loaded, date(2026, 5, 4), date(2026, 5, 5))
    assert {row.key for row in result.overlaps} >= {"dodenherdenking", "bevrijdingsdag"}
    assert [item.name_nl for item in result.days_off] == ["Bevrijdingsdag"]


def test_an_observance_is_not_in_the_check_before_its_first_year(loaded: Session) -> None:
    assert "idahot" not in {row.key for row in overlapping(loaded, date(2004, 5, 17),
                                                           date(2004, 5, 17))}
    assert "idahot" in {row.key for row in overlapping(loaded, date(2005, 5, 17),
                                                       date(2005, 5, 17))}


def test_koninginnedag_is_named_so_before_2014(loaded: Session) -> None:
    rows = [row for row in overlapping(loaded, date(2013, 4, 30), date(2013, 4, 30))
            if row.key == "koningsdag"]
    assert [row.name.nl for row in rows] == ["Koninginnedag"]
