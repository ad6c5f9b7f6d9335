"""An Outlook-proof VTIMEZONE: one STANDARD and one DAYLIGHT rule, repeated yearly.

Outlook misreads the list-of-dates (RDATE) form that icalendar's
`Calendar.add_missing_timezones()` writes (it shows "(UTC+01:00) West-Central Africa" and
shifts events after a DST change; iCalcreator issues #86 and #106). The form Google and
Outlook themselves publish works everywhere: DTSTART in 1970 plus
`RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU`. This module derives that form from the IANA
database (zoneinfo) for a reference year, so the offsets always come from tzdata.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from calendar_app.ical.contentlines import local_value
from calendar_app.ical.contentlines import offset_value

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_EPOCH_YEAR = 1970


@dataclass(frozen=True, slots=True)
class _Transition:
    """One clock change: wall time (in the old offset) at which it happens, and the offsets."""

    local_at: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str


@functools.lru_cache(maxsize=64)
def vtimezone_lines(tzid: str, year: int) -> tuple[str, ...]:
    """The VTIMEZONE for `tzid` as content lines, with rules taken from `year`.

    Args:
        tzid: An IANA zone name such as "Europe/Amsterdam".
        year: The year whose DST rule is written as the yearly rule; the renderer passes the
            year of the earliest timed event, so the rule matches the events it describes.

    Raises:
        ValueError: When the zone's clock changes that year are not two changes on an
            "n-th/last weekday of the month" that recur the next year.
    """
    zone = ZoneInfo(tzid)
    transitions = _transitions(zone, year)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{tzid}", f"X-LIC-LOCATION:{tzid}"]
    if not transitions:
        lines += _fixed_offset(zone, year)
    elif len(transitions) == 2 and _rule_holds(transitions, _transitions(zone, year + 1)):
        for transition in sorted(transitions, key=lambda t: t.offset_to, reverse=True):
            lines += _yearly_rule(transition)
    else:
        raise ValueError(f"{tzid}: the clock changes of {year} are not a fixed yearly rule")
    lines.append("END:VTIMEZONE")
    return tuple(lines)


def _transitions(zone: ZoneInfo, year: int) -> list[_Transition]:
    """Find the clock changes of `year` by scanning days, then minutes within the day."""
    found: list[_Transition] = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while day < end:
        following = day + timedelta(days=1)
        if _offset(zone, day) != _offset(zone, following):
            found.append(_locate(zone, day, following))
        day = following
    return found


def _locate(zone: ZoneInfo, low: datetime, high: datetime) -> _Transition:
    """Binary search (to the minute) for the instant the offset changes between low and high."""
    before = _offset(zone, low)
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if _offset(zone, middle) == before:
            low = middle
        else:
            high = middle
    instant = high.replace(second=0, microsecond=0)
    after_local = instant.astimezone(zone)
    return _Transition(
        local_at=(instant + before).replace(tzinfo=None),
        offset_from=before,
        offset_to=_offset(zone, instant),
        name=after_local.tzname() or "",
    )


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None  # zoneinfo always knows the offset of an aware instant
    return offset


def _rule_holds(this_year: list[_Transition], next_year: list[_Transition]) -> bool:
    """Whether the n-th-weekday rule read from this year also gives next year's changes.

    Catches zones whose changes follow another calendar (Africa/Casablanca moves with
    Ramadan), where one year's weekday and ordinal would be a wrong rule.
    """
    if len(next_year) != len(this_year):
        return False
    for old, new in zip(this_year, next_year, strict=True):
        local = old.local_at
        expected = _nth_weekday(
            local.year + 1, local.month, local.weekday(), _week_ordinal(local.date())
        )
        same_offsets = (old.offset_from, old.offset_to) == (new.offset_from, new.offset_to)
        if new.local_at != datetime.combine(expected, local.time()) or not same_offsets:
            return False
    return True


def _yearly_rule(transition: _Transition) -> list[str]:
    """STANDARD or DAYLIGHT block with DTSTART on the rule's first day in 1970."""
    kind = "DAYLIGHT" if transition.offset_to > transition.offset_from else "STANDARD"
    local = transition.local_at
    ordinal = _week_ordinal(local.date())
    weekday = local.weekday()
    first = _nth_weekday(_EPOCH_YEAR, local.month, weekday, ordinal)
    return [
        f"BEGIN:{kind}",
        f"TZOFFSETFROM:{offset_value(transition.offset_from)}",
        f"TZOFFSETTO:{offset_value(transition.offset_to)}",
        f"TZNAME:{transition.name}",
        f"DTSTART:{local_value(datetime.combine(first, local.time()))}",
        f"RRULE:FREQ=YEARLY;BYMONTH={local.month};BYDAY={ordinal}{_WEEKDAYS[weekday]}",
        f"END:{kind}",
    ]


def _fixed_offset(zone: ZoneInfo, year: int) -> list[str]:
    """A zone without DST: one STANDARD block and no rule."""
    moment = datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
    offset = offset_value(_offset(zone, moment))
    return [
        "BEGIN:STANDARD",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        f"TZNAME:{moment.tzname() or ''}",
        "DTSTART:19700101T000000",
        "END:STANDARD",
    ]


def _week_ordinal(day: date) -> int:
    """-1 for the last such weekday of its month, else 1..4 (first, second...)."""
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    if day.day + 7 > days_in_month:
        return -1
    return (day.day - 1) // 7 + 1


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The date of the `ordinal`-th (or last, for -1) `weekday` of a month."""
    days_in_month = calendar.monthrange(year, month)[1]
    if ordinal == -1:
        last = date(year, month, days_in_month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
