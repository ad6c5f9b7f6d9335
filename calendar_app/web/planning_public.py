"""Public planning pages: the anonymous feedback form (with its QR code) and posters.

Feedback is anonymous by construction: the view hands the service only the activity,
today's date, the ratings and the comment. "One response per browser" is a cookie
signed with the app's secret that lists the activities this browser answered; the
server keeps no copy. The rate limit counts responses per activity (key
"feedback/<activity>"), never per address, and the counter is not linked to the
response.
"""

from __future__ import annotations

import calendar
from datetime import date

import segno
from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from itsdangerous import BadSignature
from itsdangerous import URLSafeSerializer
from limits import parse as parse_limit

from calendar_app.models import Activity
from calendar_app.models import FeedbackQuestion
from calendar_app.services import feedback
from calendar_app.services import planning
from calendar_app.services.errors import ServiceError
from calendar_app.web import activity_access as access
from calendar_app.web.i18n import current_language
from calendar_app.web.look import theme_names
from calendar_app.web.planning_access import download
from calendar_app.web.planning_access import settings
from calendar_app.web.planning_access import today
from calendar_app.web.planning_access import zone
from calendar_app.web.session import READ_METHODS
from calendar_app.web.session import database
from calendar_app.web.session import db_session

bp = Blueprint("public", __name__)

COOKIE = "feedback_given"
COOKIE_MAX_AGE = 120 * 24 * 3600
#: Responses one activity accepts per hour, from everyone together (a full hall fits).
FEEDBACK_LIMIT = "300/hour"
#: The cookie remembers this many activities, newest last.
REMEMBERED = 50


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="feedback-given")


def answered() -> list[str]:
    """Public ids of activities this browser already answered (from its signed cookie)."""
    try:
        value = _serializer().loads(request.cookies.get(COOKIE, ""))
    except BadSignature:
        return []
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _questions(activity: Activity) -> list[FeedbackQuestion]:
    """The questionnaire; on a GET its first use is written in a transaction of its own.

    A GET has a reading session; the default questions are written once, through a
    proper write transaction, instead of sneaking a write into the read.
    """
    if request.method in READ_METHODS:
        with database().transaction() as session:
            return feedback.questionnaire(session, activity.workgroup_id)
    session = db_session()
    questions = feedback.questionnaire(session, activity.workgroup_id)
    session.commit()  # the default questionnaire, on first use
    return questions


def _form_page(activity: Activity, *, errors: dict[str, str] | None = None,
               typed: dict[str, str] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template(
        "planning/feedback.html", activity=activity, questions=_questions(activity),
        errors=errors or {}, typed=typed or {},
        is_open=feedback.feedback_open(activity, today=today(), zone=zone()),
        opens_on=_opens_on(activity),
        already=activity.public_id in answered()), status


def _opens_on(activity: Activity) -> date | None:
    """The first day of the feedback window when it is still ahead, else None."""
    start = feedback.first_day(activity, zone())
    return start if activity.status == "published" and today() < start else None


@bp.get("/feedback/<public_id>")
def form(public_id: str) -> tuple[str, int]:
    activity = access.public(public_id)
    if request.args.get("thanks") == "1":
        return render_template("planning/feedback_thanks.html", activity=activity), 200
    return _form_page(activity)


@bp.post("/feedback/<public_id>")
def submit(public_id: str) -> ResponseReturnValue:
    # Look the activity up first (a made-up id must not create a counter row), in a
    # reading session: the counter commits in a transaction of its own, and with this
    # request's write session open SQLite's single writer would wait for itself.
    with database().session() as lookup:
        access.public(public_id, lookup)
    limiter = current_app.extensions["calendar_limiter"].limiter
    allowed = public_id in answered() or limiter.hit(
        parse_limit(FEEDBACK_LIMIT), "feedback", public_id)
    activity = access.public(public_id)
    if activity.public_id in answered():
        return _form_page(activity, status=409)
    if not allowed:
        return render_template("planning/feedback_busy.html", activity=activity), 429
    answers, typed, errors = _read_answers(activity)
    session = db_session()
    if not errors:
        try:
            feedback.submit_feedback(session, activity=activity, answers=answers,
                                     comment=typed.get("comment", ""), today=today(),
                                     zone=zone())
        except ServiceError as error:
            errors[error.field or "ratings"] = _message(error)
    if errors:
        session.rollback()
        return _form_page(activity, errors=errors, typed=typed, status=400)
    session.commit()
    response = redirect(url_for("planning.public.form", public_id=public_id, thanks=1))
    remembered = [*answered(), activity.public_id][-REMEMBERED:]
    response.set_cookie(COOKIE, _serializer().dumps(remembered), max_age=COOKIE_MAX_AGE,
                        httponly=True, samesite="Lax", secure=request.is_secure,
                        path="/feedback/")
    return response


def _read_answers(activity: Activity) -> tuple[dict[int, int], dict[str, str], dict[str, str]]:
    """Ratings by question id from fields `q-<id>`; unanswered questions are left out."""
    typed = {key: value for key, value in request.form.items() if key != "csrf_token"}
    answers: dict[int, int] = {}
    errors: dict[str, str] = {}
    for key, value in typed.items():
        if not key.startswith("q-") or not value:
            continue
        try:
            answers[int(key[2:])] = int(value)
        except ValueError:
            errors["ratings"] = _("A rating is a number from 1 to 5.")
    return answers, typed, errors


def _message(error: ServiceError) -> str:
    if error.field == "comment":
        return _("The comment is too long (at most 2000 characters).")
    if "closed" in str(error):
        return _("Feedback for this activity is closed.")
    if "at least one" in str(error):
        return _("Answer at least one question or write a comment.")
    return _("A rating is a number from 1 to 5.")


@bp.get("/feedback/<public_id>/qr.svg")
def qr(public_id: str) -> Response:
    """The QR code to show at the session (on a slide or a printed sheet)."""
    activity = access.public(public_id)
    url = f"{settings().base_url}/feedback/{activity.public_id}"
    svg = segno.make(url, error="m").svg_inline(scale=10, title=url)
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/poster/<int:year>.pdf")
def year_poster(year: int) -> Response:
    """The year (or, with ?quarter=N, a quarter) on one A3 page."""
    quarter = request.args.get("quarter", type=int)
    try:
        planning.check_year(year)
        first, last = planning.quarter_span(year, quarter) if quarter else (
            date(year, 1, 1), date(year, 12, 31))
    except ServiceError:
        abort(404)
    title = _("Diversity calendar %(year)s", year=year) if not quarter else \
        _("Diversity calendar %(year)s, quarter %(quarter)s", year=year, quarter=quarter)
    return _poster(first, last, title, "A3")


@bp.get("/poster/<int:year>-<int:month>.pdf")
def month_poster(year: int, month: int) -> Response:
    """One month on one A4 page."""
    if not 1 <= month <= 12:
        abort(404)
    try:
        planning.check_year(year)
    except ServiceError:
        abort(404)
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    title = _("Diversity calendar %(month)s", month=format_date(first, "LLLL yyyy"))
    return _poster(first, last, title, "A4")


def _poster(first: date, last: date, title: str, size: str) -> Response:
    """The QR code opens the subscribe page; the feed address is printed for typing."""
    # Imported here: reportlab holds some 15 MB a worker would carry for
    # the rare download (README, "At ten times the city").
    from calendar_app.exports.poster import poster_pdf

    items = planning.poster_items(db_session(), first, last, zone=zone())
    language, base = current_language(), settings().base_url
    suffix = "?lang=en" if language == "en" else ""
    data = poster_pdf(items, first=first, last=last, title=title, size=size,
                      qr_url=f"{base}/subscribe{suffix}", feed_url=f"{base}/feed.ics{suffix}",
                      themes=theme_names(), language=language)
    name = f"poster-{first.isoformat()}-{last.isoformat()}.pdf"
    response = download(data, name, "application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response
