"""CSV of an activity's registrations, for the organisers (page and CLI).

Stable English column keys and ISO times (in the calendar's zone), as the other CSV
exports; free text typed by registrants is protected against CSV injection.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from calendar_app.exports.csv import safe
from calendar_app.exports.csv import to_csv

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


def registration_rows(rows: Iterable[RegistrationRow], *, zone: ZoneInfo) -> list[dict[str, str]]:
    def when(value: datetime | None) -> str:
        return "" if value is None else value.astimezone(zone).isoformat(timespec="minutes")

    return [{"name": safe(row.name), "email": safe(row.email or ""), "status": row.status,
             "dietary": safe(row.dietary), "needs": safe(row.needs),
             "walk_in": "yes" if row.walk_in else "no",
             "checked_in": when(row.checked_in_at), "registered_at": when(row.created_at)}
            for row in rows]


def registrations_csv(rows: Iterable[RegistrationRow], *, zone: ZoneInfo) -> str:
    return to_csv(COLUMNS, registration_rows(rows, zone=zone))
