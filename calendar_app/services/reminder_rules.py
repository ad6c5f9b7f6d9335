"""A workgroup's reminder rule, and each member's choice to receive reminders or not.

One rule per workgroup is what the web page edits (the model allows more, e.g. from
the CLI; the page then edits the oldest). Changing a rule needs no clean-up here:
the scheduler's planning pass cancels pending reminders that the new rule no longer
wants and plans the ones it now does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Membership
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.models.workgroups import REMINDER_MODES
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError

COVERS = ("observances", "activities", "all")
#: A year ahead is the longest useful lead time; ten of them is plenty of e-mail.
MAX_LEAD_DAYS = 365
MAX_LEADS = 10
DEFAULT_SEND_TIME = "09:00"
#: What a workgroup starts with: weeks ahead for the observances that matter most (a
#: team needs time to plan around them), two weeks for the others, and a week and a
#: day ahead for its own activities.
DEFAULT_DAYS: dict[str, tuple[int, ...]] = {
    "major": (42, 14), "awareness": (14,), "activity": (7, 1)}
#: Reminders a week or more ahead go out on Mondays, together (see `gathered_day`).
DEFAULT_WEEKDAY = 0
#: The shortest lead time that is gathered onto the weekday: a week or more ahead, a
#: few days earlier changes nothing for planning; a reminder for tomorrow must not move.
GATHER_FROM_DAYS = 7
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
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


def leads_for(rule: ReminderRule, *, activity: bool, importance: str | None) -> list[int]:
    """The lead times of `rule` for one event: an activity, or an observance of that
    importance. A list the rule leaves unset (NULL) falls back to its `lead_days`."""
    if activity:
        chosen = rule.activity_days
    else:
        chosen = rule.major_days if importance == "major" else rule.awareness_days
    return list(rule.lead_days or []) if chosen is None else list(chosen)


def gathered_day(event_start: date, lead: int, weekday: int | None) -> date:
    """The day a reminder `lead` days ahead of `event_start` goes out.

    With a weekday, a reminder a week or more ahead moves back to the last such weekday
    on or before its own day (at most six days earlier), so that everything a member
    is reminded of in a week arrives in one mail; without one, or for a shorter lead,
    it goes out on its own day. Without this a member of a workgroup with the default
    lead times got a mail on some 75 days a year (issue 11).
    """
    day = event_start - timedelta(days=lead)
    if weekday is None or lead < GATHER_FROM_DAYS:
        return day
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def all_leads(rule: ReminderRule) -> list[int]:
    """Every lead time the rule uses for anything, longest first."""
    lists = [rule.lead_days, rule.major_days, rule.awareness_days, rule.activity_days]
    return sorted({day for days in lists for day in days or []}, reverse=True)


def default_rule(workgroup: Workgroup, *, now: datetime) -> ReminderRule:
    """The reminders a new workgroup starts with (see DEFAULT_DAYS), unsaved."""
    return ReminderRule(
        workgroup_id=workgroup.id, lead_days=_union(*DEFAULT_DAYS.values()),
        major_days=list(DEFAULT_DAYS["major"]), awareness_days=list(DEFAULT_DAYS["awareness"]),
        activity_days=list(DEFAULT_DAYS["activity"]), send_time=DEFAULT_SEND_TIME,
        send_weekday=DEFAULT_WEEKDAY, covers="all", themes=[], created_at=now)


def describe(rule: ReminderRule | None) -> str:
    """One line saying what a rule sends, for `workgroups create` and logs."""
    if rule is None:
        return "no reminders"

    def days(activity: bool, importance: str | None) -> str:
        chosen = leads_for(rule, activity=activity, importance=importance)
        return ", ".join(str(day) for day in chosen) or "none"

    gathered = ("" if rule.send_weekday is None else
                f"; a week or more ahead together on {WEEKDAYS[rule.send_weekday]}s")
    return (f"reminders at {rule.send_time}, days ahead: major observances "
            f"{days(False, 'major')}; other observances {days(False, 'awareness')}; "
            f"own activities {days(True, None)}{gathered}")


def _union(*lists: Iterable[int]) -> list[int]:
    return sorted({day for days in lists for day in days}, reverse=True)


def _checked_days(values: Iterable[int], field: str) -> list[int]:
    days = sorted({int(day) for day in values}, reverse=True)
    if any(not 1 <= day <= MAX_LEAD_DAYS for day in days) or len(days) > MAX_LEADS:
        raise ServiceError("lead times out of range", field=field)
    return days


def save_rule(session: Session, workgroup: Workgroup, *, major_days: Iterable[int],
              awareness_days: Iterable[int], activity_days: Iterable[int], send_time: str,
              covers: str, themes: Iterable[str], known_themes: Iterable[str],
              now: datetime, send_weekday: int | None = DEFAULT_WEEKDAY) -> ReminderRule:
    """Create or update the workgroup's rule. Empty lists everywhere switch reminders
    off, but the rule stays: "off" is a choice, not a workgroup never set up.

    Raises:
        ServiceError: with the field it concerns (major_days, awareness_days,
            activity_days, send_time, send_weekday, covers, themes).
    """
    major = _checked_days(major_days, "major_days")
    awareness = _checked_days(awareness_days, "awareness_days")
    activity = _checked_days(activity_days, "activity_days")
    if not _HH_MM.match(send_time):
        raise ServiceError(f"{send_time!r} is not a time as HH:MM", field="send_time")
    if send_weekday is not None and send_weekday not in range(7):
        raise ServiceError(f"{send_weekday!r} is not a weekday 0-6", field="send_weekday")
    if covers not in COVERS:
        raise ServiceError(f"{covers!r} is not one of {', '.join(COVERS)}", field="covers")
    chosen = sorted(set(themes))
    unknown = set(chosen) - set(known_themes)
    if unknown:
        raise ServiceError(f"unknown theme(s): {', '.join(sorted(unknown))}", field="themes")
    rule = rule_of(session, workgroup)
    if rule is None:
        rule = ReminderRule(workgroup_id=workgroup.id, created_at=now)
        session.add(rule)
    rule.lead_days = _union(major, awareness, activity)
    rule.major_days, rule.awareness_days, rule.activity_days = major, awareness, activity
    rule.send_time = send_time
    rule.send_weekday = send_weekday
    rule.covers = covers
    rule.themes = chosen if covers != "activities" else []
    session.flush()
    return rule


def set_mode(session: Session, user: User, workgroup: Workgroup, *, mode: str) -> None:
    """A member chooses what they receive from one workgroup (REMINDER_MODES).

    Raises:
        NotFound: the user is not a member of the workgroup.
        ServiceError: (field "mode") not one of REMINDER_MODES.
    """
    if mode not in REMINDER_MODES:
        raise ServiceError(f"{mode!r} is not one of {', '.join(REMINDER_MODES)}", field="mode")
    membership = _membership(session, user, workgroup)
    membership.reminder_mode = mode
    session.flush()


def set_opt_out(session: Session, user: User, workgroup: Workgroup, *, opt_out: bool) -> None:
    """A member stops (or resumes) reminders from one workgroup, for themselves only.

    Raises:
        NotFound: the user is not a member of the workgroup.
    """
    membership = _membership(session, user, workgroup)
    membership.reminders_opt_out = opt_out
    session.flush()


def _membership(session: Session, user: User, workgroup: Workgroup) -> Membership:
    """The user's own membership of `workgroup` (NotFound if they are not in it)."""
    membership = session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.workgroup_id == workgroup.id))
    if membership is None:
        raise NotFound(f"not a member of {workgroup.slug}", field="workgroup")
    return membership
