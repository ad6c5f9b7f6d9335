"""events.yaml -> validated observance specs, and their dates for a range of years.

The CLI (`check-events`, `load-events`, `dates`), the database sync and the web all go
through here: `check_file` lists problems as `FILE:LINE: message`, `load_file` returns a
`Catalogue` or raises, and `expand`/`between` turn specs into occurrences. Specs round-trip
through `record()`/`parse_observance()` so the web can compute dates from what the
database stores, using exactly the same validation as the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from calendar_app.catalogue_checks import Reporter
from calendar_app.catalogue_read import Problem
from calendar_app.catalogue_read import read_yaml
from calendar_app.catalogue_schema import check_catalogue
from calendar_app.catalogue_schema import check_observance
from calendar_app.rules import Days
from calendar_app.rules import Occurrence
from calendar_app.rules import Rule
from calendar_app.rules import RulePeriod
from calendar_app.rules import build_rule
from calendar_app.rules import occurrences
from calendar_app.rules.days_off import DayOffPeriod

__all__ = [
    "Catalogue",
    "CatalogueError",
    "EarlierRule",
    "Link",
    "ObservanceSpec",
    "Problem",
    "Translated",
    "between",
    "check_file",
    "check_text",
    "expand",
    "load_file",
    "load_text",
    "parse_observance",
]


class CatalogueError(ValueError):
    """The catalogue is invalid; `.problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class Translated:
    """A text in Dutch and English."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        """The text in `language` ("nl" or "en"), Dutch for anything else."""
        return self.en if language == "en" else self.nl

    def record(self) -> dict[str, str]:
        return {"nl": self.nl, "en": self.en}

    @classmethod
    def of(cls, value: Mapping[str, str]) -> Translated:
        return cls(value["nl"], value["en"])


@dataclass(frozen=True)
class Link:
    """A further-reading link with a translated title."""

    url: str
    title: Translated


@dataclass(frozen=True)
class EarlierRule:
    """A rule that applied before the current one, for `first`..`last`, and its name then.

    Koninginnedag (30 April, 1949–2013) before Koningsdag: names follow the rule.
    """

    first: int | None
    last: int
    rule: Rule
    name: Translated | None = None

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"until": self.last, "rule": self.rule.params()}
        if self.first is not None:
            out["from"] = self.first
        if self.name is not None:
            out["name"] = self.name.record()
        return out


@dataclass(frozen=True)
class ObservanceSpec:
    """One validated observance from the catalogue: what it is and the rule for its dates."""

    key: str
    name: Translated
    description: Translated
    themes: tuple[str, ...]
    rule: Rule
    days: Days
    evening_before: bool
    source: str
    suggestions: tuple[Translated, ...]
    considerations: Translated | None
    links: tuple[Link, ...]
    #: "major" (many colleagues are absent, fast, mourn or celebrate) or "awareness".
    importance: str = "awareness"
    #: The years in which the observance holds a CAO day off (empty: never).
    day_off: tuple[DayOffPeriod, ...] = ()
    #: The first year it was held; None for festivals older than any year computed.
    since: int | None = None
    #: With `since` None: "ancient" (older than any year computed) or "unknown" (announced only).
    since_word: str = "ancient"
    #: Rules that applied before `rule`, oldest first.
    earlier_rules: tuple[EarlierRule, ...] = ()

    def name_in(self, year: int) -> Translated:
        """The observance's name in `year`: an earlier rule's name where one applied."""
        for earlier in self.earlier_rules:
            if (earlier.first is None or earlier.first <= year) and year <= earlier.last:
                return earlier.name or self.name
        return self.name

    def is_day_off(self, year: int) -> bool:
        """Whether the observance holds a day off for the City's staff in `year` (CAO Gemeenten)."""
        return any(period.applies(year) for period in self.day_off)

    def record(self) -> dict[str, Any]:
        """The canonical JSON-serialisable entry (no key): stored, and compared to spot edits."""
        return {
            "name": self.name.record(),
            "description": self.description.record(),
            "themes": list(self.themes),
            "rule": self.rule.params(),
            "days": self.days,
            "evening_before": self.evening_before,
            "source": self.source,
            "suggestions": [item.record() for item in self.suggestions],
            "considerations": self.considerations.record() if self.considerations else None,
            "links": [{"url": link.url, "title": link.title.record()} for link in self.links],
            "importance": self.importance,
            "day_off": [period.params() for period in self.day_off] or None,
            "since": self.since if self.since is not None else self.since_word,
            "earlier_rules": [item.record() for item in self.earlier_rules] or None,
        }

    def occurrences(
        self, first_year: int, last_year: int, *, today: date | None = None
    ) -> list[Occurrence]:
        """This observance's occurrences for the years `first_year`..`last_year` inclusive.

        `today` tells past organiser years ("not-recorded") from future ones.
        """
        return list(
            occurrences(
                self.key,
                self.rule,
                first_year,
                last_year,
                days=self.days,
                evening_before=self.evening_before,
                since=self.since,
                earlier=tuple(
                    RulePeriod(item.first, item.last, item.rule) for item in self.earlier_rules
                ),
                today=today,
            )
        )


@dataclass(frozen=True)
class Catalogue:
    """The themes and the observances (in file order) of a valid events.yaml."""

    themes: dict[str, Translated]
    observances: dict[str, ObservanceSpec]


def _build_spec(key: str, entry: Mapping[str, Any]) -> ObservanceSpec:
    considerations = entry.get("considerations")
    return ObservanceSpec(
        key=key,
        name=Translated.of(entry["name"]),
        description=Translated.of(entry["description"]),
        themes=tuple(entry["themes"]),
        rule=build_rule(entry["rule"]),
        days=entry.get("days", 1),
        evening_before=entry.get("evening_before", False),
        source=entry["source"],
        suggestions=tuple(Translated.of(item) for item in entry["suggestions"]),
        considerations=Translated.of(considerations) if considerations else None,
        links=tuple(
            Link(link["url"], Translated.of(link["title"])) for link in entry.get("links") or ()
        ),
        importance=entry["importance"],
        day_off=_day_off(entry.get("day_off", False)),
        since=entry["since"] if isinstance(entry["since"], int) else None,
        since_word=entry["since"] if isinstance(entry["since"], str) else "ancient",
        earlier_rules=tuple(
            EarlierRule(
                item.get("from"),
                item["until"],
                build_rule(item["rule"]),
                Translated.of(item["name"]) if item.get("name") else None,
            )
            for item in entry.get("earlier_rules") or ()
        ),
    )


def _day_off(value: bool | list[Mapping[str, int]]) -> tuple[DayOffPeriod, ...]:
    if isinstance(value, bool):
        return (DayOffPeriod(),) if value else ()
    return tuple(
        DayOffPeriod(item.get("from"), item.get("until"), item.get("every", 1)) for item in value
    )


def parse_observance(key: str, record: Mapping[str, Any]) -> ObservanceSpec:
    """Rebuild a spec from `ObservanceSpec.record()` output, validated like the file.

    Raises:
        CatalogueError: the record is not a valid entry (themes are not checked here).
    """
    entry = {name: value for name, value in record.items() if value is not None}
    reporter = Reporter(f"record {key}", {})
    check_observance(reporter, ("observances", key), entry, themes=None)
    if reporter.problems:
        raise CatalogueError(reporter.problems)
    return _build_spec(key, entry)


def check_text(text: str, filename: str = "events.yaml") -> list[Problem]:
    """Every problem in catalogue `text`, in file order; empty when valid."""
    return _parse(text, filename)[1]


def check_file(path: Path) -> list[Problem]:
    """Every problem in the catalogue file at `path`; empty when valid."""
    return check_text(_read(path), str(path))


def load_text(text: str, filename: str = "events.yaml") -> Catalogue:
    """The catalogue in `text`. Raises CatalogueError listing every problem."""
    catalogue, problems = _parse(text, filename)
    if catalogue is None:
        raise CatalogueError(problems)
    return catalogue


def load_file(path: Path) -> Catalogue:
    """The catalogue file at `path`. Raises CatalogueError listing every problem."""
    return load_text(_read(path), str(path))


def _read(path: Path) -> str:
    return Path(path).read_text(encoding="utf-8")


def _parse(text: str, filename: str) -> tuple[Catalogue | None, list[Problem]]:
    result = read_yaml(text, filename)
    problems = list(result.problems)
    if result.data is None and not problems:
        problems.append(Problem(filename, 1, "the file is empty"))
    if result.data is not None:
        reporter = Reporter(filename, result.lines)
        check_catalogue(reporter, result.data)
        problems.extend(reporter.problems)
    problems.sort(key=lambda problem: problem.line)
    if problems:
        return None, problems
    themes = {key: Translated.of(title) for key, title in result.data["themes"].items()}
    observances = {
        key: _build_spec(key, entry) for key, entry in result.data["observances"].items()
    }
    return Catalogue(themes, observances), []


def _specs(specs: Iterable[ObservanceSpec] | Mapping[str, ObservanceSpec]) -> list[ObservanceSpec]:
    return list(specs.values()) if isinstance(specs, Mapping) else list(specs)


def _sort_key(occurrence: Occurrence) -> tuple[date, str, int]:
    return (occurrence.start or date(occurrence.year, 1, 1), occurrence.key, occurrence.index)


def expand(
    specs: Iterable[ObservanceSpec] | Mapping[str, ObservanceSpec],
    first_year: int,
    last_year: int,
    *,
    keys: Iterable[str] | None = None,
    themes: Iterable[str] | None = None,
    today: date | None = None,
) -> list[Occurrence]:
    """Occurrences of the chosen observances for `first_year`..`last_year`, in date order.

    Args:
        specs: the observances (a Catalogue's `.observances` or any iterable of specs).
        keys: only these observance keys, when given.
        themes: only observances with at least one of these themes, when given.
    """
    wanted_keys = set(keys) if keys is not None else None
    wanted_themes = set(themes) if themes is not None else None
    rows: list[Occurrence] = []
    for spec in _specs(specs):
        if wanted_keys is not None and spec.key not in wanted_keys:
            continue
        if wanted_themes is not None and wanted_themes.isdisjoint(spec.themes):
            continue
        rows.extend(spec.occurrences(first_year, last_year, today=today))
    return sorted(rows, key=_sort_key)


def between(
    specs: Iterable[ObservanceSpec] | Mapping[str, ObservanceSpec],
    first_date: date,
    last_date: date,
) -> list[Occurrence]:
    """Dated occurrences that overlap `first_date`..`last_date` (both inclusive).

    Starts from the year before, because an occurrence that began then (Hanukkah,
    a Ramadan from December) can still be running.
    """
    rows = expand(specs, first_date.year - 1, last_date.year)
    return [
        row
        for row in rows
        if row.start is not None
        and row.end is not None
        and row.start <= last_date
        and row.end >= first_date
    ]
