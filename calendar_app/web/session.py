"""The request-scoped database session on `g`.

Requests that change data (POST and friends) get a writing session, which on SQLite
takes the write lock up front; GET and HEAD get a reading session that never waits
for a writer.
"""

from __future__ import annotations

from flask import Flask
from flask import current_app
from flask import g
from flask import request
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.db import Database

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_app(app: Flask, settings: Settings) -> None:
    app.extensions["database"] = Database.from_url(settings.sqlalchemy_url)
    app.teardown_appcontext(_close_session)


def database() -> Database:
    return current_app.extensions["database"]  # type: ignore[no-any-return]


def db_session() -> Session:
    if "db_session" not in g:
        g.db_session = database().session(write=request.method not in READ_METHODS)
    return g.db_session  # type: ignore[no-any-return]


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
