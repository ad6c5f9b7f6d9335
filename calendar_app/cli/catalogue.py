"""`check-events`, `load-events` and `dates`: the catalogue from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from calendar_app.cli.base import _database
from calendar_app.cli.base import _now
from calendar_app.cli.base import fail
from calendar_app.cli.base import main
from calendar_app.cli.base import pass_settings
from calendar_app.config import Settings


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
@click.option("--without-browser-dates", is_flag=True,
              help="The file's dates only, not those entered in the browser.")
@pass_settings
def dates(settings: Settings, first_year: int, last_year: int, fmt: str,
          themes: tuple[str, ...], keys: tuple[str, ...], file: Path | None,
          without_browser_dates: bool) -> None:
    """Every occurrence of the catalogue's observances from one year to another.

    Organisers' dates entered in the browser are merged in (a browser entry wins for
    its year), as the feeds show them, when the database has any.
    """
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
    if not without_browser_dates:
        catalogue = _with_browser_dates(settings, catalogue)
    unknown = [key for key in keys if key not in catalogue.observances]
    if unknown:
        fail(f"unknown observance key(s): {', '.join(unknown)}")
    unknown = [theme for theme in themes if theme not in catalogue.themes]
    if unknown:
        fail(f"unknown theme(s): {', '.join(unknown)}; known: {', '.join(catalogue.themes)}")
    occurrences = expand(catalogue.observances, first_year, last_year,
                         keys=keys or None, themes=themes or None)
    click.echo(render(occurrences, catalogue.observances, fmt), nl=False)


def _with_browser_dates(settings: Settings, catalogue: Any) -> Any:
    """`catalogue` with the dates entered in the browser merged in (if there are any).

    A database that does not exist yet or was never migrated has none: `dates` keeps
    working on a bare checkout.
    """
    from dataclasses import replace

    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from calendar_app.catalogue import parse_observance
    from calendar_app.services.browser_dates import entries_by_key
    from calendar_app.services.browser_dates import merge_record

    url = make_url(settings.sqlalchemy_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():
        return catalogue
    database = _database(settings)
    try:
        if not inspect(database.engine).has_table("browser_dates"):
            return catalogue
        with database.session() as session:
            entered = entries_by_key(session)
    except SQLAlchemyError:
        return catalogue
    finally:
        database.dispose()
    observances = {key: parse_observance(key, merge_record(spec.record(), entered[key]))
                   if key in entered else spec
                   for key, spec in catalogue.observances.items()}
    return replace(catalogue, observances=observances)
