"""The outbox rows of reminders: one mail per member, workgroup and day, and its items.

`calendar_app.services.reminders` decides which reminders are due and where each item
goes; this module is what it reads and writes: the row key
`reminder:<day>:w<workgroup>:u<user>` (`batch_key`), its payload (`batch_payload`) and
the rows around a moment (inserting them is `outbox_insert`).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from typing import Any
from typing import Protocol

from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import OutboxMessage

#: Starts the reason of a row cancelled because its reminder is gone (it may be revived).
GONE = "no longer due:"


#: How many later days an item may move to when its day's mail has already gone.
MAX_CARRY = 3


@dataclass
class PlanReport:
    planned: int = 0
    skipped: int = 0
    cancelled: int = 0
    revived: int = 0
    #: Items placed in a row this pass (new or added to a pending row).
    items: int = 0
    keys: set[str] = field(default_factory=set)
    #: "full" (the whole window), "window" (only what came due) or "idle" (nothing new).
    mode: str = "full"


def batch_key(workgroup_id: int, user_id: int, day: date) -> str:
    """The key of a member's mail of one day from one workgroup.

    The day comes first: a pass adds the rows of a day or two for every member, and
    with the day first their keys sit together in the outbox's unique index. With the
    member first (until December 2026) they landed all over it, and on SQLite each
    pass rewrote most of the index's pages (a third of a year of weekly passes)."""
    return f"reminder:{day.isoformat()}:w{workgroup_id}:u{user_id}"


def key_day(key: str) -> date:
    """The day of a reminder row's key (`batch_key`, `missed_key`, a retry's key)."""
    return date.fromisoformat(key.split(":")[1])


class Recipient(Protocol):
    """The account a reminder row goes to: a `User` or planning's plain `Member`."""

    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


def batch_payload(to_name: str, workgroup_id: int, workgroup: str | None,
                  due: list[dict[str, Any]]) -> dict[str, Any]:
    """The payload of one reminder mail: its items' states, soonest first, and to whom.

    No content: what the mail says about each item is made when it is composed
    (`reminder_content`), from the events as they are then. (Rows stored each item's
    content until December 2026: a planning pass writes a row per member.)
    """
    return {
        "to_name": to_name, "workgroup_id": workgroup_id,
        "start_date": min(state["start_date"] for state in due),
        "due": sorted(due, key=lambda state: (state["start_date"], state["key"])),
        "context": {"workgroup": workgroup}}


@dataclass
class Row:
    id: int
    key: str
    state: str
    due_at: datetime
    payload: dict[str, Any]


#: Starts the reason of a row whose items went into a later day's mail instead.
MERGED = "merged into the mail of"


def merge_overdue(session: Session, rows: dict[tuple[int, int], dict[date, Row]],
                   today: date, report: PlanReport) -> dict[tuple[int, int], date]:
    """The catch-up mail per (workgroup, member): the first still pending row of an
    earlier day (the scheduler or the mail server was away). Today's items join it, so
    a catch-up sends one mail, not one per missed day; further pending rows of earlier
    days give their items to it too (cancelled first, conditionally: a dispatcher
    that claimed one meanwhile keeps it, and its items stay placed there).
    """
    catch_up: dict[tuple[int, int], date] = {}
    for pair, by_day in rows.items():
        for day in sorted(by_day):
            row = by_day[day]
            if row.state != "pending" or day >= today or "due" not in row.payload:
                continue
            if pair not in catch_up:
                catch_up[pair] = day
                continue
            done = session.execute(update(OutboxMessage).where(
                OutboxMessage.id == row.id, OutboxMessage.state == "pending").values(
                state="cancelled", last_error=f"{MERGED} {catch_up[pair].isoformat()}"))
            if done.rowcount:  # type: ignore[attr-defined]
                row.state = "merged"
                report.cancelled += 1
    return catch_up


def target_day(by_day: dict[date, Row], day: date, event_start: date) -> date | None:
    """The first day from `day` whose mail has not gone yet; None past the event."""
    for _step in range(MAX_CARRY + 1):
        if day > event_start:
            return None
        row = by_day.get(day)
        if row is None or row.state in ("pending", "cancelled", "merged"):
            return day
        day += timedelta(days=1)
    return None


def rows_around(session: Session, low: datetime,
                 high: datetime) -> dict[tuple[int, int], dict[date, Row]]:
    """Existing reminder rows due in `low`..`high`, per (workgroup, user) and day."""
    found: dict[tuple[int, int], dict[date, Row]] = {}
    for row_id, key, state, due_at, payload in session.execute(select(
            OutboxMessage.id, OutboxMessage.dedupe_key, OutboxMessage.state,
            OutboxMessage.due_at, OutboxMessage.payload).where(
            OutboxMessage.kind == "reminder", OutboxMessage.due_at >= low,
            OutboxMessage.due_at <= high)):
        parsed = parse_key(key, payload or {})
        if parsed is not None:
            pair, day = parsed
            found.setdefault(pair, {})[day] = Row(row_id, key, state, due_at, payload or {})
    return found


def parse_key(key: str, payload: dict[str, Any]) -> tuple[tuple[int, int], date] | None:
    """(workgroup, user) and day of a batch key; a one-reminder row of before the
    batches (`reminder:<occurrence>:r<rule>:u<user>:d<lead>`) maps to date.max. A
    mail queued by trying a missed day again (`...:again:<row>`) is None: planning
    leaves it alone (its reminders fell due long ago; the send-time check decides)."""
    if ":again:" in key:
        return None
    parts = key.split(":")
    if len(parts) == 4 and parts[2].startswith("w") and parts[3].startswith("u"):
        return (int(parts[2][1:]), int(parts[3][1:])), date.fromisoformat(parts[1])
    if len(parts) == 4 and parts[1].startswith("w") and parts[2].startswith("u"):
        # The member first, as until December 2026: the migration rewrote these, but a
        # scheduler of before it that ran on while it did may have written more.
        return (int(parts[1][1:]), int(parts[2][1:])), date.fromisoformat(parts[3])
    user = next((part for part in parts if part.startswith("u") and part[1:].isdigit()), None)
    workgroup = payload.get("workgroup_id")
    if user is None or workgroup is None:
        return None
    return (int(workgroup), int(user[1:])), date.max  # never a target day


def item_keys(row: Row) -> list[str]:
    due = row.payload.get("due")
    if due is not None:
        return [str(state["key"]) for state in due]
    # A one-reminder row from before the batches: its item key is its own key minus
    # the user part.
    parts = row.key.removeprefix("reminder:").split(":")
    return [":".join(part for part in parts if not (part.startswith("u") and part[1:].isdigit()))]


def why_gone(session: Session, row: Row) -> str:
    for state in row.payload.get("due") or []:
        if state.get("activity_id"):
            activity = session.get(Activity, state["activity_id"])
            if activity is None or activity.status != "published":
                return f"the activity is {activity.status if activity else 'deleted'}"
            return "the activity moved to another date"
        key = state.get("observance_key")
        if key and session.scalar(select(Observance.retired_at).where(
                Observance.key == key)) is not None:
            return "the observance left the catalogue"
    return "the event moved, the rule changed or the member unsubscribed or left"


def keys_due_between(session: Session, low: datetime, high: datetime) -> set[str]:
    """The keys of reminder rows due in `low`..`high` (keys only: no payload read)."""
    return set(session.scalars(select(OutboxMessage.dedupe_key).where(
        OutboxMessage.kind == "reminder", OutboxMessage.due_at >= low,
        OutboxMessage.due_at <= high)))
