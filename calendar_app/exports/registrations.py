"""CSV of an activity's registrations, for the organisers (page and CLI); the same typed
rows feed the xlsx file (`calendar_app.exports.xlsx.registrations_xlsx`).

In the file's language like the other CSV exports (Dutch: ";", Dutch headers and
the page's status words, times "17-05-2027 09:30" in the calendar's zone, which Dutch
Excel reads as a date and time); free text typed by registrants is protected against CSV injection.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from calendar_app.exports.csv import safe
from calendar_app.exports.csv import to_csv
from calendar_app.exports.csv import word

#: A registration's status in the file's language, in the words of the registrations
#: page (`web.checkin.registration_status`), so the list and its download agree.
STATUSES = {
    "nl": {"pending": "Nog niet bevestigd", "confirmed": "Bevestigd",
           "waitlisted": "Wachtlijst", "cancelled": "Geannuleerd"},
    "en": {"pending": "Not confirmed yet", "confirmed": "Confirmed",
           "waitlisted": "Waiting list", "cancelled": "Cancelled"},
}
COLUMNS = ("name", "email", "status", "dietary", "needs", "walk_in", "checked_in",
           "registered_at")


class RegistrationRow(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def dietary(self) -> str: ...
    @property
    def needs(self) -> str: ...
    @property
    def walk_in(self) -> bool: ...
    @property
    def checked_in_at(self) -> datetime | None: ...
    @property
    def placed_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime: ...


def registration_values(rows: Iterable[RegistrationRow], *, zone: ZoneInfo,
                        language: str = "nl") -> list[dict[str, object]]:
    """One row per registration, typed (times as local datetimes in `zone`), so the CSV
    and the xlsx file share them."""
    def when(value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(zone)

    return [{"name": safe(row.name), "email": safe(row.email or ""),
             "status": STATUSES.get(language, STATUSES["en"]).get(row.status, row.status),
             "dietary": safe(row.dietary), "needs": safe(row.needs),
             "walk_in": word(language, "yes" if row.walk_in else "no"),
             "checked_in": when(row.checked_in_at), "registered_at": when(row.created_at)}
            for row in rows]


def registration_rows(rows: Iterable[RegistrationRow], *, zone: ZoneInfo,
                      language: str = "nl") -> list[dict[str, str]]:
    """The rows as the CSV holds them: "17-05-2027 09:30" (nl) or ISO with offset (en)."""
    def text(value: object) -> str:
        if isinstance(value, datetime):
            return value.strftime("%d-%m-%Y %H:%M") if language == "nl" else (
                value.isoformat(timespec="minutes"))
        return "" if value is None else str(value)

    return [{key: text(value) for key, value in row.items()}
            for row in registration_values(rows, zone=zone, language=language)]


def registrations_csv(rows: Iterable[RegistrationRow], *, zone: ZoneInfo,
                      language: str = "nl") -> str:
    return to_csv(COLUMNS, registration_rows(rows, zone=zone, language=language), language)
