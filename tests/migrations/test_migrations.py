"""The migrations build the schema the models describe, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import calendar_app.models  # noqa: F401
from calendar_app import migrations
from calendar_app.db import Base
from calendar_app.db import Database


def test_migrations_create_every_table(shared_database: Database) -> None:
    tables = set(inspect(shared_database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_agree(shared_database: Database) -> None:
    with shared_database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_database_is_at_the_newest_revision(shared_database: Database) -> None:
    with shared_database.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    assert current == migrations.current_head()


def test_upgrading_again_changes_nothing(shared_database: Database, database_url: str) -> None:
    before = set(inspect(shared_database.engine).get_table_names())
    migrations.upgrade(database_url)
    after = set(inspect(shared_database.engine).get_table_names())
    with shared_database.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    assert after == before
    assert current == migrations.current_head()
