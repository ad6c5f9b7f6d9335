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
class Item:
    """One reminder one member should get: an event, a lead time, a due moment.

    Never changed once made, but not frozen: a frozen dataclass sets each field through
    a call (2.5 times the cost), and a pass makes one per member and reminder.
    """

    key: str
    user: Member
    workgroup_id: int
    rule: ReminderRule
    event: Event
    lead: int
    due_at: datetime
    #: Days from the mail to the event: the lead time, or more when gathered.
    days_ahead: int

    @property
    def lang(self) -> str:
        return self.user.lang if self.user.lang in LANGS else "nl"


def covered(rule: ReminderRule, event: Event, workgroup_id: int,
            organisers: set[int] | None = None) -> bool:
    """Does `rule` (of `workgroup_id`) remind about `event`? (`organisers`: the activity's
    `organiser_ids` when the caller has them already.)"""
    if event.activity is not None:
        return rule.covers in ("activities", "all") and workgroup_id in (
            organisers if organisers is not None else organiser_ids(event.activity))
    if rule.covers not in ("observances", "all"):
        return False
    return not rule.themes or not set(rule.themes).isdisjoint(event.themes)


def event_leads(rule: ReminderRule, event: Event) -> list[int]:
    """The rule's lead times for this event (by kind and importance)."""
    return leads_for(rule, activity=event.activity is not None, importance=event.importance)


Catalogue = tuple[list[ObservanceSpec], dict[str, datetime]]


def catalogue(session: Session) -> Catalogue:
    """The observances in force, and when each entered the catalogue."""
    return active_specs(session), dict(session.execute(
        select(Observance.key, Observance.created_at)).all())


def window_events(session: Session, settings: Settings, first: date, last: date,
                  observances: Catalogue | None = None) -> list[Event]:
    """Every observance and published activity starting in `first`..`last`
    (`observances`: the `catalogue`, when the caller has it already)."""
    specs, known = observances or catalogue(session)
    events = observance_events(specs, first, last, settings.base_url, known)
    activities = published_activities(session, first, last, settings.zone)
    if activities:  # co-organisers and programmes in two queries, not two per activity
        session.scalars(select(Activity).options(
            selectinload(Activity.coorganisers), selectinload(Activity.programme)).where(
            Activity.id.in_([row.id for row in activities]))).all()
    events += [activity_event(row, settings.zone, settings.base_url) for row in activities]
    return events


def wanted_items(rules: Sequence[ReminderRule], events: Sequence[Event],
                 members: dict[int, list[tuple[Subscription, Member]]], settings: Settings,
                 low: datetime, high: datetime) -> list[Item]:
    """Every reminder due in `low`..`high`: pure, no database access.

    Two rules of one workgroup that remind a member of the same occurrence on the same
    day give one item (the shorter lead time).
    """
    chosen: dict[tuple[int, int, str, date], Item] = {}
    observances = [e for e in events if e.activity is None]
    by_organiser: dict[int, list[Event]] = {}
    for event in events:  # an activity is only ever covered by its organisers' rules
        if event.activity is not None:
            for workgroup_id in organiser_ids(event.activity):
                by_organiser.setdefault(workgroup_id, []).append(event)
    for rule in rules:
        workgroup_id, created_at = rule.workgroup_id, rule.created_at  # read once: ORM
        candidates = (observances if rule.covers in ("observances", "all") else []) + (
            by_organiser.get(workgroup_id, []) if rule.covers in ("activities", "all")
            else [])
        members_of, own = members.get(workgroup_id, []), {workgroup_id}
        for event in (e for e in candidates if covered(rule, e, workgroup_id, own)):
            for lead in sorted(set(event_leads(rule, event))):
                day, due_at = _due(rule, event, lead, settings)
                if not (low <= due_at <= high) or due_at < created_at or (
                        event.known_since is not None and due_at < event.known_since):
                    continue  # not due now, or due before the rule or event existed
                key = f"{event.occurrence_id}:r{rule.id}:d{lead}"
                days_ahead = (event.start_date - day).days
                occurrence = event.occurrence_id
                for membership, user in members_of:
                    if membership.created_at > due_at:
                        continue  # joined after it fell due: not a missed reminder
                    slot = (user.id, workgroup_id, occurrence, day)
                    if slot not in chosen or chosen[slot].lead > lead:
                        chosen[slot] = Item(
                            key=key, user=user, workgroup_id=workgroup_id, rule=rule,
                            event=event, lead=lead, due_at=due_at, days_ahead=days_ahead)
    return list(chosen.values())


def _due(rule: ReminderRule, event: Event, lead: int, settings: Settings) -> tuple[date, datetime]:
    """The day and moment a reminder goes out: on the rule's weekday with the others of
    that week (`gathered_day`), or on its own day when the gathered day falls before the
    rule or the event existed (a late-published activity still gets its reminder)."""
    own = event.start_date - timedelta(days=lead)
    day = gathered_day(event.start_date, lead, rule.send_weekday)
    due_at = send_at(day, rule.send_time, settings.zone)
    if day != own and (due_at < rule.created_at or (
            event.known_since is not None and due_at < event.known_since)):
        day, due_at = own, send_at(own, rule.send_time, settings.zone)
    return day, due_at
