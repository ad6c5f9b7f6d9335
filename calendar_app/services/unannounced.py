"""Observances still to be announced ("Nog aan te kondigen"), and the monthly notice.

An observance whose dates organisers announce and that has no date in the coming
HORIZON_MONTHS is on the list, with its source, so whoever keeps the calendar knows
whose website to look at. Once a month the administrators get the list by e-mail
(through the outbox, keyed by the month: exactly once), when it is not empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.catalogue import between
from calendar_app.catalogue import parse_observance
from calendar_app.config import Settings
from calendar_app.models import Observance
from calendar_app.models import User
from calendar_app.services.browser_dates import announced_observances
from calendar_app.services.outbox import enqueue

HORIZON_MONTHS = 15
KIND = "unannounced"


def horizon(today: date) -> date:
    """The last day looked at: HORIZON_MONTHS after `today` (clamped to the month's end)."""
    month = today.month - 1 + HORIZON_MONTHS
    year, month = today.year + month // 12, month % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Unannounced:
    observance: Observance
    source: str
    #: The last date the calendar knows of, if any.
    last_known: date | None


def unannounced(session: Session, *, today: date) -> list[Unannounced]:
    """Announced observances with no date from `today` to `horizon(today)`."""
    last = horizon(today)
    found = []
    for row in announced_observances(session):
        spec = parse_observance(row.key, row.record)
        if any(o.is_dated for o in between([spec], today, last)):
            continue
        starts = [date.fromisoformat(str(item["start"]))
                  for item in row.record["rule"].get("dates", [])]
        found.append(Unannounced(observance=row, source=str(row.record.get("source") or ""),
                                 last_known=max(starts) if starts else None))
    return found


def plan_notice(session: Session, settings: Settings, *, now: datetime) -> int:
    """Queue this month's notice to every active administrator; the number queued.

    Idempotent: the key holds the month, so running daily sends one per month.
    """
    today = now.astimezone(settings.zone).date()
    items = unannounced(session, today=today)
    if not items:
        return 0
    month = today.strftime("%Y-%m")
    admins = session.scalars(select(User).where(User.is_admin.is_(True),
                                                User.is_active.is_(True)).order_by(User.id))
    queued = 0
    for admin in admins:
        lang = admin.lang if admin.lang in ("nl", "en") else "nl"
        context: dict[str, Any] = {
            "items": [{"title": item.observance.name_en if lang == "en"
                       else item.observance.name_nl, "source": item.source,
                       "last_known": item.last_known.isoformat() if item.last_known
                       else None} for item in items],
            "until": horizon(today).isoformat(),
            "page_url": f"{settings.base_url.rstrip('/')}/admin/dates/unannounced"}
        row = enqueue(session, dedupe_key=f"{KIND}:{month}:u{admin.id}", kind=KIND,
                      recipient_email=admin.email, recipient_id=admin.id, lang=lang,
                      payload={"to_name": admin.name, "context": context}, now=now)
        queued += row.created_at == now
    return queued
