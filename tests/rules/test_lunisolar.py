"""The library adapters: the right tables, the range limits, and agreement between libraries."""

from __future__ import annotations

from datetime import date

import pytest
from convertdate import persian as convertdate_persian

from calendar_app.rules import lunisolar


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2025, date(2025, 10, 20)), (2028, date(2028, 10, 17))],
)
def test_divali_uses_surinamese_dates_not_the_generic_table_a_month_late(
    year: int, expected: date
) -> None:
    assert lunisolar.suriname_festival("divali", year) == expected


def test_suriname_note_names_the_source_and_its_years() -> None:
    assert lunisolar.suriname_festival_note("holi") == (
        "outside the range of the Surinamese dates in python-holidays (timeanddate.com, 2015–2030)"
    )


@pytest.mark.parametrize("year", [1950, 1979, 2000, 2024, 2025, 2062, 2095, 2100])
def test_persian_new_year_table_agrees_with_convertdate_astronomical_rule(year: int) -> None:
    assert lunisolar.persian_new_year(year) == date(
        *convertdate_persian.to_gregorian(year - 621, 1, 1)
    )


def test_persian_new_year_outside_the_table_falls_back_to_convertdate() -> None:
    assert lunisolar.persian_new_year(2101) == date(*convertdate_persian.to_gregorian(1480, 1, 1))


def test_hijridate_range_is_1343_to_1500() -> None:
    assert lunisolar.in_hijridate_range(1343) and lunisolar.in_hijridate_range(1500)
    assert not lunisolar.in_hijridate_range(1342) and not lunisolar.in_hijridate_range(1501)


def test_chinese_new_year_beyond_the_table_is_none() -> None:
    assert lunisolar.chinese_new_year(2101) is None
