"""`db upgrade`, `db revision` and `backup`: the schema and copies of the database."""

from __future__ import annotations

from pathlib import Path

import click

from calendar_app.cli.base import _safe_url
from calendar_app.cli.base import fail
from calendar_app.cli.base import main
from calendar_app.cli.base import pass_settings
from calendar_app.config import Settings


@main.group()
def db() -> None:
    """Database schema migrations."""


@db.command("upgrade")
@pass_settings
def db_upgrade(settings: Settings) -> None:
    """Migrate the database to the newest schema."""
    migrate(settings)


def migrate(settings: Settings) -> None:
    from calendar_app import migrations

    click.echo(f"Migrating {_safe_url(settings.sqlalchemy_url)} ...", err=True)
    migrations.upgrade(settings.sqlalchemy_url)
    click.echo(f"Database at revision {migrations.current_head()}.", err=True)


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
@pass_settings
def db_revision(settings: Settings, message: str) -> None:
    """Create a migration from the difference between models and database."""
    from calendar_app import migrations

    migrations.revision(settings.sqlalchemy_url, message)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_settings
def backup(settings: Settings, file: Path) -> None:
    """Write a consistent copy of the SQLite database to FILE.

    Uses SQLite's online backup API, which is safe while the app is running (copying
    the file of a live WAL database is not). For PostgreSQL, use pg_dump.
    """
    from calendar_app.backup import backup_sqlite

    try:
        pages = backup_sqlite(settings.sqlalchemy_url, file)
    except (ValueError, OSError) as exc:
        fail(str(exc))
    click.echo(f"Backed up {pages} pages to {file}.")


def check_database(settings: Settings) -> None:
    """Connect once before a long-running process starts.

    gunicorn builds the app inside its workers and the scheduler only touches the
    database on its first tick, so without this a bad DATABASE_URL shows up as a
    traceback per worker or per job instead of one line here. A database that is
    reachable but not migrated is refused too: every page would fail.
    """
    from calendar_app import migrations

    current = migrations.current_revision(settings.sqlalchemy_url)
    if current != migrations.current_head():
        fail(f"the database at {_safe_url(settings.sqlalchemy_url)} is at revision "
             f"{current or 'none'}, not {migrations.current_head()}: "
             "run 'diversity-calendar db upgrade' first")
