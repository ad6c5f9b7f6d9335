"""The rules of events.yaml as small checks on plain data (see docs/events-format.md).

What an observance, a rule and the catalogue must hold; the checks of single values
they are built from (texts, URLs, dates, year periods) are in `catalogue_checks`.

Hand-written rather than JSON Schema so each message says what an administrator can fix
("unknown theme 'lhbti' (known: ...)") and points at the right line. Checks report and
carry on, so one run lists every problem in the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from calendar_app.catalogue_checks import ISO_DATE
from calendar_app.catalogue_checks import Check
from calendar_app.catalogue_checks import Reporter
from calendar_app.catalogue_checks import check_bool
from calendar_app.catalogue_checks import check_fields
from calendar_app.catalogue_checks import check_iso_date
from calendar_app.catalogue_checks import check_month_day
from calendar_app.catalogue_checks import check_periods
from calendar_app.catalogue_checks import check_text
from calendar_app.catalogue_checks import check_translated
from calendar_app.catalogue_checks import check_url
from calendar_app.catalogue_checks import int_between
from calendar_app.catalogue_checks import list_of
from calendar_app.catalogue_checks import one_of
from calendar_app.catalogue_read import Path
from calendar_app.rules import KINDS
from calendar_app.rules import WHOLE_MONTH
from calendar_app.rules.kinds import BUDDHIST_FESTIVALS
from calendar_app.rules.kinds import CHINESE_FESTIVALS
from calendar_app.rules.kinds import EASTER_CALENDARS
from calendar_app.rules.kinds import HINDU_FESTIVALS
from calendar_app.rules.kinds import WEEKDAYS
from calendar_app.rules.lunisolar import HEBREW_MONTHS

KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TOP_LEVEL = ("version", "themes", "observances")
OBSERVANCE_FIELDS: dict[str, bool] = {  # field -> required
    "name": True,
    "description": True,
    "themes": True,
    "rule": True,
    "days": False,
    "evening_before": False,
    "source": True,
    "suggestions": True,
    "considerations": False,
    "links": False,
    "importance": True,
    "day_off": False,
    "since": True,
    "earlier_rules": False,
}
#: `since: ancient`: held long before any year the engine computes (Pesach, Kerstmis).
ANCIENT = "ancient"
#: `since: unknown`: the first year is not sourced; only for organiser-set (announced) dates,
#: whose other years then say not-recorded / not-announced rather than a computed date.
UNKNOWN = "unknown"
IMPORTANCE = ("major", "awareness")
NO_DAYS_KINDS = ("fixed-range", "announced")


def check_announced_date(rep: Reporter, path: Path, value: Any) -> None:
    fields = {
        "start": (True, check_iso_date),
        "end": (True, check_iso_date),
        "source": (True, check_url),
    }
    before = len(rep.problems)
    if check_fields(rep, path, value, fields) and len(rep.problems) == before:
        if date.fromisoformat(str(value["end"])) < date.fromisoformat(str(value["start"])):
            rep.add((*path, "end"), f"end {value['end']} is before start {value['start']}")


def check_day_off(rep: Reporter, path: Path, value: Any) -> None:
    """`true`/`false`, or a list of year periods `{from, until, every}` that must not overlap."""
    if isinstance(value, bool):
        return
    if not isinstance(value, list) or not value:
        rep.add(path, "expected true, false or a list of periods {from: Y, until: Y, every: N}")
        return
    year = int_between(1583, 4099)
    fields = {"from": (False, year), "until": (False, year), "every": (False, int_between(1, 100))}
    check_periods(rep, path, value, fields, "day_off periods")


def check_since(rep: Reporter, path: Path, value: Any) -> None:
    if value in (ANCIENT, UNKNOWN):
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 2100:
        rep.add(path, f"expected the first year it was held (1–2100) or 'ancient', got {value!r}")


def check_earlier_rules(rep: Reporter, path: Path, value: Any) -> None:
    """Earlier rules `{from, until, name, rule}`: each a valid rule, periods not overlapping."""
    if not isinstance(value, list) or not value:
        rep.add(path, "expected a list of {from: YEAR, until: YEAR, name: ..., rule: ...}")
        return
    year = int_between(1, 2100)
    fields = {"from": (False, year), "until": (True, year), "name": (False, check_translated),
              "rule": (True, check_rule)}
    check_periods(rep, path, value, fields, "earlier_rules periods", end_field="until")


def check_since_against_dates(rep: Reporter, path: Path, entry: Mapping[str, Any]) -> None:
    """No announced date, and no earlier rule, may lie before the first year it was held."""
    since = entry.get("since")
    rule = entry.get("rule")
    if since == UNKNOWN and isinstance(rule, dict) and rule.get("kind") != "announced":
        rep.add((*path, "since"), "'unknown' is only for announced dates: a computed rule "
                "needs the first year it was held, so no date is computed before it")
    if not isinstance(since, int) or isinstance(since, bool):
        return
    dates = rule.get("dates") if isinstance(rule, dict) else None
    for index, item in enumerate(dates if isinstance(dates, list) else []):
        start = item.get("start") if isinstance(item, dict) else None
        if isinstance(start, str) and ISO_DATE.fullmatch(start) and int(start[:4]) < since:
            rep.add((*path, "rule", "dates", index, "start"),
                    f"dated {start}, before the first year it was held (since: {since})")
    earlier = entry.get("earlier_rules")
    for index, item in enumerate(earlier if isinstance(earlier, list) else []):
        first = item.get("from") if isinstance(item, dict) else None
        if isinstance(first, int) and first < since:
            rep.add((*path, "earlier_rules", index, "from"),
                    f"starts in {first}, before the first year it was held (since: {since})")


def _fields(**fields: tuple[bool, Check]) -> dict[str, tuple[bool, Check]]:
    return {"kind": (True, one_of(*KINDS)), **fields}


_DAY_OF_MONTH = (True, int_between(1, 30))
RULE_FIELDS: dict[str, dict[str, tuple[bool, Check]]] = {
    "fixed": _fields(
        month=(True, int_between(1, 12)),
        day=(True, int_between(1, 31)),
        on_sunday=(False, int_between(-6, 6)),
    ),
    "fixed-range": _fields(start=(True, check_month_day), end=(True, check_month_day)),
    "nth-weekday": _fields(
        month=(True, int_between(1, 12)),
        weekday=(True, one_of(*WEEKDAYS)),
        n=(True, one_of(1, 2, 3, 4, 5, -1)),
    ),
    "easter": _fields(
        calendar=(True, one_of(*EASTER_CALENDARS)), offset=(False, int_between(-70, 70))
    ),
    "hebrew": _fields(month=(True, one_of(*HEBREW_MONTHS)), day=_DAY_OF_MONTH),
    "islamic": _fields(month=(True, int_between(1, 12)), day=_DAY_OF_MONTH),
    "hindu": _fields(festival=(True, one_of(*HINDU_FESTIVALS))),
    "buddhist": _fields(festival=(True, one_of(*BUDDHIST_FESTIVALS))),
    "chinese": _fields(festival=(True, one_of(*CHINESE_FESTIVALS))),
    "persian": _fields(month=(True, int_between(1, 12)), day=(True, int_between(1, 31))),
    "march-equinox": _fields(),
    "announced": _fields(dates=(True, list_of(check_announced_date, 1, 10**6))),
}


def check_rule(rep: Reporter, path: Path, value: Any) -> None:
    """The rule's kind picks its parameters; a bad kind is reported once, on its line."""
    if not isinstance(value, dict):
        rep.add(path, "expected a rule mapping with a 'kind'")
        return
    kind = value.get("kind")
    if "kind" not in value:
        rep.add(path, "missing required field 'kind'")
    elif not isinstance(kind, str) or kind not in RULE_FIELDS:
        rep.add((*path, "kind"), f"unknown rule kind {kind!r} (known: {', '.join(KINDS)})")
    else:
        before = len(rep.problems)
        check_fields(rep, path, value, RULE_FIELDS[kind])
        if kind == "fixed" and len(rep.problems) == before:
            check_month_day(rep, path, {"month": value["month"], "day": value["day"]})
        if kind == "persian" and len(rep.problems) == before:
            longest = 31 if value["month"] <= 6 else 30 if value["month"] <= 11 else 29
            if value["day"] > longest:
                rep.add(
                    (*path, "day"),
                    f"Iranian month {value['month']} has no day {value['day']} every year",
                )


def check_days(rep: Reporter, path: Path, value: Any, kind: Any) -> None:
    """`days` against the rule's kind; an unknown kind is reported once, by check_rule."""
    if not isinstance(kind, str) or kind not in RULE_FIELDS:  # whole-month may be what was meant
        if value != WHOLE_MONTH:
            int_between(1, 366)(rep, path, value)
    elif kind in NO_DAYS_KINDS:
        if value != 1:
            rep.add(path, f"'days' does not apply to kind {kind!r} (its dates give the end)")
    elif value == WHOLE_MONTH:
        if kind != "islamic":
            rep.add(path, "'whole-month' is only for kind 'islamic'")
    else:
        int_between(1, 366)(rep, path, value)


def check_key(rep: Reporter, path: Path, key: str, what: str) -> None:
    if not KEY_PATTERN.fullmatch(key):
        rep.add(path, f"bad {what} key {key!r}: use lowercase letters, digits and single hyphens")


def check_observance(rep: Reporter, path: Path, value: Any, themes: set[str] | None) -> None:
    """One observance entry; `themes` None skips the theme check (records from the database)."""

    def check_themes(rep: Reporter, path: Path, value: Any) -> None:
        list_of(check_text, 1, 10**6)(rep, path, value)
        if isinstance(value, list) and themes is not None:
            for index, theme in enumerate(value):
                if isinstance(theme, str) and theme not in themes:
                    known = ", ".join(sorted(themes))
                    rep.add((*path, index), f"unknown theme {theme!r} (known: {known})")

    checks: dict[str, Check] = {
        "name": check_translated,
        "description": check_translated,
        "themes": check_themes,
        "rule": check_rule,
        "days": lambda rep, path, days: None,  # needs the rule's kind: checked below
        "evening_before": check_bool,
        "source": check_url,
        "suggestions": list_of(check_translated, 1, 3),
        "considerations": check_translated,
        "links": list_of(check_link, 0, 10**6),
        "importance": one_of(*IMPORTANCE),
        "day_off": check_day_off,
        "since": check_since,
        "earlier_rules": check_earlier_rules,
    }
    fields = {name: (OBSERVANCE_FIELDS[name], check) for name, check in checks.items()}
    if not check_fields(rep, path, value, fields):
        return
    check_since_against_dates(rep, path, value)
    if "days" in value:
        rule = value.get("rule")
        check_days(
            rep,
            (*path, "days"),
            value["days"],
            rule.get("kind") if isinstance(rule, dict) else None,
        )


def check_link(rep: Reporter, path: Path, value: Any) -> None:
    check_fields(rep, path, value, {"url": (True, check_url), "title": (True, check_translated)})


def check_catalogue(rep: Reporter, data: Any) -> None:
    """The whole file: exactly version, themes and observances."""
    if not isinstance(data, dict):
        rep.add((), "expected a mapping with version, themes and observances")
        return
    for name in data:
        if name not in TOP_LEVEL:
            rep.add((name,), f"unknown field {name!r} (allowed: {', '.join(TOP_LEVEL)})")
    for name in TOP_LEVEL:
        if name not in data:
            rep.add((), f"missing required field {name!r}")
    if "version" in data and data["version"] != 1:
        rep.add(("version",), f"unsupported version {data['version']!r} (expected 1)")
    themes = data.get("themes")
    if not isinstance(themes, dict):
        rep.add(("themes",), "expected a mapping of theme keys to {nl: ..., en: ...}")
        themes = {}
    for key, title in themes.items():
        check_key(rep, ("themes", key), key, "theme")
        check_translated(rep, ("themes", key), title)
    observances = data.get("observances")
    if not isinstance(observances, dict):
        rep.add(("observances",), "expected a mapping of observance keys to entries")
        return
    for key, entry in observances.items():
        check_key(rep, ("observances", key), key, "observance")
        check_observance(rep, ("observances", key), entry, set(themes))
