"""`run`, `serve`, `scheduler` and `send-due`: the long-running processes and one pass."""

from __future__ import annotations

import shlex
from datetime import datetime

import click

from calendar_app.cli.base import _database
from calendar_app.cli.base import _now
from calendar_app.cli.base import _run_service
from calendar_app.cli.base import fail
from calendar_app.cli.base import main
from calendar_app.cli.base import pass_settings
from calendar_app.cli.catalogue import _events_file
from calendar_app.cli.catalogue import load_events
from calendar_app.cli.database import check_database
from calendar_app.cli.database import migrate
from calendar_app.config import Settings


@main.command()
@click.option("--no-migrate", is_flag=True, help="Skip migrations and loading events.yaml.")
@pass_settings
def run(settings: Settings, no_migrate: bool) -> None:
    """Run everything on one machine: migrate, load events.yaml, web app and scheduler."""
    from calendar_app.processes import run_all
    from calendar_app.services.setup import has_admin

    if not no_migrate:
        migrate(settings)
        load_events(settings, _events_file(settings, None))
    if not _run_service(settings, has_admin, write=False):
        _first_run_hint(settings)
    run_all(settings)


def _first_run_hint(settings: Settings) -> None:
    """Print the one-time setup address and the CLI way, with the instance path used.

    A command in another terminal reads that terminal's environment, so the printed line
    carries the server's BASE_URL too (it follows PORT): run as printed on another port,
    the links it writes ("asks for a link at …/forgot") still point at this server.
    """
    from calendar_app.services.setup import issue_setup_token

    token = issue_setup_token(settings.instance_path)
    instance = shlex.quote(str(settings.instance_path.resolve()))
    click.echo(f"No administrator yet. Open this one-time address to create one:\n"
               f"  {settings.base_url}/setup/{token}\n"
               f"or, in another terminal:\n"
               f"  INSTANCE_PATH={instance} BASE_URL={shlex.quote(settings.base_url)} "
               f".venv/bin/diversity-calendar users create "
               f"YOU@EXAMPLE.ORG --name 'Your Name' --admin --password 'a long passphrase'",
               err=True)


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
