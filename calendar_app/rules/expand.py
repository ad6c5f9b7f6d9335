"""Turn a rule into Occurrence rows, one year at a time.

Every requested year yields at least one row per observance: a dated one, or a status
row ("not-observed", "not-announced", "not-recorded", "out-of-range") so gaps are visible
rather than silent. Before the first year an observance was held (`since`) there is no
date, never one computed backwards; where the rule itself changed, each year takes the
rule that applied then (`RulePeriod`).
"""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from calendar_app.rules.kinds import Days
from calendar_app.rules.kinds import Rule
from calendar_app.rules.occurrence import Gap
from calendar_app.rules.occurrence import Occurrence
from calendar_app.rules.occurrence import Status
from calendar_app.rules.occurrence import unannounced_status


@dataclass(frozen=True, slots=True)
class RulePeriod:
    """An earlier rule and the years it applied, `first`..`last` inclusive (None: from `since`)."""

    first: int | None
    last: int
    rule: Rule

    def covers(self, year: int) -> bool:
        return (self.first is None or self.first <= year) and year <= self.last


def rule_for_year(rule: Rule, earlier: Sequence[RulePeriod], year: int) -> Rule | None:
    """The rule that applied in `year`: an earlier one that covers it, else the current one
    after the last earlier period; None in a gap between periods (no rule recorded)."""
    for period in earlier:
        if period.covers(year):
            return period.rule
    if earlier and year <= max(period.last for period in earlier):
        return None
    return rule


def occurrences_in_year(
    key: str, rule: Rule, year: int, *, days: Days = 1, evening_before: bool = False,
    today: date | None = None,
) -> list[Occurrence]:
    """All occurrences of one observance that belong to `year` (numbered from 1)."""
    rows: list[Occurrence] = []
    for index, item in enumerate(rule.spans(year, days), start=1):
        if isinstance(item, Gap):
            status = item.status
            if status is Status.NOT_ANNOUNCED:
                status = unannounced_status(year, today=today or date.today())
            rows.append(Occurrence(key, year, None, None, status, evening_before, item.note, index))
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
    since: int | None = None,
    earlier: Sequence[RulePeriod] = (),
    today: date | None = None,
) -> Iterator[Occurrence]:
    """Occurrences for every year from `first_year` to `last_year` inclusive.

    Args:
        since: the first year the observance was held; earlier years are "not-observed".
            None for festivals older than any year asked (Pesach, Kerstmis).
        earlier: the rules that applied before the current one, with their years.
        today: decides past ("not-recorded") from future ("not-announced") for organiser
            dates; the real date when omitted.
    """
    for year in range(first_year, last_year + 1):
        if since is not None and year < since:
            note = f"first held in {since}"
            yield Occurrence(key, year, None, None, Status.NOT_OBSERVED, evening_before, note)
            continue
        applying = rule_for_year(rule, earlier, year) if earlier else rule
        if applying is None:
            note = f"no rule for {year} in the catalogue"
            yield Occurrence(key, year, None, None, Status.OUT_OF_RANGE, evening_before, note)
            continue
        yield from occurrences_in_year(
            key, applying, year, days=days, evening_before=evening_before, today=today)
