"""Acceptance checks of a rendered feed, as IT would run them before subscribing a city.

Each check reads the bytes as a client would and reports pass or fail with a reason.
They back the `/feed-check` page, so anyone can see that the live feed holds up to the
pitfalls Outlook and Google are known for. A result's details are message ids with
their fields, not finished sentences: this layer knows no language, the page translates
them (the Dutch wording is in messages-look.po).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from dataclasses import field
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
class Detail:
    """One finding as a message id (English, with %(name)s fields) and its fields.

    The ical layer knows nothing of the web or its languages, so the page translates
    `message` and then fills in `params` (`calendar_app/web/subscribe.py`).
    """

    message: str
    params: dict[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.message % self.params if self.params else self.message


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    details: tuple[Detail, ...]

    @property
    def detail(self) -> str:
        """The findings in English, for logs and tests."""
        return "; ".join(detail.english() for detail in self.details)


def _result(name: str, ok: bool, *details: Detail) -> CheckResult:
    return CheckResult(name, ok, details)


def _uids(values: list[str]) -> str:
    return ", ".join(values[:5])


def check_feed(body: bytes) -> list[CheckResult]:
    """Every check on `body`; the parse check comes first and gates the rest."""
    try:
        calendar = Calendar.from_ical(body)
    except ValueError as exc:
        return [_result("parses", False, Detail("icalendar cannot parse the feed: %(error)s",
                                                {"error": str(exc)}))]
    events = calendar.walk("VEVENT")
    return [
        _result("parses", True, Detail("%(count)d events", {"count": len(events)})),
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
    problems = [Detail("%(name)s is not %(value)s", {"name": name, "value": value})
                for name, value in wanted.items() if str(calendar.get(name, "")) != value]
    problems += [Detail("%(name)s missing", {"name": name})
                 for name in ("PRODID", "X-WR-CALNAME", "X-WR-TIMEZONE") if name not in calendar]
    problems += [Detail("%(name)s missing", {"name": raw.decode().rstrip(":")})
                 for raw in (b"REFRESH-INTERVAL;VALUE=DURATION:", b"X-PUBLISHED-TTL:")
                 if raw not in body]
    return _result("calendar properties", not problems, *problems or [
        Detail("VERSION, PRODID, METHOD, names, refresh hints")])


def _line_endings(body: bytes) -> CheckResult:
    bare = body.replace(b"\r\n", b"").count(b"\n")
    return _result("CRLF line endings", bare == 0 and body.endswith(b"\r\n"),
                   Detail("%(count)d bare line feeds", {"count": bare}) if bare
                   else Detail("every line ends in CRLF"))


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
    detail = Detail("%(long)d lines over %(max)d octets, "
                    "%(broken)d lines that split a UTF-8 character",
                    {"long": long_lines, "max": MAX_OCTETS, "broken": broken}) if not ok else (
        Detail("every line at most %(max)d octets, no split characters", {"max": MAX_OCTETS}))
    return _result("line folding", ok, detail)


def _unique_uids(events: list[Component]) -> CheckResult:
    counts = Counter(str(event.get("UID", "")) for event in events)
    doubles = [uid for uid, count in counts.items() if count > 1 or not uid]
    return _result("unique UIDs", not doubles,
                   Detail("repeated or empty: %(uids)s", {"uids": _uids(doubles)}) if doubles
                   else Detail("%(count)d distinct UIDs", {"count": len(counts)}))


def _all_day_ends(events: list[Component]) -> CheckResult:
    wrong = []
    for event in events:
        start = event.get("DTSTART")
        end = event.get("DTEND")
        if start is None or getattr(start, "params", {}).get("VALUE") != "DATE":
            continue
        if end is None or not end.dt > start.dt:
            wrong.append(str(event.get("UID")))
    return _result("all-day ends exclusive", not wrong,
                   Detail("DTEND not after DTSTART: %(uids)s", {"uids": _uids(wrong)}) if wrong
                   else Detail("every all-day DTEND is the day after the last day"))


def _no_recurrence(events: list[Component]) -> CheckResult:
    recurring = [str(event.get("UID")) for event in events if "RRULE" in event]
    return _result("occurrences written out", not recurring,
                   Detail("RRULE on: %(uids)s", {"uids": _uids(recurring)}) if recurring
                   else Detail("no RRULE on events"))


def _timezones(calendar: Calendar, events: list[Component]) -> CheckResult:
    used = {event["DTSTART"].params.get("TZID") for event in events
            if "DTSTART" in event and event["DTSTART"].params.get("TZID")}
    zones = {str(zone["TZID"]): zone for zone in calendar.walk("VTIMEZONE")}
    problems = [Detail("no VTIMEZONE for %(tzid)s", {"tzid": tzid})
                for tzid in sorted(used) if tzid not in zones]
    for tzid, zone in zones.items():
        parts = zone.walk("STANDARD") + zone.walk("DAYLIGHT")
        if any("RDATE" in part for part in parts):
            problems.append(Detail("%(tzid)s uses a list of dates (Outlook misreads it)",
                                   {"tzid": tzid}))
        if len(parts) > 1 and not all("RRULE" in part for part in parts):
            problems.append(Detail("%(tzid)s has transitions without a yearly rule",
                                   {"tzid": tzid}))
    problems += _offsets_against_tzdata(zones, events)
    fine = Detail("%(zones)s in the yearly-rule form", {"zones": ", ".join(sorted(zones))}) \
        if zones else Detail("no timed events")
    return _result("time zones", not problems, *problems or [fine])


def _offsets_against_tzdata(zones: dict[str, Any], events: list[Component]) -> list[Detail]:
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
    return [Detail("the VTIMEZONE gives another UTC offset than tzdata for: %(items)s",
                   {"items": _uids(wrong)})] if wrong else []


def _size(body: bytes) -> CheckResult:
    size = len(body)
    return _result("size", size <= SIZE_WARNING,
                   Detail("%(size)d KiB (warning above %(limit)d MiB)",
                          {"size": round(size / 1024), "limit": SIZE_WARNING // 1024 // 1024}))
