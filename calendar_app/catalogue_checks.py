"""Checks of single values in a catalogue file, and the `Reporter` that collects them.

Each check takes the reporter, the value's path in the file and the value, reports
what is wrong and returns, so one run lists every problem; `catalogue_schema` puts
them together into the rules of events.yaml.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from collections.abc import Mapping
from datetime import date
from typing import Any

from calendar_app.catalogue_read import Path
from calendar_app.catalogue_read import Problem

URL_PATTERN = re.compile(r"https?://\S+")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Reporter:
    """Collects problems, finding each one's line from the nearest known path."""

    def __init__(self, filename: str, lines: Mapping[Path, int]) -> None:
        self.filename = filename
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: Path, message: str) -> None:
        where = ".".join(str(part) for part in path)
        self.problems.append(Problem(self.filename, self._line(path), f"{where}: {message}"))

    def _line(self, path: Path) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1 if self.lines else 0)


Check = Callable[[Reporter, Path, Any], None]


def check_fields(
    rep: Reporter, path: Path, value: Any, fields: Mapping[str, tuple[bool, Check]]
) -> bool:
    """Check a mapping's fields: unknown ones, missing required ones, then each value."""
    if not isinstance(value, dict):
        rep.add(path, f"expected a mapping with fields {', '.join(fields)}")
        return False
    for name in value:
        if name not in fields:
            rep.add((*path, name), f"unknown field {name!r} (allowed: {', '.join(fields)})")
    for name, (required, check) in fields.items():
        if name in value:
            check(rep, (*path, name), value[name])
        elif required:
            rep.add(path, f"missing required field {name!r}")
    return True


def check_text(rep: Reporter, path: Path, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        rep.add(path, "expected a non-empty text")


def check_translated(rep: Reporter, path: Path, value: Any) -> None:
    """Every text is `{nl: ..., en: ...}`, both present and non-empty."""
    if not isinstance(value, dict):
        rep.add(path, "expected a translated text {nl: ..., en: ...}")
        return
    for name in value:
        if name not in ("nl", "en"):
            rep.add((*path, name), f"unknown field {name!r} (allowed: nl, en)")
    for lang in ("nl", "en"):
        if lang not in value:
            rep.add(path, f"missing translation {lang!r}")
        elif not isinstance(value[lang], str) or not value[lang].strip():
            rep.add((*path, lang), f"empty translation {lang!r}")


def check_url(rep: Reporter, path: Path, value: Any) -> None:
    if not isinstance(value, str) or not URL_PATTERN.fullmatch(value):
        rep.add(path, f"expected an http(s) URL, got {value!r}")


def check_bool(rep: Reporter, path: Path, value: Any) -> None:
    if not isinstance(value, bool):
        rep.add(path, f"expected true or false, got {value!r}")


def int_between(low: int, high: int) -> Check:
    def check(rep: Reporter, path: Path, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            rep.add(path, f"expected a whole number from {low} to {high}, got {value!r}")

    return check


def one_of(*choices: object) -> Check:
    def check(rep: Reporter, path: Path, value: Any) -> None:
        if value not in choices:
            rep.add(path, f"{value!r} is not one of: {', '.join(map(str, choices))}")

    return check


def check_month_day(rep: Reporter, path: Path, value: Any) -> None:
    """A day of the Gregorian year that exists every year (so not 29 February)."""
    fields = {"month": (True, int_between(1, 12)), "day": (True, int_between(1, 31))}
    before = len(rep.problems)
    if check_fields(rep, path, value, fields) and len(rep.problems) == before:
        month, day = value["month"], value["day"]
        if day > calendar.monthrange(2023, month)[1]:
            rep.add(
                (*path, "day"),
                f"bad date: {calendar.month_name[month]} has no day {day} every year",
            )


def check_iso_date(rep: Reporter, path: Path, value: Any) -> None:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        rep.add(path, f"bad date {value!r}: expected YYYY-MM-DD")
        return
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        rep.add(path, f"bad date {value!r}: {exc}")


def check_periods(rep: Reporter, path: Path, value: list[Any],
                  fields: Mapping[str, tuple[bool, Check]], what: str, *,
                  end_field: str | None = None) -> None:
    """A list of year periods `{from, until, ...}`: each valid, none ending before it
    starts, none overlapping another. An open `from` or `until` runs to the edge of time;
    `end_field` names the field a backwards period is reported at (else the period).
    """
    periods: list[tuple[int, int, Path]] = []
    for index, item in enumerate(value):
        before = len(rep.problems)
        if check_fields(rep, (*path, index), item, fields) and len(rep.problems) == before:
            first, last = item.get("from", 0), item.get("until", 10**4)
            if last < first:
                where = (*path, index, end_field) if end_field else (*path, index)
                rep.add(where, f"period ends ({last}) before it starts ({first})")
            else:
                periods.append((first, last, (*path, index)))
    report_overlaps(rep, periods, what)


def report_overlaps(rep: Reporter, periods: list[tuple[int, int, Path]], what: str) -> None:
    """Report each period that overlaps an earlier one (periods are inclusive year ranges)."""
    ordered = sorted(periods, key=lambda period: period[0])
    for (_, last, _), (first, _, where) in zip(ordered, ordered[1:], strict=False):
        if first <= last:
            rep.add(where, f"{what} overlap: this one starts in {first}, one before runs to {last}")


def list_of(check: Check, low: int, high: int) -> Check:
    def check_list(rep: Reporter, path: Path, value: Any) -> None:
        if not isinstance(value, list) or not low <= len(value) <= high:
            count = f"{low}–{high}" if high < 10**6 else f"at least {low}"
            rep.add(path, f"expected a list of {count} items")
            return
        for index, item in enumerate(value):
            check(rep, (*path, index), item)

    return check_list
