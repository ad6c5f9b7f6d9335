"""Adding many outbox rows at once, each once: what a planning pass writes.

A planning pass inserts thousands of reminder rows, and two planners may run at once,
so every insert is `ON CONFLICT (dedupe_key) DO NOTHING` and `insert_new` says which
rows it added. SQLAlchemy's per-row parameter handling was most of such an insert,
so the statements are written here, with values converted by the columns' own bind
processors (what `session.execute(insert(...), rows)` would do), each distinct
datetime once. Each engine gets the way that is fast on it:

- SQLite: the driver's executemany of one compiled statement (its loop is in C), after
  one lookup of the keys that exist already;
- PostgreSQL: one `INSERT ... SELECT * FROM unnest(<one array per column>) ...
  RETURNING dedupe_key` per CHUNK rows. A statement per row (executemany, even
  pipelined) cost the server most of a pass, and the keys that come back are the
  rows added, with no lookup beforehand.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from operator import itemgetter
from typing import Any
from typing import cast

from sqlalchemy import Connection
from sqlalchemy import Table
from sqlalchemy import bindparam
from sqlalchemy import select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from calendar_app.db import UTCDateTime
from calendar_app.models import OutboxMessage

#: Rows per statement (and keys per lookup).
CHUNK = 500


def insert_new(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert the rows whose dedupe key is not in the outbox yet; returns those.

    Every row has the same keys (column names).
    """
    if not rows:
        return []
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        added = _insert_unnest(connection, rows)
        return [row for row in rows if row["dedupe_key"] in added]
    existing = existing_keys(session, [str(row["dedupe_key"]) for row in rows])
    fresh = [row for row in rows if row["dedupe_key"] not in existing]
    _insert_many(connection, fresh)
    return fresh


def existing_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of `keys` are in the outbox already."""
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        found.update(session.scalars(select(OutboxMessage.dedupe_key).where(
            OutboxMessage.dedupe_key.in_(keys[start:start + CHUNK]))))
    return found


def _table() -> Table:
    return cast(Table, OutboxMessage.__table__)


def _values(connection: Connection, columns: list[str],
            rows: list[dict[str, Any]]) -> list[list[Any]]:
    """Each row's values in `columns` order, as the columns' bind processors make them."""
    table = _table()
    converters = [(at, convert) for at, name in enumerate(columns)
                  if (convert := _converter(table.c[name].type, connection.dialect)) is not None]
    pick = itemgetter(*columns)
    values = [list(pick(row)) for row in rows]
    for row_values in values:  # only datetimes and JSON need converting
        for at, convert in converters:
            row_values[at] = convert(row_values[at])
    return values


def _insert_many(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """SQLite: executemany of INSERT ... ON CONFLICT (dedupe_key) DO NOTHING."""
    if not rows:
        return
    columns = list(rows[0])
    compiled = sqlite.insert(_table()).values({name: bindparam(name) for name in columns}) \
        .on_conflict_do_nothing(index_elements=["dedupe_key"]).compile(
        dialect=connection.dialect)
    names = list(compiled.positiontup or []) if compiled.positional else columns
    values = _values(connection, names, rows)
    parameters: list[Any] = [tuple(row_values) for row_values in values] \
        if compiled.positional else [dict(zip(names, row_values, strict=True))
                                     for row_values in values]
    for start in range(0, len(parameters), CHUNK):
        connection.exec_driver_sql(compiled.string, parameters[start:start + CHUNK])


def _insert_unnest(connection: Connection, rows: list[dict[str, Any]]) -> set[str]:
    """PostgreSQL: INSERT ... SELECT * FROM unnest(arrays) ... RETURNING; the keys added."""
    dialect, table = connection.dialect, _table()
    columns = list(rows[0])
    quote = dialect.identifier_preparer.quote
    # %b: arrays in psycopg's binary format; the text format escapes each element of
    # an array with a regular expression, and a payload's JSON has dozens of quotes.
    arrays = ", ".join(f"%b::{table.c[name].type.compile(dialect=dialect)}[]"
                       for name in columns)
    statement = (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
        f"({', '.join(quote(name) for name in columns)}) SELECT * FROM unnest({arrays}) "
        "ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key")
    added: set[str] = set()
    values = _values(connection, columns, rows)
    for start in range(0, len(values), CHUNK):
        chunk = values[start:start + CHUNK]
        by_column = tuple([row_values[at] for row_values in chunk]
                          for at in range(len(columns)))
        added.update(key for (key,) in connection.exec_driver_sql(statement, by_column))
    return added


def _converter(column_type: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The column's bind processor (None when values go as they are); a datetime's
    result is remembered, since a pass's rows share a few moments."""
    process = column_type._cached_bind_processor(dialect)
    if process is None or not isinstance(column_type, UTCDateTime):
        return cast(Callable[[Any], Any] | None, process)
    return cache(process)
