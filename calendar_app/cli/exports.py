"""`export ...`: posters, year plans and evaluation reports as files."""

from __future__ import annotations

import calendar
from datetime import date
from datetime import datetime
from pathlib import Path

import click

from calendar_app.cli.base import _run_service
from calendar_app.cli.base import fail
from calendar_app.cli.base import main
from calendar_app.cli.base import pass_settings
from calendar_app.config import Settings


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


def _theme_names(session: object, language: str) -> dict[str, str]:
    """Theme key -> name in `language`, so the files show "LHBTIQ+", not "lhbtiq"."""
    from calendar_app.services.catalogue_sync import active_themes

    return {key: name.get(language)
            for key, name in active_themes(session).items()}  # type: ignore[arg-type]


LANG = click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
                    help="nl: Dutch Excel (';', Dutch words); en: ',' and English.")


@export.command("poster")
@click.option("--year", type=click.IntRange(1950, 2100), required=True, help="Calendar year.")
@click.option("--quarter", type=click.IntRange(1, 4), help="Only this quarter (1-4), on A3.")
@click.option("--month", type=click.IntRange(1, 12),
              help="Only this month (1-12), on one A4 page.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The PDF file to write.")
@pass_settings
def export_poster(settings: Settings, year: int, quarter: int | None, month: int | None,
                  lang: str, out: Path) -> None:
    """The year's (or a quarter's) observances and public activities on one A3 page, or
    with --month one month on A4: the same posters as /poster/<year>.pdf and
    /poster/<year>-<month>.pdf."""
    from calendar_app.exports.poster import poster_pdf
    from calendar_app.services import planning

    if quarter and month:
        fail("give --quarter or --month, not both")
    first, last, title = _poster_span(year, quarter, month, lang)
    items, names = _run_service(settings, lambda session: (planning.poster_items(
        session, first, last, zone=settings.zone), _theme_names(session, lang)), write=False)
    suffix = "?lang=en" if lang == "en" else ""
    _write(out, poster_pdf(items, first=first, last=last, title=title, language=lang,
                           qr_url=f"{settings.base_url}/subscribe{suffix}",
                           feed_url=f"{settings.base_url}/feed.ics{suffix}", themes=names,
                           size="A4" if month else "A3"))


def _poster_span(year: int, quarter: int | None, month: int | None,
                 lang: str) -> tuple[date, date, str]:
    """The poster's first and last day and its title, worded as the web's posters."""
    from calendar_app.exports.text import label
    from calendar_app.exports.text import month_name
    from calendar_app.services import planning

    if month:
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        return first, last, f"{label(lang, 'poster')} {month_name(first, lang)}"
    if quarter:
        first, last = planning.quarter_span(year, quarter)
        return first, last, f"{label(lang, 'poster')} {year}, " \
            f"{label(lang, 'quarter').lower()} {quarter}"
    return date(year, 1, 1), date(year, 12, 31), f"{label(lang, 'poster')} {year}"


@export.command("plan")
@click.option("--workgroup", "slug", required=True, help="Workgroup slug.")
@click.option("--year", type=click.IntRange(1950, 2100), required=True, help="Calendar year.")
@click.option("--format", "fmt", type=click.Choice(["csv", "pdf", "xlsx"]), required=True)
@LANG
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
@pass_settings
def export_plan(settings: Settings, slug: str, year: int, fmt: str, lang: str,
                out: Path) -> None:
    """A workgroup's year plan: observances and activities per quarter, with money."""
    from calendar_app.exports import csv as csv_export
    from calendar_app.exports import pdf as pdf_export
    from calendar_app.services import planning
    from calendar_app.services.accounts import workgroup_by_slug

    plan, names = _run_service(settings, lambda session: (planning.year_plan(
        session, workgroup=workgroup_by_slug(session, slug), year=year, zone=settings.zone),
        _theme_names(session, lang)), write=False)
    if fmt == "xlsx":
        from calendar_app.exports.xlsx import plan_xlsx

        _write(out, plan_xlsx(plan, lang, names))
        return
    _write(out, csv_export.plan_csv(plan, lang, names) if fmt == "csv"
           else pdf_export.plan_pdf(plan, lang, names))


@export.command("report")
@click.option("--workgroup", "slug", required=True, help="Workgroup slug.")
@click.option("--from", "first", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="First day, YYYY-MM-DD.")
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="Last day (inclusive), YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["csv", "pdf", "xlsx"]), required=True)
@LANG
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
@pass_settings
def export_report(settings: Settings, slug: str, first: datetime, last: datetime, fmt: str,
                  lang: str, out: Path) -> None:
    """The evaluation report of a workgroup for a period (a quarter or a half-year)."""
    from calendar_app.exports import csv as csv_export
    from calendar_app.exports import pdf as pdf_export
    from calendar_app.services import reports
    from calendar_app.services.accounts import workgroup_by_slug

    report, names = _run_service(settings, lambda session: (reports.evaluation_report(
        session, workgroup=workgroup_by_slug(session, slug), first=first.date(),
        last=last.date(), zone=settings.zone, today=datetime.now(settings.zone).date()),
        _theme_names(session, lang)), write=False)
    if fmt == "xlsx":
        from calendar_app.exports.xlsx import report_xlsx

        _write(out, report_xlsx(report, lang, names))
        return
    _write(out, csv_export.report_csv(report, lang, names) if fmt == "csv"
           else pdf_export.report_pdf(report, lang, names))
