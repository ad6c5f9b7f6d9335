"""Incremental reminder planning: decide what a pass must look at, and remember it.

Planning every reminder of the whole window on every pass (every few minutes) costs
seconds at a hundred workgroups; almost always nothing changed. A pass is therefore:

- **idle** when nothing the planner reads changed since the last full pass (the
  planner-inputs counter and the data version are what that pass saw, and so are the
  settings) and no send moment (any rule's send time, on any local day) lies after
  the moment planned through: it returns after reading three one-row tables;
- a **window** pass when only time moved on: only the reminders that fall due after
  the last planned-through moment are planned (`place_items(..., complete=False)`);
- a **full** pass otherwise, and always as the first pass of a process (a new
  release may plan differently), or when the watermark row is missing.

Why this is exactly-once: with the inputs unchanged, the wanted items are fixed per
due moment (`wanted_items` only compares due times with the window and with
creation times), so the items of a full pass that a window pass leaves out are
those an earlier pass already handled. Any change to the inputs is counted in the
same transaction that makes it (`calendar_app.models.planner`), and a window pass
moves the watermark only while the counters are still what it read (compare and
set), so a concurrent change always leads to a full pass next.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta
from typing import Any
from typing import Literal
from typing import TypeVar
from typing import cast
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy import select
from sqlalchemy import update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import PlannerInputs
from calendar_app.models import PlanningWatermark
from calendar_app.services.reminder_events import send_at
from calendar_app.services.site import data_version

Mode = Literal["full", "window", "idle"]
T = TypeVar("T")

#: Engines this process has made a full pass on (a restarted process plans in full).
_FULL_DONE: weakref.WeakSet[Engine] = weakref.WeakSet()

#: Per engine: the counters a pass saw, and what it read that only their change changes.
_READ: weakref.WeakKeyDictionary[Engine, tuple[tuple[int | None, int], dict[str, Any]]] = \
    weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class PassPlan:
    mode: Mode
    #: Window and idle passes: everything due up to here is already planned.
    since: datetime | None
    inputs_version: int | None
    data_version: int


def settings_key(settings: Settings) -> str:
    """The settings a plan depends on: a change of any of them needs a full pass."""
    return f"{settings.timezone}|{settings.reminder_grace_days}|{settings.base_url}"


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def counters(session: Session) -> tuple[int | None, int]:
    """The planner-inputs counter (None before the first change) and the data version."""
    inputs = session.scalar(select(PlannerInputs.version).where(PlannerInputs.id == 1))
    return inputs, data_version(session)[0]


def decide(session: Session, settings: Settings, high: datetime) -> PassPlan:
    """What this pass, planning up to `high`, has to do (reads three small rows)."""
    inputs, data = counters(session)
    mark = session.get(PlanningWatermark, 1)
    if (mark is None or _engine(session) not in _FULL_DONE or mark.inputs_version != inputs
            or mark.data_version != data or mark.settings_key != settings_key(settings)):
        return PassPlan("full", None, inputs, data)
    through = mark.planned_through
    due = high > through and send_moment_between(mark.send_times, through, high,
                                                 settings.zone)
    return PassPlan("window" if due else "idle", through, inputs, data)


def reuse(session: Session, plan: PassPlan, name: str, load: Callable[[], T], *,
          fits: Callable[[T], bool] | None = None) -> T:
    """`load()`, or in a window pass what an earlier pass of this process loaded under
    the same counters (and that `fits` this pass): they say the planner's inputs have
    not changed since, so neither has what was read from them (the members, the
    catalogue, the activities). The values are only read, never changed or attached
    to a session (`reminder_items.ActivitySpan` says why its ORM objects may be kept)."""
    engine = _engine(session)
    counters_seen = (plan.inputs_version, plan.data_version)
    memo = _READ.get(engine)
    if memo is None or memo[0] != counters_seen:
        memo = _READ[engine] = (counters_seen, {})
    if plan.mode != "window" or name not in memo[1] or (
            fits is not None and not fits(cast(T, memo[1][name]))):
        memo[1][name] = load()
    return cast(T, memo[1][name])


def send_moment_between(send_times: list[str], after: datetime, until: datetime,
                        zone: ZoneInfo) -> bool:
    """Is any of `send_times`, on any local day, in (`after`, `until`]?

    Every reminder falls due at its rule's send time on some local day (whatever the
    lead time), so no reminder can come due in an interval without one.
    """
    day, last = after.astimezone(zone).date() - timedelta(days=1), until.astimezone(
        zone).date() + timedelta(days=1)
    while day <= last:
        if any(after < send_at(day, time, zone) <= until for time in send_times):
            return True
        day += timedelta(days=1)
    return False


def record(session: Session, settings: Settings, plan: PassPlan, *, high: datetime,
           send_times: list[str], now: datetime) -> None:
    """Remember what this pass planned (in its own transaction: a rollback forgets it)."""
    if plan.mode == "idle":
        return
    if plan.mode == "window":
        # Compare and set: if the inputs changed meanwhile, the next pass is a full one.
        session.execute(update(PlanningWatermark).where(
            PlanningWatermark.id == 1, PlanningWatermark.inputs_version == plan.inputs_version,
            PlanningWatermark.data_version == plan.data_version).values(
            planned_through=high, updated_at=now))
        return
    values = {"inputs_version": plan.inputs_version, "data_version": plan.data_version,
              "settings_key": settings_key(settings), "send_times": sorted(set(send_times)),
              "planned_through": high, "updated_at": now}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(PlanningWatermark).values(id=1, **values).on_conflict_do_update(
        index_elements=["id"], set_=values))
    _FULL_DONE.add(_engine(session))
