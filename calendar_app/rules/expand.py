"""Turn a rule into Occurrence rows, one year at a time.

Every requested year yields at least one row per observance: a dated one, or a status
row ("not-announced", "out-of-range") so gaps are visible rather than silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from calendar_app.rules.kinds import Days
from calendar_app.rules.kinds import Rule
from calendar_app.rules.occurrence import Gap
from calendar_app.rules.occurrence import Occurrence


def occurrences_in_year(
    key: str, rule: Rule, year: int, *, days: Days = 1, evening_before: bool = False
) -> list[Occurrence]:
    """All occurrences of one observance that belong to `year` (numbered from 1)."""
    rows: list[Occurrence] = []
    for index, item in enumerate(rule.spans(year, days), start=1):
        if isinstance(item, Gap):
            rows.append(
                Occurrence(key, year, None, None, item.status, evening_before, item.note, index)
            )
        else:
            rows.append(
                Occurrence(
                    key, year, item.start, item.end, rule.status, evening_before, None, index
                )
            )
    return rows


def occurrences(
    key: str,
    rule: Rule,
    first_year: int,
    last_year: int,
    *,
    days: Days = 1,
    evening_before: bool = False,
) -> Iterator[Occurrence]:
    """Occurrences for every year from `first_year` to `last_year` inclusive."""
    for year in range(first_year, last_year + 1):
        yield from occurrences_in_year(key, rule, year, days=days, evening_before=evening_before)
