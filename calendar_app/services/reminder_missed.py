"""Reminders that fell due beyond the grace window: one slim row per workgroup and day.

A planning pass after a long stop (or, in the benchmark, a pass a week after the last)
finds thousands of reminders that were missed. They are never sent as they are, so
one skipped row per workgroup and day records them (`missed_payload`): each item's
state (key, due time, start date, observance or activity), the titles and which
members missed which items, by account id only. A row per member (twenty rows for
one missed Monday mail, each with the member's name) was most of a planning pass
and filled the administrator's outbox with copies of one fact.

Only when an administrator tries such a row again (`outbox_admin.retry_row`) is the
mail composed, one pending row per member who is still subscribed (`fan_out`),
with the content as it is now, so what then goes out is the same as a reminder
planned in time.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Membership
from calendar_app.models import OutboxMessage
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.outbox_insert import insert_new
from calendar_app.services.reminder_content import event_of
from calendar_app.services.reminder_events import LANGS
from calendar_app.services.reminder_events import Event
from calendar_app.services.reminder_events import send_at
from calendar_app.services.reminder_items import GroupItem
from calendar_app.services.reminder_items import catalogue
from calendar_app.services.reminder_members import Member
from calendar_app.services.reminder_rows import batch_key
from calendar_app.services.reminder_rows import batch_payload
from calendar_app.services.reminder_rows import key_day
from calendar_app.services.reminder_rows import keys_due_between

#: Marks a payload that holds the items' state and titles but no composed content.
SLIM = "missed"


def missed_key(workgroup_id: int, day: date) -> str:
    """The key of a workgroup's missed reminders of one day (no member part: one row)."""
    return f"reminder:{day.isoformat()}:missed:w{workgroup_id}"  # the day first: `batch_key`


def record_missed(session: Session,
                  missed: dict[tuple[int, date], list[tuple[GroupItem, list[Member]]]],
                  names: dict[int, str], state_of: Callable[[GroupItem], dict[str, Any]], *,
                  now: datetime, zone: ZoneInfo, grace: timedelta) -> int:
    """Planning's part: one skipped row per workgroup and day whose reminders fell due
    unsent (`missed`: per workgroup and day, each item with the members who should
    have had it; `state_of`: what a row remembers of an item). Returns how many
    members' mails were missed.
    """
    # A member with a row of that day had the reminder placed (the row may be older
    # than the rows this pass read); the member's key is what said so before 2 Dec. A
    # row keyed by a day is due on that day, so the keys due around the days suffice.
    days_missed = {day for _workgroup, day in missed}
    had = keys_due_between(
        session, send_at(min(days_missed), "00:00", zone) - timedelta(days=1),
        send_at(max(days_missed), "00:00", zone) + timedelta(days=2)) if missed else set()
    skipped = []
    for (workgroup_id, day), entries in missed.items():
        found: list[tuple[GroupItem, list[int]]] = []
        unsent: dict[int, bool] = {}  # per member: no row of theirs that day
        for group, users in entries:
            for user in users:
                if user.id not in unsent:
                    unsent[user.id] = batch_key(workgroup_id, user.id, day) not in had
            missing = [user.id for user in users if unsent[user.id]]
            if missing:
                found.append((group, missing))
        if not found:
            continue
        first = min((group for group, _missing in found), key=lambda item: item.due_at)
        payload = missed_payload(workgroup_id, names.get(workgroup_id), (
            (state_of(group), group.event.titles["nl"], missing)
            for group, missing in found))
        single = len(payload["due"]) == 1
        skipped.append({
            "dedupe_key": missed_key(workgroup_id, day), "kind": "reminder",
            "recipient_id": None, "recipient_email": "", "lang": "nl",
            "observance_key": first.event.observance_key if single else None,
            "activity_id": first.event.activity.id if single and first.event.activity
            else None, "rule_id": first.rule.id, "lead_days": first.lead if single else None,
            "due_at": first.due_at, "next_attempt_at": first.due_at, "payload": payload,
            "state": "skipped", "attempts": 0, "created_at": now,
            "last_error": f"fell due {first.due_at:%Y-%m-%d %H:%M} UTC while the scheduler "
                          f"was not running; beyond the grace window of {grace.days} day(s)"})
    fresh = insert_new(session, skipped)
    return sum(row["payload"]["member_count"] for row in fresh)


def missed_payload(workgroup_id: int, workgroup: str | None,
                   entries: Iterable[tuple[dict[str, Any], str, Iterable[int]]]) -> dict[str, Any]:
    """The payload of a skipped row: per item its state, its title and the account ids
    of the members who missed it (`missed_by`, beside `due`), soonest first.

    Per item, not per member: the members of a workgroup nearly always missed the same
    items, and a list of item keys for each of them was most of such a row."""
    unique: dict[str, tuple[dict[str, Any], str, set[int]]] = {}
    for state, title, user_ids in entries:
        unique.setdefault(state["key"], (state, title, set()))[2].update(user_ids)
    ordered = sorted(unique.values(), key=lambda entry: (entry[0]["start_date"], entry[1]))
    return {"workgroup_id": workgroup_id, "workgroup": workgroup,
            "start_date": ordered[0][0]["start_date"],
            "due": [state for state, _title, _users in ordered],
            "titles": [title for _state, title, _users in ordered],
            "missed_by": [sorted(users) for _state, _title, users in ordered],
            "member_count": len(set().union(*(users for _state, _title, users in ordered))),
            "composed": SLIM}


def missed_members(payload: Mapping[str, Any]) -> dict[int, set[str]]:
    """Per member (account id), the keys of the items they missed, from a skipped row
    of either form: `missed_by` per item, or (until December 2026) `members`, a list of
    [account id, keys] per member."""
    if "missed_by" not in payload:
        return {int(user_id): set(keys) for user_id, keys in payload.get("members") or []}
    members: dict[int, set[str]] = {}
    for state, user_ids in zip(payload.get("due") or [], payload["missed_by"], strict=False):
        for user_id in user_ids:
            members.setdefault(int(user_id), set()).add(str(state["key"]))
    return members


def is_slim(payload: dict[str, Any] | None) -> bool:
    return bool(payload) and (payload or {}).get("composed") == SLIM


def fan_out(session: Session, settings: Settings, row: OutboxMessage,
            now: datetime) -> list[dict[str, Any]]:
    """The outbox rows (as values) that send a skipped row's reminders now: one per
    member who is still an active, individually reminded member of the workgroup,
    with the items they missed that still stand. Empty when none is left.

    Keys end in `:again:<row id>`, so they never collide with the member's own mail of
    that day, and a row can be tried again only once (`outbox_admin.retry_row`).
    """
    payload = dict(row.payload or {})
    workgroup_id = int(payload.get("workgroup_id") or 0)
    members = missed_members(payload)
    if not members and row.recipient_id is not None:  # a row of one member (before 2 Dec)
        members = {row.recipient_id: {str(state["key"]) for state in payload.get("due", [])}}
    standing = _standing(session, settings, payload.get("due") or [])
    name = session.scalar(select(Workgroup.name).where(Workgroup.id == workgroup_id))
    subscribed = set(session.scalars(select(Membership.user_id).where(
        Membership.workgroup_id == workgroup_id, Membership.reminder_mode == "individual",
        Membership.pending.is_(False), Membership.user_id.in_(list(members)))))
    day = key_day(row.dedupe_key)
    rows = []
    for user in session.scalars(select(User).where(User.id.in_(list(subscribed)),
                                                   User.is_active.is_(True))):
        lang = user.lang if user.lang in LANGS else "nl"
        mine = [(state, event) for state, event in standing if state["key"] in members[user.id]]
        if not mine:
            continue
        rows.append({
            "dedupe_key": f"{batch_key(workgroup_id, user.id, day)}:again:{row.id}",
            "recipient_id": user.id, "recipient_email": user.email, "lang": lang,
            "payload": batch_payload(user.name, workgroup_id, name,
                                     [state for state, _event in mine]),
            "activity_id": mine[0][1].activity.id if len(mine) == 1 and mine[0][1].activity
            else None,
            "observance_key": mine[0][1].observance_key if len(mine) == 1 else None,
            "lead_days": int(mine[0][0].get("lead") or 0) if len(mine) == 1 else None})
    return rows


def _standing(session: Session, settings: Settings,
              due: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Event]]:
    """The items whose event still stands, with it (`SendCheck` looks again at send time)."""
    found, observances = [], catalogue(session)
    for state in due:
        event = event_of(session, settings, state, observances)
        if event is not None:
            found.append((state, event))
    return found
