"""Vesak: the May full moon dated in Amsterdam, and the years where Colombo keeps another day."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import ephem
import pytest

from tests.catalogue.conftest import load_events

VESAK = load_events().observances["vesak"]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
COLOMBO = ZoneInfo("Asia/Colombo")
# Worked out once from ephem's full moons (1950-2100): Colombo (UTC+5:30) keeps the day after
# Amsterdam in these 31 years ...
COLOMBO_A_DAY_LATER = [
    1952, 1954, 1955, 1957, 1966, 1967, 1976, 1980, 1983, 1985, 1986, 1990, 1995, 2004, 2005,
    2014, 2016, 2017, 2019, 2028, 2029, 2048, 2052, 2053, 2057, 2066, 2067, 2078, 2079, 2081,
    2090,
]
# ... and in these two the 30 April full moon is already 1 May in Colombo, while Amsterdam
# waits for the next one, on 30 May.
COLOMBO_A_MONTH_EARLIER = [1961, 2075]


def first_may_full_moon(year: int, zone: ZoneInfo) -> date:
    """Written here from ephem directly, independent of calendar_app.rules.astronomy."""
    may_first = datetime(year, 5, 1, tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
    instant = ephem.Date(ephem.next_full_moon(ephem.Date(may_first))).datetime()
    return instant.replace(tzinfo=UTC).astimezone(zone).date()


def vesak(year: int) -> date:
    (row,) = VESAK.occurrences(year, year)
    assert row.start is not None
    return row.start


@pytest.mark.parametrize("year", range(1950, 2101))
def test_vesak_is_the_first_may_full_moon_in_amsterdam(year: int) -> None:
    assert vesak(year) == first_may_full_moon(year, AMSTERDAM)
    assert vesak(year).month == 5


def test_the_years_where_colombo_differs_are_exactly_the_known_33() -> None:
    differing = [year for year in range(1950, 2101)
                 if first_may_full_moon(year, AMSTERDAM) != first_may_full_moon(year, COLOMBO)]
    assert differing == sorted(COLOMBO_A_DAY_LATER + COLOMBO_A_MONTH_EARLIER)


@pytest.mark.parametrize("year", COLOMBO_A_DAY_LATER)
def test_in_these_years_colombo_keeps_vesak_a_day_after_amsterdam(year: int) -> None:
    assert first_may_full_moon(year, COLOMBO) == vesak(year) + timedelta(days=1)


@pytest.mark.parametrize("year", COLOMBO_A_MONTH_EARLIER)
def test_in_1961_and_2075_amsterdam_has_vesak_on_30_may(year: int) -> None:
    assert vesak(year) == date(year, 5, 30)
    assert first_may_full_moon(year, COLOMBO) == date(year, 5, 1)


def test_the_description_says_the_same_as_the_rule() -> None:
    for text in (VESAK.description.nl, VESAK.description.en):
        assert "1961" in text and "2075" in text
    assert "in Nederland" in VESAK.description.nl and "in the Netherlands" in VESAK.description.en
