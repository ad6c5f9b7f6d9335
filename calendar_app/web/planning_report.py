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
from calendar_app.exports import pdf as pdf_export
from calendar_app.exports.charts import chart_svg
from calendar_app.exports.text import PHASES
from calendar_app.exports.xlsx import report_xlsx
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
        error = _("Choose a period such as 2026-Q2 or 2026-H1, or two dates (the end after "
                  "the start, at most a year apart).")
        return (*_current_quarter(), error)
    return (*_current_quarter(), None)


def _report(slug: str) -> tuple[reports.Report, str | None]:
    workgroup, _user = workgroup_for(slug)
    first, last, error = _period()
    result = reports.evaluation_report(db_session(), workgroup=workgroup, first=first,
                                       last=last, zone=zone())
    return result, error


@bp.get("/planning/<slug>/report")
@login_required
def page(slug: str) -> tuple[str, int]:
    result, error = _report(slug)
    query = f"from={result.first.isoformat()}&to={result.last.isoformat()}"
    year = result.first.year
    periods = [f"{year}-{part}" for part in ("Q1", "Q2", "Q3", "Q4", "H1", "H2")]
    return render_template("planning/report.html", report=result, error=error, query=query,
                           phases=PHASES, periods=periods,
                           chosen=request.args.get("period", "")), 400 if error else 200


@bp.get("/planning/<slug>/report.<any(csv, pdf, svg, xlsx):fmt>")
@login_required
def report_file(slug: str, fmt: str) -> Response:
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
    return download(pdf_export.report_pdf(result, language), name, "application/pdf")
