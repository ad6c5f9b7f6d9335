"""Shared fixtures: settings, databases on both engines, the Flask app.

Every test that asks for `database` (or `session`, `app`, ...) runs twice: on SQLite
and on PostgreSQL. PostgreSQL comes from TEST_DATABASE_URL (default: the local
server); each test run creates a database of its own there and drops it afterwards.
When PostgreSQL cannot be reached, those tests are skipped with the reason — except
under CI=true, where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.db import Base
from calendar_app.db import Database

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
IN_CI = os.environ.get("CI", "").lower() == "true"

#: libical's iTIP restriction check (registrations' invitations).
pytest_plugins = ["tests.itip_checks"]


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing() -> Iterator[None]:
    """Argon2 with minimal cost in tests: the suite creates hundreds of accounts.

    Production keeps argon2-cffi's defaults (tests/services/test_accounts.py checks
    them); verification reads the parameters from each hash, so both kinds verify.
    """
    from argon2 import PasswordHasher

    from calendar_app.services import accounts

    production = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts._hasher = production


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"PostgreSQL for tests: {_pg_url()} (CI={IN_CI})"]


def _pg_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_PG_URL)


def _create_pg_database(base_url: str) -> str:
    """A fresh, uniquely named database on the server of `base_url`; returns its URL."""
    url = make_url(base_url)
    name = f"dk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(base_url: str, test_url: str) -> None:
    name = make_url(test_url).database
    admin = create_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database on each engine."""
    from calendar_app import migrations

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.sqlite3'}"
        migrations.upgrade(url)
        yield url
        return
    base = _pg_url()
    try:
        url = _create_pg_database(base)
    except Exception as exc:  # unreachable server, refused login, ...
        reason = f"PostgreSQL not reachable at {base}: {type(exc).__name__}: {exc}"
        if IN_CI:
            pytest.fail(f"{reason} (CI=true: PostgreSQL is required)")
        pytest.skip(reason)
    try:
        migrations.upgrade(url)
        yield url
    finally:
        _drop_pg_database(base, url)


@pytest.fixture(scope="session")
def shared_database(database_url: str) -> Iterator[Database]:
    database = Database.from_url(database_url)
    yield database
    database.dispose()


@pytest.fixture
def session(shared_database: Database) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test.

    Commits in the code under test become SAVEPOINT releases, so tests stay isolated
    without rebuilding the schema.
    """
    connection = shared_database.engine.connect()
    outer = connection.begin()
    db_session = Session(bind=connection, join_transaction_mode="create_savepoint",
                         expire_on_commit=False)
    try:
        yield db_session
    finally:
        db_session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def database(shared_database: Database) -> Iterator[Database]:
    """The database with real commits, emptied after the test.

    For code that opens its own sessions and commits (web requests, CLI commands,
    scheduler jobs, concurrency tests).
    """
    yield shared_database
    _empty_all_tables(shared_database)


def _empty_all_tables(database: Database) -> None:
    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for an instance folder of the test's own, on SQLite."""
    return Settings.from_env({}, instance_path=tmp_path / "instance",
                             events_file=ROOT / "events.yaml").ensure_instance()


@pytest.fixture
def db_settings(settings: Settings, database: Database) -> Settings:
    """`settings` pointing at the test database (both engines)."""
    from dataclasses import replace

    url = database.engine.url.render_as_string(hide_password=False)
    return replace(settings, database_url=url)


@pytest.fixture
def app(db_settings: Settings):  # type: ignore[no-untyped-def]
    from calendar_app.web import create_app

    application = create_app(db_settings)
    application.config.update(TESTING=True)
    yield application
    application.extensions["database"].dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


# -- ical.js: the parser inside Thunderbird, as a second reader of our feeds ------

JS_DIR = Path(__file__).resolve().parent / "js"

ParseJs = Callable[[bytes], dict[str, Any]]


@pytest.fixture(scope="session")
def icaljs() -> ParseJs:
    """Parse .ics bytes with ical.js (tests/js/parse.mjs) and return its JSON summary.

    Skips, with the reason shown, when Node or `npm install` in tests/js is missing on a
    developer machine; under CI=true that is a failure, so CI never silently drops the
    second parser.
    """
    node = shutil.which("node")
    missing = None
    if node is None:
        missing = "node is not installed"
    elif not (JS_DIR / "node_modules" / "ical.js").is_dir():
        missing = "ical.js is not installed: run `npm install` in tests/js"
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"ical.js checks cannot run under CI: {missing}")
        pytest.skip(missing)
    assert node is not None

    def parse(data: bytes) -> dict[str, Any]:
        done = subprocess.run(
            [node, str(JS_DIR / "parse.mjs")],
            input=data,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, f"ical.js rejected the feed: {done.stderr.decode()}"
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    return parse


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many requests the route fuzzer sent per engine (tests/fuzz/test_routes.py)."""
    import sys

    fuzz = sys.modules.get("tests.fuzz.test_routes")
    sent = getattr(fuzz, "SENT", None)
    if sent:
        counts = ", ".join(f"{engine}: {count}" for engine, count in sorted(sent.items()))
        terminalreporter.write_line(f"route fuzzer: requests without a server error: {counts}")


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One Chromium for every browser test (tests/e2e, tests/oidc)."""
    from tests.e2e.conftest import launch_browser

    yield from launch_browser()
