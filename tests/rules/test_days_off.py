"""The CAO days off: python-holidays' NL calendar as the CAO Gemeenten counts it."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_app.rules.days_off import DayOffPeriod
from calendar_app.rules.days_off import days_off_between
from calendar_app.rules.days_off import days_off_in_year


def names(year: int) -> list[str]:
    return [item.name_nl for item in days_off_in_year(year)]


def test_2027_has_the_eight_days_off_of_the_cao() -> None:
    assert [(item.day, item.name_nl) for item in days_off_in_year(2027)] == [
        (date(2027, 1, 1), "Nieuwjaarsdag"),
        (date(2027, 3, 29), "Tweede Paasdag"),
        (date(2027, 4, 27), "Koningsdag"),
        (date(2027, 5, 5), "Bevrijdingsdag"),
        (date(2027, 5, 6), "Hemelvaartsdag"),
        (date(2027, 5, 17), "Tweede Pinksterdag"),
        (date(2027, 12, 25), "Eerste Kerstdag"),
        (date(2027, 12, 26), "Tweede Kerstdag"),
    ]


def test_good_friday_and_the_sundays_are_not_days_off() -> None:
    days = {item.day for item in days_off_in_year(2027)}
    assert date(2027, 3, 26) not in days  # Goede Vrijdag
    assert date(2027, 3, 28) not in days  # Eerste Paasdag
    assert date(2027, 5, 16) not in days  # Eerste Pinksterdag


@pytest.mark.parametrize(("year", "off"), [(2015, True), (2019, False), (2020, True),
                                           (2023, False), (2024, True), (2026, True)])
def test_liberation_day_is_off_in_lustrum_years_then_every_year_from_2024(
        year: int, off: bool) -> None:
    assert ("Bevrijdingsdag" in names(year)) is off


def test_before_2014_the_day_is_koninginnedag() -> None:
    assert "Koninginnedag" in names(2013) and "Koningsdag" not in names(2013)


def test_days_off_between_spans_years() -> None:
    found = days_off_between(date(2026, 12, 24), date(2027, 1, 2))
    assert [item.day for item in found] == [date(2026, 12, 25), date(2026, 12, 26),
                                            date(2027, 1, 1)]


def test_a_lustrum_period_applies_only_to_years_divisible_by_five() -> None:
    period = DayOffPeriod(1960, 2023, 5)
    assert [year for year in range(2015, 2026) if period.applies(year)] == [2015, 2020]
