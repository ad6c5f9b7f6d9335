"""The audit trail: who changed what, for the audit page.

One trail for everything an administrator may need to trace back: the activity
changes that were already recorded (`ActivityChange`, written by the activity and
feedback services), and since issue 15 the changes to accounts, memberships and
organisers' dates, in the same table with a `subject`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import aliased

from calendar_app.models import Activity
from calendar_app.models import ActivityChange
from calendar_app.models import User

SUBJECTS = ("activity", "account", "membership", "dates")
PAGE_SIZE = 50


def record(session: Session, *, actor: User | None, subject: str, ref: str, action: str,
           now: datetime, details: dict[str, Any] | None = None) -> ActivityChange:
    """Add one entry to the trail (flushes; the caller commits with the change itself)."""
    if subject not in SUBJECTS or subject == "activity":
        raise ValueError(f"record() is for non-activity subjects, not {subject!r}")
    entry = ActivityChange(activity_id=None, actor_id=actor.id if actor else None,
                           subject=subject, subject_ref=ref[:300], action=action[:20],
                           details=details or {}, at=now)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class AuditFilter:
    """What the audit page narrows to; every field optional."""

    subject: str | None = None
    #: Part of the actor's name or e-mail address.
    actor: str = ""
    #: Part of what the entry is about (an address, a key, an activity's title).
    about: str = ""
    first: date | None = None
    last: date | None = None


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    subject: str
    about: str
    action: str
    details: dict[str, Any]
    activity_public_id: str | None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    page: int
    pages: int


def entries(session: Session, wanted: AuditFilter, *, zone: ZoneInfo, page: int = 1,
            per_page: int = PAGE_SIZE) -> AuditPage:
    """One page of the trail, newest first, narrowed by `wanted`."""
    actor = aliased(User)
    about = func.coalesce(Activity.title, ActivityChange.subject_ref)
    where: list[Any] = []
    if wanted.subject in SUBJECTS:
        where.append(ActivityChange.subject == wanted.subject)
    if wanted.actor.strip():
        needle = f"%{wanted.actor.strip().lower()}%"
        where.append(or_(func.lower(actor.name).like(needle),
                         func.lower(actor.email).like(needle)))
    if wanted.about.strip():
        where.append(func.lower(about).like(f"%{wanted.about.strip().lower()}%"))
    if wanted.first is not None:
        where.append(ActivityChange.at >= datetime.combine(wanted.first, time(), zone))
    if wanted.last is not None:
        where.append(ActivityChange.at < datetime.combine(
            wanted.last + timedelta(days=1), time(), zone))
    base = (select(ActivityChange, actor.name, Activity.title, Activity.public_id)
            .outerjoin(actor, actor.id == ActivityChange.actor_id)
            .outerjoin(Activity, Activity.id == ActivityChange.activity_id)
            .where(*where))
    total = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    found = session.execute(base.order_by(ActivityChange.at.desc(), ActivityChange.id.desc())
                            .offset((page - 1) * per_page).limit(per_page)).all()
    rows = [AuditRow(at=entry.at, actor=name or "", subject=entry.subject,
                     about=title or entry.subject_ref, action=entry.action,
                     details=dict(entry.details or {}), activity_public_id=public_id)
            for entry, name, title, public_id in found]
    return AuditPage(rows=rows, total=total, page=page, pages=pages)
