"""Public sign-up pages: the form, the personal page behind the e-mail link, confirm, cancel.

A GET never changes anything: corporate mail scanners (Microsoft Safe Links) open
every link in a message, so the link leads to a page with a button and only that
button's POST confirms or cancels. The sign-up POST is rate-limited per address.
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.models import Activity
from calendar_app.models import Registration
from calendar_app.services import registrations as service
from calendar_app.services.errors import ServiceError
from calendar_app.web import activity_access as access
from calendar_app.web.forms import ActionForm
from calendar_app.web.forms import SignUpForm
from calendar_app.web.i18n import current_language
from calendar_app.web.permissions import current_user
from calendar_app.web.session import db_session

bp = Blueprint("registrations", __name__, url_prefix="/activities")

#: Sign-ups per client address; each sends an e-mail, so kept well below spam rates.
SIGN_UP_LIMIT = "20 per hour"


def _settings() -> Settings:
    return current_app.extensions["calendar_settings"]  # type: ignore[no-any-return]


def _page(activity: Activity, form: SignUpForm, status: int = 200) -> tuple[str, int]:
    session = db_session()
    row = service.settings_of(session, activity)
    now = datetime.now(UTC)
    return render_template(
        "registrations/sign_up.html", activity=activity, form=form, row=row,
        action_form=ActionForm(), is_open=service.is_open(activity, row, now=now),
        places_left=service.places_left(session, activity, row), user=current_user(),
        retention_days=_settings().registration_retention_days, zone=_settings().zone,
    ), status


@bp.get("/<public_id>/aanmelden")
def sign_up(public_id: str) -> tuple[str, int]:
    return _page(access.public(public_id), SignUpForm(formdata=None))


@bp.post("/<public_id>/aanmelden")
def sign_up_post(public_id: str) -> ResponseReturnValue:
    session = db_session()
    activity = access.public(public_id, session)
    form = SignUpForm()
    user = current_user()
    if user is not None and request.form.get("member") == "1":
        if not ActionForm().validate_on_submit():
            abort(400)
        return _member_sign_up(session, activity, form)
    if not form.validate_on_submit():
        return _page(activity, form, 422)
    data = service.SignUp(name=form.name.data or "", email=form.email.data or "",
                          dietary=form.dietary.data or "", needs=form.needs.data or "",
                          lang=current_language())
    try:
        service.sign_up(session, _settings(), activity=activity, data=data,
                        now=datetime.now(UTC))
    except ServiceError as error:
        return _refused(activity, form, error)
    session.commit()
    return redirect(url_for("registrations.sent", public_id=public_id))


def _member_sign_up(session: Session, activity: Activity, form: SignUpForm) -> ResponseReturnValue:
    user = current_user()
    assert user is not None
    try:
        registration = service.sign_up_member(
            session, _settings(), activity=activity, user=user, dietary=form.dietary.data or "",
            needs=form.needs.data or "", now=datetime.now(UTC))
    except ServiceError as error:
        return _refused(activity, form, error)
    session.commit()
    flash(_status_message(registration))
    return redirect(url_for("registrations.sign_up", public_id=activity.public_id))


def _refused(activity: Activity, form: SignUpForm, error: ServiceError) -> ResponseReturnValue:
    messages = {
        "name": _("Give your name."), "email": _("Give a valid e-mail address."),
        "capacity": _("The activity is full and has no waiting list."),
    }
    if isinstance(error, service.RegistrationClosed):
        form.form_errors.append(_("Registration for this activity is closed."))
        return _page(activity, form, 409)
    target = getattr(form, error.field or "", None)
    message = messages.get(error.field or "", _("This could not be saved."))
    if target is not None and hasattr(target, "errors"):
        target.errors = [*target.errors, message]
    else:
        form.form_errors.append(message)
    return _page(activity, form, 422)


@bp.get("/<public_id>/aanmelden/verzonden")
def sent(public_id: str) -> str:
    return render_template("registrations/sent.html", activity=access.public(public_id))


def _registration(activity: Activity, token: str) -> Registration | None:
    return service.by_token(db_session(), activity, token)


@bp.get("/<public_id>/aanmelden/<token>")
def manage(public_id: str, token: str) -> tuple[str, int]:
    activity = access.public(public_id)
    registration = _registration(activity, token)
    return render_template(
        "registrations/manage.html", activity=activity, registration=registration,
        action_form=ActionForm(), token=token,
    ), 200 if registration is not None else 404


@bp.post("/<public_id>/aanmelden/<token>/<any(bevestigen, afmelden):step>")
def manage_post(public_id: str, token: str, step: str) -> ResponseReturnValue:
    session = db_session()
    activity = access.public(public_id, session)
    registration = _registration(activity, token)
    if registration is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    act = service.confirm if step == "bevestigen" else service.cancel
    try:
        act(session, _settings(), registration=registration, activity=activity,
            now=datetime.now(UTC))
    except service.RegistrationClosed:
        session.rollback()
        flash(_("Registration for this activity is closed."))
        return redirect(url_for("registrations.manage", public_id=public_id, token=token))
    except service.ActivityFull:
        session.rollback()
        flash(_("The activity is full and has no waiting list."))
        return redirect(url_for("registrations.manage", public_id=public_id, token=token))
    session.commit()
    flash(_status_message(registration))
    return redirect(url_for("registrations.manage", public_id=public_id, token=token))


def _status_message(registration: Registration) -> str:
    return {
        "confirmed": _("You are registered. The invitation for your calendar is on its way "
                       "by e-mail."),
        "waitlisted": _("The activity is full: you are on the waiting list. We will e-mail "
                        "you when a place comes free."),
        "cancelled": _("Your registration is cancelled."),
        "pending": _("Check your e-mail to confirm your registration."),
    }[registration.status]
