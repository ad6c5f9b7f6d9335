"""The reminder planner's own state: what it last planned, and a counter of its inputs.

`PlannerInputs.version` moves with every change to something reminders are planned
from (rules, memberships and their reminder mode, members' address, name, language
and account, workgroup names, activities, their co-organisers, the catalogue). It is
bumped by the session events below, in the transaction that makes the change, so no
service can forget it, and a Core `update()`/`delete()` through a session counts too.
`PlanningWatermark` records what the last pass saw (that counter, the data version,
the rules' send times) and how far ahead it planned; with both unchanged and no send
moment in between, a pass has nothing to do (`calendar_app.services.planning_watermark`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import CheckConstraint
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import event
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session
from sqlalchemy.orm import UOWTransaction
from sqlalchemy.orm import mapped_column

from calendar_app.db import Base
from calendar_app.db import UTCDateTime


class PlannerInputs(Base):
    """One row counting changes to the planner's inputs (created by the first change)."""

    __tablename__ = "planner_inputs"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    version: Mapped[int] = mapped_column(default=0)


class PlanningWatermark(Base):
    """What the last planning pass saw and how far ahead it planned (one row)."""

    __tablename__ = "planning_watermark"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    #: `PlannerInputs.version` and `DataVersion.version` when the last full pass began.
    inputs_version: Mapped[int | None] = mapped_column()
    data_version: Mapped[int | None] = mapped_column()
    #: Settings the plan depends on (time zone, grace window, base URL), as one string.
    settings_key: Mapped[str] = mapped_column(String(300), default="")
    #: The rules' distinct send times ("09:00"), as of that full pass.
    send_times: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Everything due up to this moment is planned.
    planned_through: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


#: Tables the planner reads; for `users` and `workgroups` only the columns it uses.
WATCHED: dict[str, frozenset[str] | None] = {
    "reminder_rules": None, "memberships": None, "activities": None,
    "activity_coorganisers": None, "observances": None, "themes": None,
    "browser_dates": None, "users": frozenset({"email", "name", "lang", "is_active"}),
    "workgroups": frozenset({"name"})}


def bump_planner_inputs(session: Session) -> None:
    """Count one change to the planner's inputs (an upsert: the row may not exist yet)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(PlannerInputs).values(id=1, version=1).on_conflict_do_update(
        index_elements=["id"], set_={"version": PlannerInputs.version + 1})
    session.connection().execute(statement)


def _changes_inputs(session: Session) -> bool:
    for obj in (*session.new, *session.deleted):
        if getattr(obj, "__tablename__", None) in WATCHED:
            return True
    for obj in session.dirty:
        name = getattr(obj, "__tablename__", None)
        if name not in WATCHED:
            continue
        columns = WATCHED[name]
        if not session.is_modified(obj):
            continue
        if columns is None:
            return True
        state: Any = obj._sa_instance_state  # noqa: SLF001 - attribute history of one object
        if any(state.attrs[column].history.has_changes() for column in columns):
            return True
    return False


@event.listens_for(Session, "before_flush")
def _note_input_changes(session: Session, _context: UOWTransaction, _instances: object) -> None:
    if _changes_inputs(session):
        session.info["planner_inputs_changed"] = True


@event.listens_for(Session, "after_flush")
def _bump_after_flush(session: Session, _context: UOWTransaction) -> None:
    if session.info.pop("planner_inputs_changed", False):
        bump_planner_inputs(session)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_statement(state: ORMExecuteState) -> None:
    """`session.execute(update(Membership)...)` and the like skip the flush: count them here."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if isinstance(table, Table) and table.name in WATCHED:
        bump_planner_inputs(state.session)
