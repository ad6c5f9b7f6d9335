"""Adding many outbox rows at once, each once: what a planning pass writes.

A planning pass inserts thousands of reminder rows, and two planners may run at once,
so every insert is `ON CONFLICT (dedupe_key) DO NOTHING` and `insert_new` says which
rows it added. SQLAlchemy's per-row parameter handling was most of such an insert,
so the statements are written here, with values converted by the columns' own bind
processors (what `session.execute(insert(...), rows)` would do), each distinct
datetime once. Each engine gets the way that is fast on it, and on both the keys that
come back (`RETURNING dedupe_key`) are the rows added, with no lookup beforehand:

- SQLite: one `INSERT ... VALUES (...), (...) ...` per CHUNK rows (SQLite 3.35 and
  newer; the driver's executemany returns nothing, so it needed a lookup first);
- PostgreSQL: one `INSERT ... SELECT * FROM unnest(<one array per column>) ...`
  per CHUNK rows. A statement per row (executemany, even pipelined) cost the server
  most of a pass.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import chain
from operator import itemgetter
from typing import Any
from typing import cast

from sqlalchemy import Connection
from sqlalchemy import Table
from sqlalchemy.orm import Session

from calendar_app.db import UTCDateTime
from calendar_app.models import OutboxMessage

#: Rows per statement (SQLite: 20 columns x 500 rows, well below its 32,766 parameters).
CHUNK = 500


def insert_new(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert the rows whose dedupe key is not in the outbox yet; returns those.

    Every row has the same keys (column names).
    """
    if not rows:
        return []
    connection = session.connection()
    insert = _insert_unnest if connection.dialect.name == "postgresql" else _insert_returning
    added = insert(connection, rows)
    return [row for row in rows if row["dedupe_key"] in added]


def _table() -> Table:
    return cast(Table, OutboxMessage.__table__)


def _columns(connection: Connection, columns: list[str],
             rows: list[dict[str, Any]]) -> list[list[Any]]:
    """The rows' values, one list per column of `columns`, as the columns' bind
    processors make them (a column at a time: only datetimes and JSON need converting)."""
    table = _table()
    found = []
    for name in columns:
        values = list(map(itemgetter(name), rows))
        convert = _converter(table.c[name].type, connection.dialect)
        found.append(values if convert is None else list(map(convert, values)))
    return found


def _insert_returning(connection: Connection, rows: list[dict[str, Any]]) -> set[str]:
    """SQLite: INSERT ... VALUES (...), (...) ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING dedupe_key, CHUNK rows a statement; the keys added (one statement, where
    looking the keys up first and then inserting took two)."""
    table, dialect = _table(), connection.dialect
    columns = list(rows[0])
    quote = dialect.identifier_preparer.quote
    head = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
            f"({', '.join(quote(name) for name in columns)}) VALUES ")
    tail = " ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key"
    one = f"({', '.join('?' * len(columns))})"
    added: set[str] = set()
    values = list(zip(*_columns(connection, columns, rows), strict=True))
    cursor = connection.connection.cursor()  # the driver's: its rows come back as tuples
    try:
        for start in range(0, len(values), CHUNK):
            chunk = values[start:start + CHUNK]
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail,
                           tuple(chain.from_iterable(chunk)))
            added.update(key for (key,) in cursor.fetchall())
    finally:
        cursor.close()
    return added


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
    values = _columns(connection, columns, rows)
    for start in range(0, len(rows), CHUNK):
        by_column = tuple(column[start:start + CHUNK] for column in values)
        added.update(key for (key,) in connection.exec_driver_sql(statement, by_column))
    return added


def _converter(column_type: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The column's bind processor (None when values go as they are); a datetime's
    result is remembered, since a pass's rows share a few moments."""
    process = column_type._cached_bind_processor(dialect)
    if process is None or not isinstance(column_type, UTCDateTime):
        return cast(Callable[[Any], Any] | None, process)
    return cache(process)
