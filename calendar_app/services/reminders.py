"""Planning reminders: turn rules, events and members into outbox rows, one mail a day.

The plan job runs every few minutes and is idempotent. It works in two steps:

1. **Items** (`reminder_items.wanted_group_items`): every reminder due in the window
   around `now` — from `grace + LOOKBACK` ago to `PLAN_AHEAD` ahead — one per
   (occurrence, rule, lead time) of a workgroup, with the members who get it, keyed
   `<occurrence>:r<rule>:d<lead>` (the occurrence part carries the event's start date,
   so a moved event is a new item). Only members whose mode for the workgroup is
   "individual" get items; the lead times come from the rule per kind of event
   (`reminder_rules.leads_for`). Members are placed one by one only where they already
   have rows around; the others (most, in a pass) get the item's own day, and their
   rows are written together from one shared payload.
2. **Batches** (`place_items`): the items of one member from one workgroup that fall
   due on one local day go out as ONE mail, the outbox row
   `reminder:<day>:w<workgroup>:u<user>`. The row's payload lists its items
   (`payload["due"]`, with each item's key and due time); an item is placed once:

   - in the row of its own day (or of today, when it is overdue within the grace
     window: what a restarted scheduler catches up on goes out together);
   - if that row is already sending or sent, in the next day's row, up to the event
     (so a late item never makes a second mail on one day);
   - a pending row is rewritten when its items change (conditional on still being
     pending, so a dispatcher that claimed it meanwhile wins; the items then move
     to the next day), cancelled when none is left, revived when items come back.

   An item that fell due longer than REMINDER_GRACE_DAYS ago is written in a
   `skipped` row with the reason: the scheduler was down, a late reminder is worse
   than none, but an administrator must see it was missed (research A6).

The send time is a local wall time ("09:00" in TIMEZONE), converted to UTC per day
with zoneinfo, so it is right on the days the clocks change (research A8). Dispatch
checks once more at send time (`calendar_app.services.send_check`).

**Incremental planning** (`planning_watermark`): step 1 is a pure function of
(rules, events, members, window); step 2 needs only the existing rows of the members
and days the items touch. So a pass with nothing changed and no send moment since the
last one returns at once, and a pass where only time moved computes the items that
came due since the last pass and calls `place_items` with `complete=False` (rows are
then only added to, never trimmed); any change to the planner's inputs makes the next
pass a full one. Rows hold the items, not their content: what a mail says is made
when it is composed (`reminder_content`).
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from datetime import datetime
from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import delete
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import OutboxMessage
from calendar_app.models import PreparedMessage
from calendar_app.models import ReminderRule
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import planning_watermark as watermark
from calendar_app.services.outbox_insert import insert_new
from calendar_app.services.reminder_events import LANGS
from calendar_app.services.reminder_events import activity_dates as activity_dates
from calendar_app.services.reminder_events import activity_event as activity_event
from calendar_app.services.reminder_events import activity_version
from calendar_app.services.reminder_events import observance_events as observance_events
from calendar_app.services.reminder_events import published_activities as published_activities
from calendar_app.services.reminder_events import send_at as send_at
from calendar_app.services.reminder_items import GroupItem
from calendar_app.services.reminder_items import Item
from calendar_app.services.reminder_items import Reminder
from calendar_app.services.reminder_items import activity_span
from calendar_app.services.reminder_items import catalogue
from calendar_app.services.reminder_items import wanted_group_items
from calendar_app.services.reminder_items import wanted_items as wanted_items
from calendar_app.services.reminder_items import window_events as window_events
from calendar_app.services.reminder_members import Member
from calendar_app.services.reminder_members import subscribers as subscribers
from calendar_app.services.reminder_missed import record_missed
from calendar_app.services.reminder_rows import GONE
from calendar_app.services.reminder_rows import MAX_CARRY
from calendar_app.services.reminder_rows import PlanReport as PlanReport
from calendar_app.services.reminder_rows import Recipient
from calendar_app.services.reminder_rows import Row
from calendar_app.services.reminder_rows import batch_key
from calendar_app.services.reminder_rows import batch_payload
from calendar_app.services.reminder_rows import item_keys
from calendar_app.services.reminder_rows import merge_overdue
from calendar_app.services.reminder_rows import rows_around
from calendar_app.services.reminder_rows import target_day
from calendar_app.services.reminder_rows import why_gone
from calendar_app.services.reminder_rules import all_leads

#: How far back, beyond the grace window, missed reminders are still recorded as skipped.
LOOKBACK = timedelta(days=28)
#: Rows are planned this far ahead, so dispatch can send them on the minute.
PLAN_AHEAD = timedelta(days=1)
#: Activities are read this much further ahead than a pass needs, so that the window
#: passes after it find them read already (`reminder_items.ActivitySpan`).
SPAN_AHEAD = timedelta(days=28)


def plan_reminders(session: Session, settings: Settings, *, now: datetime,
                   incremental: bool = True) -> PlanReport:
    """Bring the outbox in line with the reminders due around `now` (flushes only).

    Incremental (the default, `planning_watermark`): only what changed or came due
    since the last pass is planned; `incremental=False` always plans the whole window.
    """
    zone = settings.zone
    grace = timedelta(days=settings.reminder_grace_days)
    low, high = now - grace - LOOKBACK, now + PLAN_AHEAD
    plan = watermark.decide(session, settings, high) if incremental else watermark.PassPlan(
        "full", None, *watermark.counters(session))
    if plan.mode == "idle":
        return PlanReport(mode="idle")
    if plan.since is not None:  # a window pass: what fell due after the last one
        low = max(low, plan.since + timedelta(microseconds=1))
    rules = list(session.scalars(select(ReminderRule).order_by(ReminderRule.id)))
    max_lead = max((max(all_leads(rule) or [0]) for rule in rules), default=0)
    first = low.astimezone(zone).date()
    last = high.astimezone(zone).date() + timedelta(days=max_lead + 7)  # gathered: 6 earlier
    # Members, catalogue and activities: read again only when the inputs changed (`reuse`).
    span = watermark.reuse(session, plan, "activities", lambda: activity_span(
        session, settings, first, last + SPAN_AHEAD), fits=lambda span: span.covers(first, last))
    events = window_events(session, settings, first, last, watermark.reuse(
        session, plan, "catalogue", lambda: catalogue(session)), span)
    members = watermark.reuse(session, plan, "subscribers", lambda: subscribers(session))
    items = wanted_group_items(rules, events, members, settings, low, high)
    report = place_items(session, settings, items, now=now, high=high,
                         complete=plan.mode == "full")
    report.mode = plan.mode
    watermark.record(session, settings, plan, high=high,
                     send_times=[rule.send_time for rule in rules], now=now)
    return report


class Composer:
    """Item states and row payloads of one planning pass, each made once."""

    def __init__(self, settings: Settings, now: datetime) -> None:
        self.settings, self.now = settings, now
        self._states: dict[str, dict[str, Any]] = {}
        self._bodies: dict[tuple[int, tuple[str, ...]], dict[str, Any]] = {}

    def state(self, item: Reminder) -> dict[str, Any]:
        """`item_state`, once per item key: it is the same for every member (read only)."""
        if item.key not in self._states:
            self._states[item.key] = item_state(item)
        return self._states[item.key]

    def body(self, workgroup_id: int, workgroup: str | None,
             batch: Sequence[Reminder]) -> dict[str, Any]:
        """`batch_payload` of a new row but for whom it goes to: built once per workgroup
        and items, since every member with the same reminders gets the same payload but
        for the name (read only: rows add their `to_name` to a copy)."""
        key = (workgroup_id, tuple([item.key for item in batch]))
        body = self._bodies.get(key)
        if body is None:
            body = batch_payload("", workgroup_id, workgroup, _states(batch, self))
            self._bodies[key] = body
        return body


def item_state(item: Reminder) -> dict[str, Any]:
    """What the row remembers of an item: for placing it once and checking it at send time."""
    activity = item.event.activity
    state: dict[str, Any] = {
        "key": item.key, "due_at": item.due_at.isoformat(), "lead": item.lead,
        "days_ahead": item.days_ahead,
        "start_date": item.event.start_date.isoformat(),
        "observance_key": item.event.observance_key,
        "activity_id": activity.id if activity is not None else None}
    if activity is not None:
        state["activity_version"] = activity_version(activity)
    return state


def place_items(session: Session, settings: Settings, items: Iterable[GroupItem], *,
                now: datetime, high: datetime, complete: bool = True) -> PlanReport:
    """Put every member's item in exactly one row (see the module docstring); flushes only.

    With `complete` (the default), `items` is everything due up to `high`: pending
    rows are trimmed to it and cancelled when empty. An incremental caller passes
    `complete=False` with only new items.

    A member with no reminder row around (the usual case: rows are a day's mail) gets
    the item's own day, so only members with rows are placed item by item.
    """
    zone, report = settings.zone, PlanReport()
    grace = timedelta(days=settings.reminder_grace_days)
    today = now.astimezone(zone).date()
    composer = Composer(settings, now)
    local_day = cache(lambda moment: moment.astimezone(zone).date())  # a few moments a pass
    names = dict(session.execute(select(Workgroup.id, Workgroup.name)).all())
    rows = rows_around(session, now - grace - PLAN_AHEAD - timedelta(days=2),
                        high + timedelta(days=MAX_CARRY + 2))
    catch_up = merge_overdue(session, rows, today, report)
    placed = {(pair, key) for pair, by_day in rows.items() for row in by_day.values()
              if row.state not in ("cancelled", "merged") for key in item_keys(row)}
    targets: dict[tuple[int, int, date], list[Item]] = {}
    plain: dict[tuple[int, date], list[tuple[GroupItem, list[Member]]]] = {}  # no rows around
    earliest: dict[tuple[str, int], datetime] = {}
    missed: dict[tuple[int, date], list[tuple[GroupItem, list[Member]]]] = {}
    users: dict[int, Member] = {}
    wanted_keys: set[tuple[int, int, str]] = set()  # of the members with rows around
    for group in items:
        workgroup_id, key = group.workgroup_id, group.key
        members = group.members
        with_rows = [user for user in members if (workgroup_id, user.id) in rows]
        wanted_keys.update((workgroup_id, user.id, key) for user in with_rows)
        if group.due_at < now - grace:
            if with_rows:
                members = [user for user in members if ((workgroup_id, user.id), key)
                           not in placed]
            missed.setdefault((workgroup_id, local_day(group.due_at)), []).append(
                (group, members))
            continue
        own_day = max(local_day(group.due_at), today)
        if own_day <= group.event.start_date:  # members with nothing around: its own day
            alone = [user for user in members if (workgroup_id, user.id) not in rows] \
                if with_rows else members
            plain.setdefault((workgroup_id, own_day), []).append((group, alone))
        for user in with_rows:
            pair = (workgroup_id, user.id)
            by_day = rows[pair]
            users[user.id] = user
            if (pair, key) in placed:
                continue
            day = target_day(by_day, catch_up.get(pair, own_day) if own_day == today
                             else own_day, group.event.start_date)
            if day is not None:
                targets.setdefault((*pair, day), []).append(group.for_member(user))
                # Overdue (within grace) goes at once; moved to a later day, at that day's time.
                earliest[key, user.id] = group.due_at if day == own_day else send_at(
                    day, group.rule.send_time, zone)
    report.skipped += record_missed(session, missed, names, composer.state, now=now,
                                    zone=zone, grace=grace)
    for pair, by_day in rows.items():
        for day, row in by_day.items():
            if row.state == "pending" or (row.state == "cancelled" and (*pair, day) in targets):
                batch = targets.pop((*pair, day), [])
                due_at = min([earliest[i.key, i.user.id] for i in batch], default=row.due_at)
                _rewrite(session, row, pair, batch, wanted_keys, users, names, composer,
                         report, due_at=min(due_at, row.due_at) if row.state == "pending"
                         else due_at, high=high, complete=complete)
    fresh = [_new_row(pair_day, batch[0].user, batch, min(earliest[i.key, i.user.id]
                                                          for i in batch),
                      composer.body(pair_day[0], names.get(pair_day[0]), batch), now)
             for pair_day, batch in targets.items()]
    for (workgroup_id, day), entries in plain.items():
        fresh += _plain_rows(workgroup_id, day, entries, names, composer, now)
    _insert(session, fresh, report)
    session.flush()
    return report


def _plain_rows(workgroup_id: int, day: date, entries: list[tuple[GroupItem, list[Member]]],
                names: dict[int, str], composer: Composer, now: datetime) -> list[dict[str, Any]]:
    """The new rows of one workgroup and day for members without rows around: each
    member's items, at the earliest due time among them. Usually every member gets
    every item, and the rows differ only in to whom they go."""
    first_members = [user.id for user in entries[0][1]]
    if all([user.id for user in users] == first_members for _group, users in entries[1:]):
        batch = [group for group, _users in entries]
        due_at = min(group.due_at for group in batch)
        body = composer.body(workgroup_id, names.get(workgroup_id), batch)
        shared = _shared_values(batch, due_at, now)  # the same for each member: made once
        prefix = batch_key(workgroup_id, 0, day)[:-1]  # all but the member's number
        return [{**shared, **_addressed(user, f"{prefix}{user.id}", body)}
                for user in entries[0][1]]
    batches: dict[int, tuple[Member, list[GroupItem]]] = {}
    for group, users in entries:
        for user in users:
            batches.setdefault(user.id, (user, []))[1].append(group)
    return [_new_row((workgroup_id, user.id, day), user, batch,
                     min(group.due_at for group in batch),
                     composer.body(workgroup_id, names.get(workgroup_id), batch), now)
            for user, batch in batches.values()]


def _states(batch: Sequence[Reminder], composer: Composer) -> list[dict[str, Any]]:
    return [composer.state(item) for item in batch]


def _new_row(pair_day: tuple[int, int, date], user: Member, batch: Sequence[Reminder],
             due_at: datetime, body: dict[str, Any], now: datetime) -> dict[str, Any]:
    workgroup_id, _user_id, day = pair_day
    return {**_shared_values(batch, due_at, now),
            **_addressed(user, batch_key(workgroup_id, user.id, day), body)}


def _addressed(user: Member, key: str, body: dict[str, Any]) -> dict[str, Any]:
    """A new row's columns that say to whom it goes."""
    return {"dedupe_key": key, "recipient_id": user.id, "recipient_email": user.email,
            "lang": user.lang if user.lang in LANGS else "nl",
            "payload": {**body, "to_name": user.name}}


def _shared_values(batch: Sequence[Reminder], due_at: datetime,
                   now: datetime) -> dict[str, Any]:
    """A new row's columns but for whom it goes to (and its key and payload)."""
    first, single = batch[0], len(batch) == 1
    return {
        "kind": "reminder", "observance_key": first.event.observance_key if single else None,
        "activity_id": first.event.activity.id if single and first.event.activity else None,
        "rule_id": first.rule.id, "lead_days": first.lead if single else None,
        "due_at": due_at, "next_attempt_at": due_at, "state": "pending", "attempts": 0,
        "last_error": "", "created_at": now}


def _rewrite(session: Session, row: Row, pair: tuple[int, int], batch: list[Item],
             wanted: set[tuple[int, int, str]], users: dict[int, Member], names: dict[int, str],
             composer: Composer, report: PlanReport, *, due_at: datetime, high: datetime,
             complete: bool) -> None:
    """Bring a pending (or revivable cancelled) row's items in line; cancel it when empty."""
    due = row.payload.get("due")
    if due is None:  # a row from before the batches: left as it was planned
        report.keys.add(row.key)
        return
    kept = [state for state in due
            if row.state == "pending" and (not complete or (*pair, state["key"]) in wanted
                                           or datetime.fromisoformat(state["due_at"]) > high)]
    if not batch and len(kept) == len(due) and row.state == "pending":
        report.keys.add(row.key)
        return
    values: dict[str, Any]
    if not batch and not kept:
        if row.state != "pending":
            return
        values = {"state": "cancelled", "last_error": f"{GONE} {why_gone(session, row)}"}
        report.cancelled += 1
    else:
        user: Recipient = users.get(pair[1]) or session.get_one(User, pair[1])
        entries = kept + _states(batch, composer)
        values = {"payload": batch_payload(user.name, pair[0], names.get(pair[0]), entries),
                  "state": "pending", "last_error": "", "due_at": due_at,
                  "next_attempt_at": due_at}
        if len(entries) != 1:
            values.update(observance_key=None, activity_id=None, lead_days=None)
        if row.state == "cancelled":
            report.revived += 1
        report.items += len(batch)
        report.keys.add(row.key)
    done = session.execute(update(OutboxMessage).where(
        OutboxMessage.id == row.id, OutboxMessage.state == row.state).values(**values))
    if done.rowcount:  # type: ignore[attr-defined]
        session.execute(delete(PreparedMessage).where(PreparedMessage.outbox_id == row.id))


def _insert(session: Session, rows: list[dict[str, Any]], report: PlanReport) -> None:
    fresh = insert_new(session, rows)
    report.planned += len(fresh)
    report.items += sum(len(row["payload"]["due"]) for row in fresh)
    report.keys.update(row["dedupe_key"] for row in fresh)


