"""Which reminders are due: the planner's step 1, a pure function of its inputs.

`wanted_items` turns rules, events and members into `Item`s, one per (occurrence,
rule, lead time, member) due in a window; `calendar_app.services.reminders` places
them in outbox rows. An activity is matched only against the rules of its organising
workgroups (100 workgroups' rules times 50,000 activities would be most of a pass).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm import selectinload

from calendar_app.catalogue import ObservanceSpec
from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import ReminderRule
from calendar_app.services.catalogue_sync import active_specs
from calendar_app.services.organisers import organiser_ids
from calendar_app.services.reminder_events import LANGS
from calendar_app.services.reminder_events import Event
from calendar_app.services.reminder_events import activity_event
from calendar_app.services.reminder_events import observance_events
from calendar_app.services.reminder_events import published_activities
from calendar_app.services.reminder_events import send_at
from calendar_app.services.reminder_members import Member
from calendar_app.services.reminder_members import Subscription
from calendar_app.services.reminder_rules import gathered_day
from calendar_app.services.reminder_rules import leads_for


@dataclass(slots=True)
class Reminder:
    """One reminder of a workgroup's rule: an event, a lead time, a due moment.

    Never changed once made, but not frozen: a frozen dataclass sets each field through
    a call (2.5 times the cost), and a pass makes thousands.
    """

    key: str
    workgroup_id: int
    rule: ReminderRule
    event: Event
    lead: int
    due_at: datetime
    #: Days from the mail to the event: the lead time, or more when gathered.
    days_ahead: int


@dataclass(slots=True)
class Item(Reminder):
    """A reminder one member should get."""

    user: Member

    @property
    def lang(self) -> str:
        return self.user.lang if self.user.lang in LANGS else "nl"


def event_leads(rule: ReminderRule, event: Event) -> list[int]:
    """The rule's lead times for this event (by kind and importance)."""
    return leads_for(rule, activity=event.activity is not None, importance=event.importance)


Catalogue = tuple[list[ObservanceSpec], dict[str, datetime]]


def catalogue(session: Session) -> Catalogue:
    """The observances in force, and when each entered the catalogue."""
    return active_specs(session), dict(session.execute(
        select(Observance.key, Observance.created_at)).all())


@dataclass(frozen=True)
class ActivitySpan:
    """The events of the published activities starting in `first`..`last`.

    A window pass (`planning_watermark`) reuses the span an earlier pass read while
    the planner's inputs, activities among them, are unchanged: reading some hundred
    activities as ORM objects every pass was a sixth of a year of weekly passes. The
    activities are only read (their columns and co-organisers, loaded with them; a
    session's objects keep their values, `expire_on_commit=False`), never attached
    to another session, and their programmes are not needed: what a mail says is
    made when it is composed (`reminder_content`).
    """

    first: date
    last: date
    events: tuple[Event, ...]

    def covers(self, first: date, last: date) -> bool:
        return self.first <= first and last <= self.last

    def between(self, first: date, last: date) -> list[Event]:
        return [event for event in self.events if first <= event.start_date <= last]


def activity_span(session: Session, settings: Settings, first: date, last: date) -> ActivitySpan:
    """Read the published activities starting in `first`..`last`, with co-organisers."""
    activities = published_activities(session, first, last, settings.zone,
                                      selectinload(Activity.coorganisers))
    return ActivitySpan(first, last, tuple(
        activity_event(row, settings.zone, settings.base_url) for row in activities))


def window_events(session: Session, settings: Settings, first: date, last: date,
                  observances: Catalogue | None = None,
                  activities: ActivitySpan | None = None) -> list[Event]:
    """Every observance and published activity starting in `first`..`last`
    (`observances`: the `catalogue`, and `activities`: a span covering the days, when
    the caller has them already)."""
    specs, known = observances or catalogue(session)
    events = observance_events(specs, first, last, settings.base_url, known)
    if activities is None or not activities.covers(first, last):
        activities = activity_span(session, settings, first, last)
    return events + activities.between(first, last)


@dataclass(slots=True)
class GroupItem(Reminder):
    """One reminder of a workgroup, and the members who should get it.

    Every member of a workgroup gets the same reminders, but for those who joined
    after one fell due; planning places a member's items one by one only where the
    member already has mails around (`reminders.place_items`), and otherwise writes
    the rows straight from these (a pass has some 240 of them, against 4,800 `Item`s).
    """

    members: list[Member]

    def for_member(self, user: Member) -> Item:
        return Item(key=self.key, user=user, workgroup_id=self.workgroup_id, rule=self.rule,
                    event=self.event, lead=self.lead, due_at=self.due_at,
                    days_ahead=self.days_ahead)


def wanted_items(rules: Sequence[ReminderRule], events: Sequence[Event],
                 members: dict[int, list[tuple[Subscription, Member]]], settings: Settings,
                 low: datetime, high: datetime) -> list[Item]:
    """Every reminder due in `low`..`high`, one per member: pure, no database access."""
    return [group.for_member(user)
            for group in wanted_group_items(rules, events, members, settings, low, high)
            for user in group.members]


def wanted_group_items(rules: Sequence[ReminderRule], events: Sequence[Event],
                       members: dict[int, list[tuple[Subscription, Member]]],
                       settings: Settings, low: datetime, high: datetime) -> list[GroupItem]:
    """Every reminder due in `low`..`high`, per workgroup, with the members who get it.

    A member gets a reminder only when they were a member when it fell due. Two rules
    of one workgroup that remind a member of the same occurrence on the same day give
    one item (the shorter lead time; of equal ones, the first rule's).
    """
    slots: dict[tuple[int, str, date], list[GroupItem]] = {}
    starts = _StartsFor(low.astimezone(settings.zone).date(), high.astimezone(settings.zone).date())
    observances = [e for e in events if e.activity is None]
    by_organiser: dict[int, list[Event]] = {}
    for event in events:  # an activity is only ever covered by its organisers' rules
        if event.activity is not None:
            for workgroup_id in organiser_ids(event.activity):
                by_organiser.setdefault(workgroup_id, []).append(event)
    for rule in rules:
        workgroup_id, created_at = rule.workgroup_id, rule.created_at  # read once: ORM
        if workgroup_id not in members:
            continue  # nobody to remind
        candidates = (observances if rule.covers in ("observances", "all") else []) + (
            by_organiser.get(workgroup_id, []) if rule.covers in ("activities", "all")
            else [])
        timing = _Timing(rule.send_weekday, rule.send_time, created_at, settings.zone)
        themes, rule_id = frozenset(rule.themes or ()), rule.id
        leads: dict[tuple[bool, str | None], list[int]] = {}  # per kind of event
        for event in candidates:  # the rule covers their kind; activities: its organisers'
            if event.activity is None and themes and themes.isdisjoint(event.themes):
                continue  # an observance of none of the rule's themes
            kind = (event.activity is not None, event.importance)
            if kind not in leads:
                leads[kind] = sorted(set(event_leads(rule, event)))
            for lead in leads[kind]:
                earliest, latest = starts(lead)
                if not earliest <= event.start_date <= latest:
                    continue  # due outside the window, whatever the weekday (cheap: first)
                day, due_at = _due(timing, event, lead)
                if not (low <= due_at <= high) or due_at < created_at or (
                        event.known_since is not None and due_at < event.known_since):
                    continue  # not due now, or due before the rule or event existed
                slots.setdefault((workgroup_id, event.occurrence_id, day), []).append(GroupItem(
                    key=f"{event.occurrence_id}:r{rule_id}:d{lead}", workgroup_id=workgroup_id,
                    rule=rule, event=event, lead=lead, due_at=due_at,
                    days_ahead=(event.start_date - day).days, members=[]))
    found = []
    for (workgroup_id, _occurrence, _day), group in slots.items():
        group.sort(key=lambda item: item.lead)  # stable: of equal leads, the first rule's
        members_of = members[workgroup_id]
        if len(group) == 1:
            only = group[0]
            only.members = [user for joined, user in members_of
                            if joined.created_at <= only.due_at]
        else:
            for joined, user in members_of:
                chosen = next((item for item in group if joined.created_at <= item.due_at), None)
                if chosen is not None:
                    chosen.members.append(user)
        found += [item for item in group if item.members]
    return found


class _StartsFor:
    """Per lead time, the event starts whose reminder can fall due in the window
    (local days `first`..`last`): on its own day, or gathered up to six days earlier
    (`gathered_day`), with a day to spare on either side."""

    def __init__(self, first: date, last: date) -> None:
        self.first, self.last = first, last
        self._spans: dict[int, tuple[date, date]] = {}

    def __call__(self, lead: int) -> tuple[date, date]:
        if lead not in self._spans:
            self._spans[lead] = (self.first + timedelta(days=lead - 1),
                                 self.last + timedelta(days=lead + 6 + 1))
        return self._spans[lead]


class _Timing(NamedTuple):
    """What `_due` reads of a rule, read once per rule (an ORM attribute costs a
    descriptor call, and a pass asks for thousands of due moments)."""

    send_weekday: int | None
    send_time: str
    created_at: datetime
    zone: ZoneInfo


def _due(rule: _Timing, event: Event, lead: int) -> tuple[date, datetime]:
    """The day and moment a reminder goes out: on the rule's weekday with the others of
    that week (`gathered_day`), or on its own day when the gathered day falls before the
    rule or the event existed (a late-published activity still gets its reminder)."""
    own = event.start_date - timedelta(days=lead)
    day = gathered_day(event.start_date, lead, rule.send_weekday)
    due_at = send_at(day, rule.send_time, rule.zone)
    if day != own and (due_at < rule.created_at or (
            event.known_since is not None and due_at < event.known_since)):
        day, due_at = own, send_at(own, rule.send_time, rule.zone)
    return day, due_at
