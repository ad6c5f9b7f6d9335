"""`users` and `workgroups`: accounts and workgroups from the command line."""

from __future__ import annotations

import click

from calendar_app.cli.base import _now
from calendar_app.cli.base import _run_service
from calendar_app.cli.base import fail
from calendar_app.cli.base import main
from calendar_app.cli.base import pass_settings
from calendar_app.config import Settings


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
    """Create the workgroup SLUG, with the default reminders unless --reminder-days."""
    from sqlalchemy.orm import Session

    from calendar_app.services import accounts
    from calendar_app.services import reminder_rules

    lead_days = _parse_days(reminder_days) if reminder_days else None

    def create(session: Session) -> str:
        workgroup = accounts.create_workgroup(session, slug=slug, name=name,
                                              reminder_days=lead_days, now=_now())
        return reminder_rules.describe(reminder_rules.rule_of(session, workgroup))

    said = _run_service(settings, create)
    click.echo(f"Workgroup {slug} created; {said} (change them on the workgroup page).")


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
