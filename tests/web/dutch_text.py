"""What the Dutch-format tests look for in a page or a file, and the data that gives the
pages something to show (themes, money, feedback averages, registrations).

Imported by tests/web/test_dutch_formats.py and tests/web/test_dutch_csv.py (not a conftest).
"""

from __future__ import annotations

import re
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser

from sqlalchemy import select

from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import FeedbackResponse
from calendar_app.models import Registration
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.feedback import questionnaire

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
#: "1250.50", "4.0": a point as the decimal separator (a thousands point has 3 digits).
POINT_DECIMAL = re.compile(r"\b\d+\.\d{1,2}\b")
#: Not amounts: a standard's version ("WCAG 2.1") and a clock time in Dutch prose ("20.00 uur").
NOT_AMOUNTS = re.compile(r"\bWCAG\)? \d\.\d\b|\b\d{1,2}\.\d{2} uur\b")
URL = re.compile(r"(?:https?://|webcal://|(?<!\S)/)\S+")
#: Text inside these is data or code, not wording; a textarea's text is its value.
SKIPPED = {"script", "style", "code", "pre", "textarea"}
#: Attributes a person reads (screen reader, tooltip); value=, href=, datetime= are data.
READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder"}
#: The themes the seeded activities carry: keys that read as words leak most easily.
THEMES = ["lhbtiq", "sociale-veiligheid", "racisme", "werk"]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skipping += 1
        self.parts += [value.strip() for name, value in attrs
                       if name in READ_ATTRIBUTES and value and value.strip()]

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(page: str) -> list[str]:
    """The page's wording, text node by text node, without form values and addresses."""
    parser = _Text()
    parser.feed(page)
    return [URL.sub("", part) for part in parser.parts]


def theme_keys(database: Database) -> set[str]:
    with database.session() as session:
        return set(active_themes(session))


def non_dutch(parts: list[str], keys: set[str]) -> list[str]:
    """Each ISO date, point-decimal number and theme key found in the text parts.

    A key counts where it stands for the name: a whole text node or list item that is a
    key ("racisme" where "Racisme en discriminatie" belongs), or a key that is never a
    Dutch word ("lhbtiq", "sociale-veiligheid") anywhere.
    """
    found: list[str] = []
    for part in parts:
        found += ISO_DATE.findall(part) + POINT_DECIMAL.findall(NOT_AMOUNTS.sub("", part))
        found += [item for item in re.split(r"\s*[,;·]\s*", part) if item in keys]
        found += [key for key in keys if "-" in key or key == "lhbtiq"
                  if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", part)]
    return found


def enrich(database: Database, fields: dict[str, str]) -> None:
    """Themes, money, attendance and feedback on the held lecture; sign-ups on `signup`."""
    with database.transaction() as session:
        lecture = session.scalars(select(Activity).where(
            Activity.public_id == fields["lecture"])).one()
        lecture.themes = THEMES
        lecture.actual_cost = Decimal("455.75")
        lecture.attendance = 40
        questions = questionnaire(session, lecture.workgroup_id)
        for ratings, comment in (((4, 5), "Mooi gesprek"), ((3, 4), ""), ((5, 5), "")):
            session.add(FeedbackResponse(
                activity_id=lecture.id, submitted_on=date(2026, 4, 10), comment=comment,
                ratings={str(question.id): rating
                         for question, rating in zip(questions, ratings, strict=False)}))
        proposal = session.scalars(select(Activity).where(
            Activity.public_id == fields["proposal"])).one()
        proposal.themes = ["lhbtiq", "werk"]
        signup = session.scalars(select(Activity).where(
            Activity.public_id == fields["signup"])).one()
        signup.themes = ["racisme"]
        signed = datetime(2026, 4, 20, 10, 15, tzinfo=UTC)
        for name, status in (("Noor de Vries", "confirmed"), ("Sam Bakker", "waitlisted")):
            session.add(Registration(
                activity_id=signup.id, name=name, email=f"{name.split()[0].lower()}@example.org",
                dietary="Vegetarisch", status=status, created_at=signed, placed_at=signed))
