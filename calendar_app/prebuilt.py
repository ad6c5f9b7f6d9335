"""Statements compiled once and run on the driver, for the few that run per message.

Dispatch runs three statements for every e-mail the city gets (mark the last one
sent, claim the next, check its recipient). Through SQLAlchemy's execution each cost
some 100 microseconds of Python around a statement SQLite runs in a tenth of that:
together most of a message's time outside SMTP. A `Prebuilt` is compiled once per
dialect, converts the values with the columns' own bind processors (UTC datetimes)
and runs on the session's own driver connection, so it is part of the session's
transaction like any other statement. Results come back as the driver gives them
(on SQLite, JSON as text): the caller reads plain columns.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable


class Prebuilt:
    """One statement with bind parameters, run as `run(session, values)`."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple[str, list[str] | None, dict[str, Any],
                                        dict[str, Any]]] = {}

    def run(self, session: Session, values: dict[str, Any]) -> Any:
        """Execute in the session's transaction; returns the driver's cursor."""
        connection = session.connection()
        dialect = connection.dialect
        compiled = self._compiled.get(dialect.name)
        if compiled is None:
            made = self.statement.compile(dialect=dialect)  # type: ignore[attr-defined]
            compiled = self._compiled[dialect.name] = (
                made.string, list(made.positiontup or []) if made.positional else None,
                dict(made._bind_processors), dict(made.params))
        sql, names, processors, defaults = compiled
        converted = defaults | values  # the statement's own values ('pending', ...) too
        for name, process in processors.items():
            converted[name] = process(converted[name])
        driver = connection.connection.driver_connection
        assert driver is not None
        if names is not None:
            return driver.execute(sql, [converted[name] for name in names])
        return driver.execute(sql, converted)
