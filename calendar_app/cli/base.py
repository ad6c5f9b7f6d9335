"""The command group and the helpers every subcommand module shares."""


from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC
from datetime import datetime
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


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


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
