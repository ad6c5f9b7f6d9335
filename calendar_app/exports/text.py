"""Words, money and dates in the export's language (nl default, en).

The exports run outside Flask (the CLI prints posters at night), so they carry their
own few labels instead of going through Flask-Babel; the numbers and dates still come
from Babel's locale data, the same as on the pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from datetime import date
from datetime import timedelta
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency
from babel.numbers import format_decimal

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
PHASES = ("bewustwording", "toerusting", "borging", "none")

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "bewustwording": "Bewustwording", "toerusting": "Toerusting", "borging": "Borging",
        "none": "Zonder fase", "proposed": "Voorgesteld", "published": "Gepubliceerd",
        "cancelled": "Geannuleerd", "year_plan": "Jaarplanning", "quarter": "Kwartaal",
        "observances": "Dagen", "activities": "Activiteiten", "date": "Datum",
        "title": "Titel", "phase": "Fase", "themes": "Thema's", "status": "Status",
        "estimate": "Raming", "actual": "Werkelijk", "attendance": "Opkomst",
        "report": "Evaluatierapport", "registrations": "Aanmeldingen",
        "held": "Gehouden activiteiten",
        "per_phase": "Per fase", "per_theme": "Per thema", "count": "Aantal",
        "feedback": "Feedback van deelnemers", "question": "Vraag", "answers": "Antwoorden",
        "mean": "Gemiddelde", "spread": "Spreiding (sd)", "comments": "Opmerkingen",
        "budget": "Budget", "budgeted": "Jaarbudget", "spent": "Uitgegeven",
        "estimated": "Geraamd", "missed": "Dagen zonder activiteit",
        "chart": "Activiteiten per maand en fase", "month": "Maand",
        "responses": "Reacties", "notes": "Notities", "none_listed": "Geen.",
        "cancelled_count": "Geannuleerd", "people": "Deelnemers (geteld)",
        "nothing": "Niets gepland.",
        "poster": "Diversiteitskalender", "no_budget": "Geen budget vastgesteld",
    },
    "en": {
        "bewustwording": "Awareness", "toerusting": "Equipping", "borging": "Embedding",
        "none": "No phase", "proposed": "Proposed", "published": "Published",
        "cancelled": "Cancelled", "year_plan": "Year plan", "quarter": "Quarter",
        "observances": "Observances", "activities": "Activities", "date": "Date",
        "title": "Title", "phase": "Phase", "themes": "Themes", "status": "Status",
        "estimate": "Estimate", "actual": "Actual", "attendance": "Attendance",
        "report": "Evaluation report", "registrations": "Registrations", "held": "Activities held",
        "per_phase": "Per phase", "per_theme": "Per theme", "count": "Number",
        "feedback": "Participants' feedback", "question": "Question", "answers": "Answers",
        "mean": "Average", "spread": "Spread (sd)", "comments": "Comments",
        "budget": "Budget", "budgeted": "Year budget", "spent": "Spent",
        "estimated": "Estimated", "missed": "Observances without an activity",
        "chart": "Activities per month and phase", "month": "Month",
        "responses": "Responses", "notes": "Notes", "none_listed": "None.",
        "cancelled_count": "Cancelled", "people": "Participants (counted)",
        "nothing": "Nothing planned.",
        "poster": "Diversity calendar", "no_budget": "No budget set",
    },
}


def check_language(language: str) -> str:
    if language not in LABELS:
        raise ValueError(f"language {language!r} is not nl or en")
    return language


def label(language: str, key: str) -> str:
    return LABELS[check_language(language)].get(key, key)


def money(value: Decimal | None, language: str) -> str:
    """"€ 30.000,00" (nl) / "€30,000.00" (en); empty for no amount."""
    if value is None:
        return ""
    return format_currency(value, "EUR", locale=LOCALES[check_language(language)])


class Rating(Decimal):
    """A mean rating or its spread: shown with one decimal ("4,0"), not as an amount
    ("4,00"), in the CSV and Excel cells as on the report page."""


def average(value: Decimal | None, language: str) -> str:
    """A mean rating or its spread with one decimal, as on the report page: "4,5" (nl) /
    "4.5" (en)."""
    if value is None:
        return "–"
    return format_decimal(value, format="0.0", locale=LOCALES[check_language(language)])


def theme_list(keys: Sequence[str], names: Mapping[str, str]) -> str:
    """"LHBTIQ+, Gender": the themes by name; a key only for a theme without one."""
    return ", ".join(names.get(key, key) for key in keys)


def day(value: date, language: str, style: str = "d MMMM yyyy") -> str:
    return format_date(value, style, locale=LOCALES[check_language(language)])


def span(start: date, end: date, language: str) -> str:
    if start == end:
        return day(start, language)
    return f"{day(start, language, 'd MMM')} – {day(end, language, 'd MMM yyyy')}"


#: A whole quarter or half-year by name, as the report page's period selector has it.
PERIOD_NAMES = {"nl": {"Q": "{number}e kwartaal {year}", "H": "{number}e halfjaar {year}"},
                "en": {"Q": "Q{number} {year}", "H": "H{number} {year}"}}


def period_name(first: date, last: date, language: str) -> str | None:
    """"2e kwartaal 2026" / "Q2 2026", "1e halfjaar 2027" / "H1 2027" when `first` to
    `last` is exactly that period; None for any other range (it is shown as its days)."""
    names = PERIOD_NAMES[check_language(language)]
    if first.year != last.year or first.day != 1 or (first.month - 1) % 3:
        return None
    end = last + timedelta(days=1)
    months = (end.year - first.year) * 12 + end.month - first.month
    if end.day != 1 or months not in (3, 6) or (months == 6 and first.month not in (1, 7)):
        return None
    kind = "Q" if months == 3 else "H"
    return names[kind].format(number=(first.month - 1) // months + 1, year=first.year)


def report_period(first: date, last: date, language: str) -> str:
    """The report's period under its title: "Q2 2026 (1 Apr – 30 Jun 2026)", or only
    the days for a range that is no quarter or half-year."""
    days = span(first, last, language)
    name = period_name(first, last, language)
    return f"{name} ({days})" if name else days


def long_span(start: date, end: date, language: str) -> str:
    """Days written out, the year once: "8 februari – 9 maart 2026", "2–9 april 2026",
    "17 mei 2026"; a span into the next year names both years."""
    if start == end:
        return day(start, language)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{day(end, language)}"
    first = day(start, language, "d MMMM" if start.year == end.year else "d MMMM yyyy")
    return f"{first} – {day(end, language)}"


def month_name(value: date, language: str, style: str = "LLLL yyyy") -> str:
    return format_date(value, style, locale=LOCALES[check_language(language)])
