"""The organisers' side of registration: the list, the check-in page, mail and export.

Only the workgroup's coordinators, administrators and the activity's proposer see
names; members of other workgroups and the public get 403 (or the login page). The
QR code in each confirmation mail opens `/aanwezig/<token>` on the coordinator's
phone: a page with one button, so a scanner that opens the link ticks nobody.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from flask import Blueprint
from flask import Response
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from calendar_app.config import Settings
from calendar_app.exports.registrations import registrations_csv
from calendar_app.models import Activity
from calendar_app.models import User
from calendar_app.services import checkin as service
from calendar_app.services import registrations
from calendar_app.services.activities import by_public_id
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.web.forms import ActionForm
from calendar_app.web.forms import RosterMailForm
from calendar_app.web.i18n import clock_time
from calendar_app.web.i18n import current_language
from calendar_app.web.i18n import day_span
from calendar_app.web.i18n import long_day
from calendar_app.web.permissions import current_user
from calendar_app.web.permissions import login_required
from calendar_app.web.planning_access import XLSX
from calendar_app.web.planning_access import download
from calendar_app.web.session import db_session

bp = Blueprint("checkin", __name__, url_prefix="/activities")


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"registration_status": registration_status, "registration_when": when}


def when(activity: Activity) -> str:
    """"31 december 2026, 18:00–20:00" in the page's language and the calendar's zone."""
    if activity.all_day and activity.start_date and activity.end_date:
        return (long_day(activity.start_date) if activity.start_date == activity.end_date
                else day_span(activity.start_date, activity.end_date))
    if activity.start_at is None or activity.end_at is None:
        return ""
    zone = _settings().zone
    start, end = activity.start_at.astimezone(zone), activity.end_at.astimezone(zone)
    if start.date() == end.date():
        return f"{long_day(start.date())}, {clock_time(start)}–{clock_time(end)}"
    return f"{long_day(start.date())}, {clock_time(start)} – {long_day(end.date())}, " \
           f"{clock_time(end)}"


def registration_status(status: str) -> str:
    labels = {"pending": _("Not confirmed yet"), "confirmed": _("Confirmed"),
              "waitlisted": _("Waiting list"), "cancelled": _("Cancelled")}
    return labels.get(status, status)


def _settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


def _managed(public_id: str) -> tuple[Activity, User]:
    user = current_user()
    try:
        activity = by_public_id(db_session(), public_id)
    except NotFound:
        abort(404)
    if user is None or not service.may_manage(user, activity):
        abort(403)
    return activity, user


@bp.get("/<public_id>/aanwezig")
@login_required
def checkin(public_id: str) -> str:
    activity, _user = _managed(public_id)
    session = db_session()
    return render_template(
        "registrations/checkin.html", activity=activity, rows=[
            row for row in service.listed(session, activity)
            if row.status == "confirmed" and row.cancelled_at is None or row.checked_in_at],
        counts=registrations.counts(session, activity.id), action_form=ActionForm())


@bp.post("/<public_id>/aanwezig")
@login_required
def checkin_post(public_id: str) -> ResponseReturnValue:
    activity, user = _managed(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    session = db_session()
    now = datetime.now(UTC)
    ticked = {int(value) for value in request.form.getlist("present") if value.isdigit()}
    attendance = service.set_ticks(session, actor=user, activity=activity, ticked=ticked,
                                   now=now)
    walk_in = request.form.get("walk_in", "").strip()
    if walk_in or request.form.get("add_walk_in"):
        attendance = service.add_walk_in(session, actor=user, activity=activity,
                                         name=walk_in, now=now)
    session.commit()
    flash(ngettext("Saved: %(num)d person present.", "Saved: %(num)d people present.",
                   attendance))
    return redirect(url_for("checkin.checkin", public_id=public_id))


@bp.get("/<public_id>/aanwezig/<token>")
@login_required
def checkin_one(public_id: str, token: str) -> tuple[str, int]:
    activity, _user = _managed(public_id)
    registration = service.by_checkin_token(db_session(), activity, token)
    return render_template("registrations/checkin_one.html", activity=activity,
                           registration=registration, action_form=ActionForm(),
                           token=token), 200 if registration is not None else 404


@bp.post("/<public_id>/aanwezig/<token>")
@login_required
def checkin_one_post(public_id: str, token: str) -> ResponseReturnValue:
    activity, user = _managed(public_id)
    session = db_session()
    registration = service.by_checkin_token(session, activity, token)
    if registration is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    service.tick(session, actor=user, activity=activity, registration=registration,
                 now=datetime.now(UTC))
    session.commit()
    flash(_("%(name)s is checked in.", name=registration.name))
    return redirect(url_for("checkin.checkin", public_id=public_id))


@bp.get("/<public_id>/aanmeldingen")
@login_required
def roster(public_id: str) -> str:
    activity, _user = _managed(public_id)
    return _roster_page(activity, RosterMailForm(formdata=None))


def _roster_page(activity: Activity, mail_form: RosterMailForm) -> str:
    session = db_session()
    return render_template(
        "registrations/roster.html", activity=activity,
        rows=service.listed(session, activity), action_form=ActionForm(),
        counts=registrations.counts(session, activity.id),
        row=registrations.settings_of(session, activity), mail_form=mail_form)


@bp.get("/<public_id>/aanmeldingen.csv")
@login_required
def roster_csv(public_id: str) -> Response:
    activity, _user = _managed(public_id)
    data = registrations_csv(service.listed(db_session(), activity), zone=_settings().zone,
                             language=current_language())
    return download(data, f"aanmeldingen-{public_id}.csv", "text/csv")


@bp.get("/<public_id>/aanmeldingen.xlsx")
@login_required
def roster_xlsx(public_id: str) -> Response:
    """The same list as an Excel workbook, with real date-time cells."""
    # Imported here: openpyxl holds some 15 MB a worker would carry for
    # the rare download (README, "At ten times the city").
    from calendar_app.exports.xlsx import registrations_xlsx

    activity, _user = _managed(public_id)
    data = registrations_xlsx(service.listed(db_session(), activity), zone=_settings().zone,
                              language=current_language())
    return download(data, f"aanmeldingen-{public_id}.xlsx", XLSX)


@bp.post("/<public_id>/aanmeldingen/bericht")
@login_required
def roster_mail(public_id: str) -> ResponseReturnValue:
    activity, user = _managed(public_id)
    form = RosterMailForm()
    if not form.validate_on_submit():
        if form.csrf_token.errors:
            abort(400)
        return _roster_page(activity, form), 422
    session = db_session()
    try:
        sent = service.mail_confirmed(session, _settings(), actor=user, activity=activity,
                                      subject=form.subject.data or "",
                                      body=form.body.data or "", now=datetime.now(UTC))
    except ServiceError as error:
        session.rollback()
        form.body.errors = [*form.body.errors, _("Give a subject and a message.")
                            if str(error).startswith("give") else str(error)]
        return _roster_page(activity, form), 422
    session.commit()
    flash(ngettext("Your message goes to %(num)d registrant.",
                   "Your message goes to %(num)d registrants.", sent))
    return redirect(url_for("checkin.roster", public_id=public_id))
