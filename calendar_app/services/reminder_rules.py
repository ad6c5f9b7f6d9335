"""A workgroup's reminder rule, and each member's choice to receive reminders or not.

One rule per workgroup is what the web page edits (the model allows more, e.g. from
the CLI; the page then edits the oldest). Changing a rule needs no clean-up here:
the scheduler's planning pass cancels pending reminders that the new rule no longer
wants and plans the ones it now does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Membership
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError

COVERS = ("observances", "activities", "all")
#: A year ahead is the longest useful lead time; ten of them is plenty of e-mail.
MAX_LEAD_DAYS = 365
MAX_LEADS = 10
DEFAULT_SEND_TIME = "09:00"
_HH_MM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def rule_of(session: Session, workgroup: Workgroup) -> ReminderRule | None:
    """The rule the workgroup page edits: the workgroup's oldest, or None."""
    return session.scalar(select(ReminderRule).where(ReminderRule.workgroup_id == workgroup.id)
                          .order_by(ReminderRule.id).limit(1))


def parse_lead_days(text: str) -> list[int]:
    """ "42, 14, 2" -> [42, 14, 2]: unique whole days, longest first.

    Raises:
        ServiceError: (field "lead_days") a part is not a whole number of days from 1
            to MAX_LEAD_DAYS, or there are more than MAX_LEADS.
    """
    parts = [part for part in re.split(r"[,;\s]+", text.strip()) if part]
    days: set[int] = set()
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= MAX_LEAD_DAYS:
            raise ServiceError(f"{part!r} is not a number of days from 1 to {MAX_LEAD_DAYS}",
                               field="lead_days")
        days.add(int(part))
    if len(days) > MAX_LEADS:
        raise ServiceError(f"give at most {MAX_LEADS} lead times", field="lead_days")
    return sorted(days, reverse=True)


def save_rule(session: Session, workgroup: Workgroup, *, lead_days: Iterable[int],
              send_time: str, covers: str, themes: Iterable[str], known_themes: Iterable[str],
              now: datetime) -> ReminderRule | None:
    """Create or update the workgroup's rule; no lead days at all removes it.

    Returns:
        The saved rule, or None when reminders are now off for the workgroup.

    Raises:
        ServiceError: with the field it concerns (lead_days, send_time, covers, themes).
    """
    days = sorted({int(day) for day in lead_days}, reverse=True)
    if any(not 1 <= day <= MAX_LEAD_DAYS for day in days) or len(days) > MAX_LEADS:
        raise ServiceError("lead times out of range", field="lead_days")
    if not _HH_MM.match(send_time):
        raise ServiceError(f"{send_time!r} is not a time as HH:MM", field="send_time")
    if covers not in COVERS:
        raise ServiceError(f"{covers!r} is not one of {', '.join(COVERS)}", field="covers")
    chosen = sorted(set(themes))
    unknown = set(chosen) - set(known_themes)
    if unknown:
        raise ServiceError(f"unknown theme(s): {', '.join(sorted(unknown))}", field="themes")
    rule = rule_of(session, workgroup)
    if not days:
        if rule is not None:
            session.delete(rule)
            session.flush()
        return None
    if rule is None:
        rule = ReminderRule(workgroup_id=workgroup.id, created_at=now)
        session.add(rule)
    rule.lead_days = days
    rule.send_time = send_time
    rule.covers = covers
    rule.themes = chosen if covers != "activities" else []
    session.flush()
    return rule


def set_opt_out(session: Session, user: User, workgroup: Workgroup, *, opt_out: bool) -> None:
    """A member stops (or resumes) reminders from one workgroup, for themselves only.

    Raises:
        NotFound: the user is not a member of the workgroup.
    """
    membership = session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.workgroup_id == workgroup.id))
    if membership is None:
        raise NotFound(f"not a member of {workgroup.slug}", field="workgroup")
    membership.reminders_opt_out = opt_out
    session.flush()
