"""The `diversity-calendar` command.

Each subcommand imports what it needs inside its body, so `--help` works without a
database and `diversity-calendar scheduler` never builds the Flask app. Errors an
operator can fix (a bad setting, an unreachable database, a broken events file) end
as one line on stderr and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any
from typing import NoReturn

import click

from calendar_app.config import ConfigError
from calendar_app.config import Settings


def fail(message: str) -> NoReturn:
    click.secho(f"Error: {message}", fg="red", err=True)
    sys.exit(1)


class CalendarGroup(click.Group):
    """A click group that reports usage mistakes and operator errors in one line."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("standalone_mode", False)
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            fail("aborted")
        except click.UsageError as exc:
            hint = f"see '{exc.ctx.command_path if exc.ctx else 'diversity-calendar'} --help'"
            click.secho(f"Error: {exc.format_message()} ({hint})", fg="red", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            fail(exc.format_message())
        except ConfigError as exc:
            fail(f"configuration: {exc}")
        except Exception as exc:
            from calendar_app.db import DatabaseURLError

            if isinstance(exc, DatabaseURLError):
                fail(str(exc))
            message = _database_problem(exc)
            if message is None:
                raise
            fail(message)


def _database_problem(exc: Exception) -> str | None:
    from sqlalchemy.exc import ArgumentError
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        detail = " ".join(str(exc.orig).split())  # drivers add hint lines; keep one
        return f"cannot use the database: {detail}"
    if isinstance(exc, ArgumentError):
        return f"DATABASE_URL is not usable: {exc}"
    return None


pass_settings = click.make_pass_decorator(Settings)


@click.group(cls=CalendarGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="diversiteitskalender")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Diversiteitskalender: the diversity calendar, its feeds and reminders.

    Configuration comes from environment variables (see README.md).
    """
    if ctx.resilient_parsing:
        return
    ctx.obj = Settings.from_env().ensure_instance()


def _database(settings: Settings) -> Any:
    from calendar_app.db import Database

    return Database.from_url(settings.sqlalchemy_url)


def _now() -> datetime:
    return datetime.now(UTC)


# -- database -----------------------------------------------------------------


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


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


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


# -- the catalogue --------------------------------------------------------------


def _events_file(settings: Settings, file: Path | None) -> Path:
    path = file or settings.events_file
    if not path.is_file():
        fail(f"{path}: no such file")
    return path


@main.command("check-events")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@pass_settings
def check_events(settings: Settings, file: Path | None) -> None:
    """Validate the catalogue FILE (default: EVENTS_FILE); report FILE:LINE: problems."""
    from calendar_app.catalogue import check_file

    path = _events_file(settings, file)
    problems = check_file(path)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        fail(f"{path}: {len(problems)} problem(s) found")
    click.echo(f"{path}: OK")


@main.command("load-events")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@pass_settings
def load_events_command(settings: Settings, file: Path | None) -> None:
    """Load the catalogue FILE into the database (idempotent).

    An edited entry is updated, a removed one retired (never deleted). A file with
    problems is refused and the database is left as it was.
    """
    load_events(settings, _events_file(settings, file))


def load_events(settings: Settings, path: Path) -> None:
    from calendar_app.catalogue import CatalogueError
    from calendar_app.catalogue import load_file
    from calendar_app.services.catalogue_sync import sync_catalogue

    try:
        catalogue = load_file(path)
    except CatalogueError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        fail(f"{path}: refused, {len(exc.problems)} problem(s); the database is unchanged")
    database = _database(settings)
    try:
        with database.transaction() as session:
            report = sync_catalogue(session, catalogue, now=_now())
    finally:
        database.dispose()
    click.echo(
        f"{path}: {len(catalogue.observances)} observances: {len(report.added)} added, "
        f"{len(report.updated)} updated, {len(report.retired)} retired, "
        f"{report.unchanged} unchanged.", err=True)


@main.command()
@click.option("--from", "first_year", type=click.IntRange(1900, 2200), required=True,
              help="First year.")
@click.option("--to", "last_year", type=click.IntRange(1900, 2200), required=True,
              help="Last year (inclusive).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--theme", "themes", multiple=True, help="Only observances with this theme.")
@click.option("--key", "keys", multiple=True, help="Only this observance (repeatable).")
@click.option("--file", type=click.Path(dir_okay=False, path_type=Path),
              help="Catalogue file (default: EVENTS_FILE).")
@pass_settings
def dates(settings: Settings, first_year: int, last_year: int, fmt: str,
          themes: tuple[str, ...], keys: tuple[str, ...], file: Path | None) -> None:
    """Every occurrence of the catalogue's observances from one year to another."""
    from calendar_app.catalogue import CatalogueError
    from calendar_app.catalogue import expand
    from calendar_app.catalogue import load_file
    from calendar_app.dates_export import render

    if last_year < first_year:
        fail("--to must not be before --from")
    try:
        catalogue = load_file(_events_file(settings, file))
    except CatalogueError as exc:
        fail(f"{exc.problems[0]} (run check-events for all problems)")
    unknown = [key for key in keys if key not in catalogue.observances]
    if unknown:
        fail(f"unknown observance key(s): {', '.join(unknown)}")
    unknown = [theme for theme in themes if theme not in catalogue.themes]
    if unknown:
        fail(f"unknown theme(s): {', '.join(unknown)}; known: {', '.join(catalogue.themes)}")
    occurrences = expand(catalogue.observances, first_year, last_year,
                         keys=keys or None, themes=themes or None)
    click.echo(render(occurrences, catalogue.observances, fmt), nl=False)


# -- people ---------------------------------------------------------------------


@main.group()
def users() -> None:
    """Manage user accounts."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option("--workgroup", "slug", help="Workgroup slug to join.")
@click.option("--role", type=click.Choice(["member", "coordinator"]), default="member",
              show_default=True)
@click.option("--admin", is_flag=True, help="Make the user a site administrator.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--password", envvar="NEW_USER_PASSWORD",
              help="Initial password (or NEW_USER_PASSWORD); without it the user sets one "
                   "through a password-reset link.")
@pass_settings
def users_create(settings: Settings, email: str, name: str, slug: str | None, role: str,
                 admin: bool, lang: str, password: str | None) -> None:
    """Create a user EMAIL, optionally in a workgroup with a role."""
    from calendar_app.services import accounts

    _run_service(settings, lambda session: accounts.create_user(
        session, email=email, name=name, workgroup_slug=slug, role=role, is_admin=admin,
        lang=lang, password=password, now=_now()))
    click.echo(f"User {email} created.")
    if not password:
        click.echo(f"No password yet: {email} asks for a link at {settings.base_url}/forgot "
                   "('Wachtwoord vergeten?' on the login page); it arrives by e-mail.")


@main.group()
def workgroups() -> None:
    """Manage workgroups."""


@workgroups.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Display name.")
@click.option("--reminder-days", help="Reminder lead times in days, e.g. 42,14,2.")
@pass_settings
def workgroups_create(settings: Settings, slug: str, name: str,
                      reminder_days: str | None) -> None:
    """Create the workgroup SLUG."""
    from calendar_app.services import accounts

    lead_days = _parse_days(reminder_days) if reminder_days else None
    _run_service(settings, lambda session: accounts.create_workgroup(
        session, slug=slug, name=name, reminder_days=lead_days, now=_now()))
    click.echo(f"Workgroup {slug} created.")


@workgroups.command("feed-token")
@click.argument("slug")
@pass_settings
def workgroups_feed_token(settings: Settings, slug: str) -> None:
    """Give workgroup SLUG a new secret internal-feed address (the old one stops working)."""
    from calendar_app.services import accounts
    from calendar_app.services.feeds import issue_feed_token

    token = _run_service(settings, lambda session: issue_feed_token(
        session, accounts.workgroup_by_slug(session, slug)))
    click.echo(f"{settings.base_url}/feeds/intern/{token}.ics")


def _parse_days(text: str) -> list[int]:
    try:
        days = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        fail(f"--reminder-days={text!r}: give whole numbers of days separated by commas")
    if not days or any(day < 0 or day > 366 for day in days):
        fail(f"--reminder-days={text!r}: each lead time must be 0 to 366 days")
    return days


def _run_service(settings: Settings, call: Callable[[Any], Any], *, write: bool = True) -> Any:
    """Run `call(session)` in a transaction (or a read-only session); a refused input
    is one line on stderr."""
    from calendar_app.services.errors import ServiceError

    database = _database(settings)
    try:
        if not write:
            with database.session() as session:
                return call(session)
        with database.transaction() as session:
            return call(session)
    except ServiceError as exc:
        fail(str(exc))
    finally:
        database.dispose()


# -- processes ------------------------------------------------------------------


@main.command()
@click.option("--no-migrate", is_flag=True, help="Skip migrations and loading events.yaml.")
@pass_settings
def run(settings: Settings, no_migrate: bool) -> None:
    """Run everything on one machine: migrate, load events.yaml, web app and scheduler."""
    from calendar_app.processes import run_all

    if not no_migrate:
        migrate(settings)
        load_events(settings, _events_file(settings, None))
    if not _run_service(settings, _has_admin, write=False):
        click.echo("No administrator yet. Create one in another terminal with\n"
                   "  .venv/bin/diversity-calendar users create YOU@EXAMPLE.ORG "
                   "--name 'Your Name' --admin --password 'a long passphrase'", err=True)
    run_all(settings)


def _has_admin(session: Any) -> bool:
    from sqlalchemy import select

    from calendar_app.models import User

    return session.scalar(select(User.id).where(User.is_admin).limit(1)) is not None


@main.command()
@pass_settings
def serve(settings: Settings) -> None:
    """Run the web app under gunicorn (HOST, PORT, WEB_WORKERS)."""
    from calendar_app.processes import serve_web

    check_database(settings)
    serve_web(settings)


@main.command("scheduler")
@pass_settings
def scheduler_command(settings: Settings) -> None:
    """Run the reminder scheduler (one process; never inside web workers)."""
    from scheduler.main import run_scheduler

    check_database(settings)
    run_scheduler(settings)


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


@main.command("send-due")
@click.option("--now", "now_text", metavar="ISO-DATETIME",
              help="Act as if it were this moment, e.g. 2030-06-28T09:00+02:00 (default: now).")
@pass_settings
def send_due(settings: Settings, now_text: str | None) -> None:
    """One pass of the scheduler's jobs: plan due reminders and digests, then send them."""
    from scheduler.jobs import run_pass

    now = _now()
    if now_text:
        try:
            now = datetime.fromisoformat(now_text)
        except ValueError:
            fail(f"--now={now_text!r} is not an ISO date-time")
        if now.tzinfo is None:
            now = now.replace(tzinfo=settings.zone)
    database = _database(settings)
    try:
        report = run_pass(database, settings, lambda: now)
    finally:
        database.dispose()
    done = report.dispatch
    click.echo(
        f"Planned {report.plan.planned} reminder(s) and {report.digests} digest(s); "
        f"{report.plan.skipped} skipped beyond the grace window, {report.plan.cancelled} "
        f"cancelled. Sent {done.sent}, {done.retried} to retry, {done.failed} failed.")


# -- exports --------------------------------------------------------------------


@main.group()
def export() -> None:
    """Posters, year plans and evaluation reports as files, for scheduled printing."""


def _write(out: Path, data: bytes | str) -> None:
    """Write the export (text as UTF-8 with a BOM, so Excel reads accents), atomically."""
    body = data.encode("utf-8-sig") if isinstance(data, str) else data
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(body)
        partial.replace(out)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    click.echo(f"Wrote {out} ({len(body)} bytes).", err=True)


@export.command("poster")
@click.option("--year", type=click.IntRange(1950, 2100), required=True, help="Calendar year.")
@click.option("--quarter", type=click.IntRange(1, 4), help="Only this quarter (1-4).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The PDF file to write.")
@pass_settings
def export_poster(settings: Settings, year: int, quarter: int | None, lang: str,
                  out: Path) -> None:
    """The year's (or a quarter's) observances and public activities on one A3 page."""
    from datetime import date

    from calendar_app.exports.poster import poster_pdf
    from calendar_app.exports.text import label
    from calendar_app.services import planning

    first, last = planning.quarter_span(year, quarter) if quarter else (
        date(year, 1, 1), date(year, 12, 31))
    items = _run_service(settings, lambda session: planning.poster_items(
        session, first, last, zone=settings.zone), write=False)
    title = f"{label(lang, 'poster')} {year}"
    if quarter:
        title += f", {label(lang, 'quarter').lower()} {quarter}"
    _write(out, poster_pdf(items, first=first, last=last, title=title, language=lang,
                           url=f"{settings.base_url}/jaar/{year}", size="A3"))


@export.command("plan")
@click.option("--workgroup", "slug", required=True, help="Workgroup slug.")
@click.option("--year", type=click.IntRange(1950, 2100), required=True, help="Calendar year.")
@click.option("--format", "fmt", type=click.Choice(["csv", "pdf"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
@pass_settings
def export_plan(settings: Settings, slug: str, year: int, fmt: str, out: Path) -> None:
    """A workgroup's year plan: observances and activities per quarter, with money."""
    from calendar_app.exports import csv as csv_export
    from calendar_app.exports import pdf as pdf_export
    from calendar_app.services import planning
    from calendar_app.services.accounts import workgroup_by_slug

    plan = _run_service(settings, lambda session: planning.year_plan(
        session, workgroup=workgroup_by_slug(session, slug), year=year, zone=settings.zone),
        write=False)
    _write(out, csv_export.plan_csv(plan) if fmt == "csv" else pdf_export.plan_pdf(plan))


@export.command("report")
@click.option("--workgroup", "slug", required=True, help="Workgroup slug.")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="First day, YYYY-MM-DD.")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Last day (inclusive), YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["csv", "pdf"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
@pass_settings
def export_report(settings: Settings, slug: str, first: datetime, last: datetime, fmt: str,
                  out: Path) -> None:
    """The evaluation report of a workgroup for a period (a quarter or a half-year)."""
    from calendar_app.exports import csv as csv_export
    from calendar_app.exports import pdf as pdf_export
    from calendar_app.services import reports
    from calendar_app.services.accounts import workgroup_by_slug

    report = _run_service(settings, lambda session: reports.evaluation_report(
        session, workgroup=workgroup_by_slug(session, slug), first=first.date(),
        last=last.date(), zone=settings.zone), write=False)
    _write(out, csv_export.report_csv(report) if fmt == "csv"
           else pdf_export.report_pdf(report))
