"""VTIMEZONE in the yearly-rule form, derived from tzdata and checked against it."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from icalendar import Timezone

from calendar_app.ical.contentlines import serialize
from calendar_app.ical.vtimezone import vtimezone_lines

AMSTERDAM_2030 = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "X-LIC-LOCATION:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def as_tzinfo(lines: tuple[str, ...]) -> object:
    """Build a tzinfo from the VTIMEZONE alone (icalendar, without looking up the TZID)."""
    calendar = Calendar.from_ical(serialize(["BEGIN:VCALENDAR", *lines, "END:VCALENDAR"]))
    component = calendar.walk("VTIMEZONE")[0]
    assert isinstance(component, Timezone)
    return component.to_tz(lookup_tzid=False)


def test_amsterdam_is_the_outlook_yearly_rule_form() -> None:
    assert vtimezone_lines("Europe/Amsterdam", 2030) == AMSTERDAM_2030


def test_amsterdam_rule_matches_tzdata_around_every_change_from_1997_to_2037() -> None:
    rule_zone = as_tzinfo(vtimezone_lines("Europe/Amsterdam", 2030))
    real_zone = ZoneInfo("Europe/Amsterdam")
    mismatches = []
    for year in range(1997, 2038):
        for month in (3, 10):
            instant = datetime(year, month, 23, tzinfo=UTC)
            for _ in range(9 * 24):  # every hour of the last nine days of the month
                ours = instant.astimezone(rule_zone).utcoffset()  # type: ignore[arg-type]
                if ours != instant.astimezone(real_zone).utcoffset():
                    mismatches.append(instant)
                instant += timedelta(hours=1)
    assert mismatches == []


def test_new_york_gets_second_and_first_sunday_rules() -> None:
    lines = vtimezone_lines("America/New_York", 2030)

    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" in lines
    assert "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU" in lines
    assert "DTSTART:19700308T020000" in lines  # second Sunday of March 1970
    assert "DTSTART:19701101T020000" in lines  # first Sunday of November 1970


def test_zone_without_dst_has_one_standard_block_and_no_rule() -> None:
    lines = vtimezone_lines("Asia/Tokyo", 2030)

    assert lines.count("BEGIN:STANDARD") == 1
    assert "BEGIN:DAYLIGHT" not in lines
    assert "TZOFFSETTO:+0900" in lines
    assert not [line for line in lines if line.startswith("RRULE")]


def test_zone_that_follows_another_calendar_is_refused() -> None:
    # Morocco leaves summer time for Ramadan, which moves about 11 days a year.
    with pytest.raises(ValueError, match="not a fixed yearly rule"):
        vtimezone_lines("Africa/Casablanca", 2030)
