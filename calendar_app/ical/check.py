"""Acceptance checks of a rendered feed, as IT would run them before subscribing a city.

Each check reads the bytes as a client would and reports pass or fail with a reason.
They back the `/feed-check` page, so anyone can see that the live feed holds up to the
pitfalls Outlook and Google are known for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from datetime import tzinfo
from typing import Any
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

from icalendar import Calendar
from icalendar import Component

MAX_OCTETS = 75
#: Outlook.com has been seen to give up on subscriptions of many megabytes.
SIZE_WARNING = 4 * 1024 * 1024


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def check_feed(body: bytes) -> list[CheckResult]:
    """Every check on `body`; the parse check comes first and gates the rest."""
    try:
        calendar = Calendar.from_ical(body)
    except ValueError as exc:
        return [CheckResult("parses", False, f"icalendar cannot parse the feed: {exc}")]
    events = calendar.walk("VEVENT")
    return [
        CheckResult("parses", True, f"{len(events)} events"),
        _header(calendar, body),
        _line_endings(body),
        _folding(body),
        _unique_uids(events),
        _all_day_ends(events),
        _no_recurrence(events),
        _timezones(calendar, events),
        _size(body),
    ]


def _header(calendar: Calendar, body: bytes) -> CheckResult:
    wanted = {"VERSION": "2.0", "METHOD": "PUBLISH"}
    problems = [f"{name} is not {value}" for name, value in wanted.items()
                if str(calendar.get(name, "")) != value]
    problems += [f"{name} missing" for name in ("PRODID", "X-WR-CALNAME", "X-WR-TIMEZONE")
                 if name not in calendar]
    for raw in (b"REFRESH-INTERVAL;VALUE=DURATION:", b"X-PUBLISHED-TTL:"):
        if raw not in body:
            problems.append(f"{raw.decode().rstrip(':')} missing")
    return CheckResult("calendar properties", not problems,
                       "; ".join(problems) or "VERSION, PRODID, METHOD, names, refresh hints")


def _line_endings(body: bytes) -> CheckResult:
    bare = body.replace(b"\r\n", b"").count(b"\n")
    return CheckResult("CRLF line endings", bare == 0 and body.endswith(b"\r\n"),
                       f"{bare} bare line feeds" if bare else "every line ends in CRLF")


def _folding(body: bytes) -> CheckResult:
    long_lines = 0
    broken = 0
    for line in body.split(b"\r\n"):
        if len(line) > MAX_OCTETS:
            long_lines += 1
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            broken += 1
    ok = long_lines == 0 and broken == 0
    detail = (f"{long_lines} lines over {MAX_OCTETS} octets, "
              f"{broken} lines that split a UTF-8 character") if not ok else (
        f"every line at most {MAX_OCTETS} octets, no split characters")
    return CheckResult("line folding", ok, detail)


def _unique_uids(events: list[Component]) -> CheckResult:
    counts = Counter(str(event.get("UID", "")) for event in events)
    doubles = [uid for uid, count in counts.items() if count > 1 or not uid]
    return CheckResult("unique UIDs", not doubles,
                       f"repeated or empty: {', '.join(doubles[:5])}" if doubles
                       else f"{len(counts)} distinct UIDs")


def _all_day_ends(events: list[Component]) -> CheckResult:
    wrong = []
    for event in events:
        start = event.get("DTSTART")
        end = event.get("DTEND")
        if start is None or getattr(start, "params", {}).get("VALUE") != "DATE":
            continue
        if end is None or not end.dt > start.dt:
            wrong.append(str(event.get("UID")))
    return CheckResult("all-day ends exclusive", not wrong,
                       f"DTEND not after DTSTART: {', '.join(wrong[:5])}" if wrong
                       else "every all-day DTEND is the day after the last day")


def _no_recurrence(events: list[Component]) -> CheckResult:
    recurring = [str(event.get("UID")) for event in events if "RRULE" in event]
    return CheckResult("occurrences written out", not recurring,
                       f"RRULE on: {', '.join(recurring[:5])}" if recurring
                       else "no RRULE on events")


def _timezones(calendar: Calendar, events: list[Component]) -> CheckResult:
    used = {event["DTSTART"].params.get("TZID") for event in events
            if "DTSTART" in event and event["DTSTART"].params.get("TZID")}
    zones = {str(zone["TZID"]): zone for zone in calendar.walk("VTIMEZONE")}
    problems = [f"no VTIMEZONE for {tzid}" for tzid in sorted(used) if tzid not in zones]
    for tzid, zone in zones.items():
        parts = zone.walk("STANDARD") + zone.walk("DAYLIGHT")
        if any("RDATE" in part for part in parts):
            problems.append(f"{tzid} uses a list of dates (Outlook misreads it)")
        if len(parts) > 1 and not all("RRULE" in part for part in parts):
            problems.append(f"{tzid} has transitions without a yearly rule")
    problems += _offsets_against_tzdata(zones, events)
    detail = "; ".join(problems) or (
        f"{', '.join(sorted(zones))} in the yearly-rule form" if zones else "no timed events")
    return CheckResult("time zones", not problems, detail)


def _offsets_against_tzdata(zones: dict[str, Any], events: list[Component]) -> list[str]:
    """Events whose local time the feed's own VTIMEZONE maps to another UTC offset
    than the IANA database does.

    A client that reads the VTIMEZONE (Outlook, ical.js) and not its TZID's name shows
    such an event an hour off, so a wrong rule or offset fails even in the right form.
    """
    readers: dict[str, tuple[tzinfo, ZoneInfo]] = {}
    for tzid, zone in zones.items():
        try:
            readers[tzid] = (zone.to_tz(lookup_tzid=False), ZoneInfo(tzid))
        except (ValueError, KeyError, ZoneInfoNotFoundError):
            continue  # not an IANA name: nothing to compare with
    wrong = []
    for event in events:
        for name in ("DTSTART", "DTEND"):
            prop = event.get(name)
            moment = getattr(prop, "dt", None)
            zone_name = prop.params.get("TZID") if prop is not None else None
            if zone_name not in readers or not isinstance(moment, datetime):
                continue
            local = moment.replace(tzinfo=None)
            own, iana = readers[zone_name]
            if local.replace(tzinfo=own).utcoffset() != local.replace(tzinfo=iana).utcoffset():
                wrong.append(f"{event.get('UID')} {name}")
    return [f"the VTIMEZONE gives another UTC offset than tzdata for: {', '.join(wrong[:5])}"] \
        if wrong else []


def _size(body: bytes) -> CheckResult:
    size = len(body)
    return CheckResult("size", size <= SIZE_WARNING,
                       f"{size / 1024:.0f} KiB (warning above {SIZE_WARNING // 1024 // 1024} MiB)")
