"""The evaluation report of a workgroup for a period: page, CSV, PDF and chart (SVG).

The period comes from `?period=2026-Q2` (or H1/H2), or from `?from=` and `?to=` dates.
The chart on the page is an image with a text alternative, and the same numbers
stand in a table beside it, so nobody needs to see the colours.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint
from flask import Response
from flask import abort
from flask import render_template
from flask import request
from flask_babel import gettext as _

from calendar_app.exports import csv as csv_export
from calendar_app.exports.text import PHASES
from calendar_app.services import report_periods
from calendar_app.services import reports
from calendar_app.services.errors import ServiceError
from calendar_app.web.i18n import current_language
from calendar_app.web.look import theme_names
from calendar_app.web.permissions import login_required
from calendar_app.web.planning_access import XLSX
from calendar_app.web.planning_access import download
from calendar_app.web.planning_access import today
from calendar_app.web.planning_access import workgroup_for
from calendar_app.web.planning_access import zone
from calendar_app.web.session import db_session

bp = Blueprint("report", __name__)


def report_half(year: int) -> str:
    """The half-year the plan pages' report link opens (a template global, registered
    by `planning`, so the imported navigation macro sees it too)."""
    return report_periods.half_to_evaluate(int(year), today())


def _current_quarter() -> tuple[date, date]:
    day = today()
    return reports.period_span(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def _period() -> tuple[date, date, str | None]:
    """(first, last, error): from the query string, else the current quarter."""
    period, first, last = (request.args.get(name, "").strip()
                           for name in ("period", "from", "to"))
    try:
        if first or last:
            span = date.fromisoformat(first), date.fromisoformat(last)
            reports.check_period(*span)
            return span[0], span[1], None
        if period:
            return (*reports.period_span(period), None)
    except (ValueError, ServiceError):
        error = _("Choose a quarter or half-year from the list.")
        return (*_current_quarter(), error)
    return (*_current_quarter(), None)


def _report(slug: str) -> tuple[reports.Report, str | None]:
    workgroup, _user = workgroup_for(slug)
    first, last, error = _period()
    result = reports.evaluation_report(db_session(), workgroup=workgroup, first=first,
                                       last=last, zone=zone(), today=today())
    return result, error


def period_label(code: str) -> str:
    """"2027-Q1" as "1e kwartaal 2027", "2027-H1" as "1e halfjaar 2027"."""
    year, part = code.split("-")
    if part.startswith("Q"):
        return _("Q%(number)d %(year)d", number=int(part[1]), year=int(year))
    return _("H%(number)d %(year)d", number=int(part[1]), year=int(year))


def _period_choices(slug: str, chosen: str | None) -> list[tuple[str, list[str]]]:
    """The selector's groups: every begun quarter and half-year since the first
    activity, newest first, plus the chosen period wherever it lies."""
    workgroup, _user = workgroup_for(slug)
    day = today()
    since = report_periods.first_activity_day(db_session(), workgroup.id, zone()) or day
    groups = []
    for title, parts in ((_("Quarters"), report_periods.QUARTERS),
                         (_("Half-years"), report_periods.HALVES)):
        codes = report_periods.begun_periods(since, day, parts)
        if chosen and chosen[5:] in parts and chosen not in codes:
            codes = sorted([*codes, chosen], reverse=True)
        groups.append((title, codes))
    return groups


@bp.get("/planning/<slug>/report")
@login_required
def page(slug: str) -> tuple[str, int]:
    result, error = _report(slug)
    query = f"from={result.first.isoformat()}&to={result.last.isoformat()}"
    chosen = None if error else report_periods.period_code(result.first, result.last)
    return render_template("planning/report.html", report=result, error=error, query=query,
                           phases=PHASES, periods=_period_choices(slug, chosen),
                           chosen=chosen, period_label=period_label), 400 if error else 200


@bp.get("/planning/<slug>/report.<any(csv, pdf, svg, xlsx):fmt>")
@login_required
def report_file(slug: str, fmt: str) -> Response:
    # Imported here: openpyxl and reportlab hold some 30 MB a worker would carry for
    # the rare download (README, "At ten times the city").
    from calendar_app.exports import pdf as pdf_export
    from calendar_app.exports.charts import chart_svg
    from calendar_app.exports.xlsx import report_xlsx

    result, error = _report(slug)
    if error:
        abort(400)
    language = current_language()
    if fmt == "svg":
        svg = chart_svg(result.per_month, language)
        return Response(svg, mimetype="image/svg+xml",
                        headers={"Cache-Control": "private, no-store"})
    name = f"evaluatie-{slug}-{result.first.isoformat()}-{result.last.isoformat()}.{fmt}"
    if fmt == "csv":
        return download(csv_export.report_csv(result, language, theme_names()),
                        name, "text/csv")
    if fmt == "xlsx":
        return download(report_xlsx(result, language, theme_names()), name, XLSX)
    return download(pdf_export.report_pdf(result, language, theme_names()), name, "application/pdf")
