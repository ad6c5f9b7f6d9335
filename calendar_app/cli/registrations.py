"""`export registrations`: an activity's sign-ups as CSV or xlsx, for the organisers."""

from __future__ import annotations

from pathlib import Path

import click

from calendar_app.cli.base import _run_service
from calendar_app.cli.base import pass_settings
from calendar_app.cli.exports import LANG
from calendar_app.cli.exports import _write
from calendar_app.cli.exports import export
from calendar_app.config import Settings


@export.command("registrations")
@click.option("--activity", "public_id", required=True, help="The activity's public id.")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv",
              show_default=True)
@LANG
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
@pass_settings
def export_registrations(settings: Settings, public_id: str, fmt: str, lang: str,
                         out: Path) -> None:
    """Who signed up (status, answers, checked in): names stay with the organisers."""
    from calendar_app.exports.registrations import registrations_csv
    from calendar_app.exports.xlsx import registrations_xlsx
    from calendar_app.services.activities import by_public_id
    from calendar_app.services.checkin import listed

    write = registrations_xlsx if fmt == "xlsx" else registrations_csv

    def rows(session: object) -> str | bytes:
        activity = by_public_id(session, public_id)  # type: ignore[arg-type]
        return write(listed(session, activity),  # type: ignore[arg-type]
                     zone=settings.zone, language=lang)

    _write(out, _run_service(settings, rows, write=False))
