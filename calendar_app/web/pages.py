"""Public pages: home, the filtered list, observance and activity pages, the planning
check, the accessibility statement, and the friendly error pages.

Views only parse the request and render; what is visible to the public is decided
in `services.calendar_view` (published and cancelled activities only).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from urllib.parse import urlencode

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import g
from flask import render_template
from flask import request
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from calendar_app.config import Settings
from calendar_app.markdown_text import markdown_to_html
from calendar_app.services import calendar_pages
from calendar_app.services import calendar_view
from calendar_app.services import planning_check
from calendar_app.services import registrations
from calendar_app.services.calendar_view import Filters
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.web.observance_notes import note_text
from calendar_app.web.query_dates import BadInput
from calendar_app.web.query_dates import query_day
from calendar_app.web.query_dates import query_days
from calendar_app.web.session import db_session

bp = Blueprint("pages", __name__)

HOME_WEEKS = 8
LIST_DAYS = 365
#: Items per page of the list and the home page.
PAGE_SIZE = 50
OBSERVANCE_YEARS = 5
PHASES = ("bewustwording", "toerusting", "borging")
#: The accessibility facts an activity can state, in the order pages show them.
ACCESS_KEYS = ("wheelchair", "sign-language", "captions", "quiet-room")


def settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


def today() -> date:
    return datetime.now(settings().zone).date()


@bp.app_context_processor
def _labels() -> dict[str, object]:
    return {"phase_label": phase_label, "access_label": access_label, "page_link": page_link}


def phase_label(phase: str) -> str:
    """The phase of the inclusion programme, in the page's language."""
    labels = {"bewustwording": _("Awareness"), "toerusting": _("Equipping"),
              "borging": _("Embedding")}
    return labels.get(phase, phase)


def access_label(key: str) -> str:
    labels = {"wheelchair": _("Wheelchair accessible"),
              "sign-language": _("Sign language interpreter"),
              "captions": _("Live captions"), "quiet-room": _("Quiet room available")}
    return labels.get(key, key)


def page_link(number: int) -> str:
    """This page's address with page `number`: every filter kept, so it can be shared."""
    args = request.args.to_dict() | {"page": str(number)}
    if number == 1:
        del args["page"]
    return request.path + ("?" + urlencode(args) if args else "")


def _page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


@bp.get("/")
def home() -> str:
    first = today()
    page = calendar_pages.page_between(
        db_session(), first, first + timedelta(weeks=HOME_WEEKS), zone=settings().zone,
        number=_page_number(), size=PAGE_SIZE)
    return render_template("home.html", items=page.items, page=page, today=first,
                           weeks=HOME_WEEKS)


@bp.get("/lijst")
def calendar_list() -> tuple[str, int]:
    session = db_session()
    themes = active_themes(session)
    workgroups = calendar_view.workgroup_choices(session)
    context: dict[str, object] = {"themes": themes, "workgroups": workgroups, "phases": PHASES,
               "args": request.args, "items": [], "error": None, "errors": {}}
    filters, errors = _filters(themes, dict(workgroups))
    days, date_errors = query_days("from", "to", read=_date_arg)
    errors |= date_errors
    first = days["from"] or today()
    last = days["to"] or first + timedelta(days=LIST_DAYS)
    if not date_errors and (range_error := _range_error(first, last)):
        errors["to"] = range_error
    if errors:
        return render_template("list.html", **context | _refusal(errors)), 400
    page = calendar_pages.page_between(session, first, last, zone=settings().zone,
                                       filters=filters, number=_page_number(), size=PAGE_SIZE)
    context.update(items=page.items, page=page, first=first, last=last, filters=filters)
    return render_template("list.html", **context), 200


def _refusal(errors: dict[str, str]) -> dict[str, object]:
    """A refused filter form's context: every refused field's message by its name, and
    `error`, the first of them, for the parts of the page a refusal hides."""
    return {"errors": errors, "error": next(iter(errors.values()))}


def _filters(themes: Mapping[str, object],
             workgroups: Mapping[str, str]) -> tuple[Filters, dict[str, str]]:
    """The list's choice filters, and a message for each unknown value by its name."""
    values = {name: request.args.get(name) or None
              for name in ("theme", "type", "workgroup", "phase")}
    allowed = {"theme": themes, "type": calendar_view.KINDS, "workgroup": workgroups,
               "phase": PHASES}
    labels = {"theme": _("Theme"), "type": _("Type"), "workgroup": _("Workgroup"),
              "phase": _("Phase")}  # as list.html labels the fields, never the query key
    errors = {name: _("Unknown value for the filter “%(name)s”.",
                      name=labels[name][:1].lower() + labels[name][1:])
              for name, value in values.items()
              if value is not None and value not in allowed[name]}
    return Filters(theme=values["theme"], kind=values["type"],
                   workgroup=values["workgroup"], phase=values["phase"]), errors


def _date_arg(name: str) -> date | None:
    parsed = query_day(name)
    if parsed is not None and not 1950 <= parsed.year <= 2100:
        raise BadInput(_("Choose a date between 1950 and 2100."), name)
    return parsed


def _range_error(first: date, last: date) -> str | None:
    try:
        planning_check.check_range(first, last)
    except planning_check.RangeError as error:
        if error.code == "order":
            return _("The end date is before the start date.")
        return _("Choose a range of at most %(days)d days.", days=planning_check.MAX_DAYS)
    return None


@bp.get("/check")
def check() -> tuple[str, int]:
    context: dict[str, object] = {"args": request.args, "rows": None, "error": None,
                                  "errors": {}}
    if not request.args.get("from") and not request.args.get("to"):
        return render_template("check.html", **context), 200
    days, errors = query_days("from", "to", read=_date_arg)
    first, last = days["from"], days["to"]
    if not errors and (first is None or last is None):
        errors["from" if first is None else "to"] = _(
            "Fill in both a start date and an end date.")
    if first is not None and last is not None and (range_error := _range_error(first, last)):
        errors["to"] = range_error
    if errors or first is None or last is None:
        return render_template("check.html", **context | _refusal(errors)), 400
    result = planning_check.planning_check(db_session(), first, last)
    return render_template("check.html", **context | {
        "rows": result.overlaps, "result": result, "first": first, "last": last}), 200


@bp.get("/observances/<key>")
def observance(key: str) -> str:
    session = db_session()
    spec = calendar_view.observance_spec(session, key)
    if spec is None:
        abort(404)
    current = today()
    activities = calendar_view.activities_for_observance(session, key, zone=settings().zone)
    return render_template(
        "observance.html", spec=spec, themes=active_themes(session),
        dates=calendar_view.observance_dates(spec, current.year, OBSERVANCE_YEARS),
        upcoming=[item for item in activities if item.end >= current][::-1],
        past=[item for item in activities if item.end < current], note_text=note_text)


@bp.get("/activities/<public_id>")
def activity(public_id: str) -> str:
    session = db_session()
    found = calendar_view.public_activity(session, public_id, zone=settings().zone)
    if found is None:
        abort(404)
    observance = (calendar_view.observance_spec(session, found.observance_key)
                  if found.observance_key else None)
    access = found.activity.accessibility or {}
    signup = registrations.settings_of(session, found.activity)
    return render_template(
        "activity.html", found=found, item=found.item, observance=observance, signup=signup,
        places_left=registrations.places_left(session, found.activity, signup),
        signup_open=registrations.is_open(found.activity, signup, now=datetime.now(UTC)),
        themes=active_themes(session), description=render_markdown(found.activity.description),
        access=[key for key in ACCESS_KEYS if access.get(key)],
        access_other=str(access.get("other") or ""), zone=settings().zone)


def render_markdown(text: str) -> Markup:
    """Markdown to HTML, then cleaned by nh3 so nothing typed can run script."""
    return Markup(markdown_to_html(text))


@bp.get("/toegankelijkheid")
def accessibility() -> str:
    return render_template("accessibility.html")


@bp.app_errorhandler(400)
@bp.app_errorhandler(403)
@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
@bp.app_errorhandler(409)
def error_page(error: HTTPException) -> tuple[str, int]:
    """A friendly page in the visitor's language, with a way back."""
    status = error.code or 500
    return render_template("error.html", status=status), status


@bp.app_errorhandler(429)
def too_many_requests(error: HTTPException) -> tuple[str, int]:
    """Say in plain words when to try again; Flask-Limiter adds the Retry-After header."""
    current = current_app.extensions["calendar_limiter"].current_limit
    retry_at = datetime.fromtimestamp(
        current.reset_at if current is not None else time.time() + 60, settings().zone)
    minutes = max(1, round((retry_at.timestamp() - time.time()) / 60))
    return render_template("error.html", status=429, retry_at=retry_at,
                           minutes=minutes), 429


@bp.app_errorhandler(500)
def server_error(error: HTTPException) -> tuple[str, int]:
    """The site's own page for a failure; the request's half-done writes are undone."""
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
    return render_template("error.html", status=500), 500
