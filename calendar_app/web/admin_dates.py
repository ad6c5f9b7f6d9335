"""Organisers' dates in the browser: add, correct or withdraw the dates of an announced
observance for a year, with the source and the day it was checked; and the
"Nog aan te kondigen" page of observances without a date in the coming 15 months.

Administrators only. The merge with events.yaml is `services.browser_dates`; a save
bumps the data version, so every feed shows it on its next request.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms import IntegerField
from wtforms import SubmitField
from wtforms import URLField
from wtforms.validators import URL
from wtforms.validators import InputRequired
from wtforms.validators import Length
from wtforms.validators import NumberRange
from wtforms.validators import Optional

from calendar_app.models import Observance
from calendar_app.services import browser_dates
from calendar_app.services import unannounced as unannounced_service
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.web.i18n import current_language
from calendar_app.web.permissions import administrators_only
from calendar_app.web.permissions import current_user
from calendar_app.web.session import db_session

bp = Blueprint("admin_dates", __name__, url_prefix="/admin/dates")
bp.before_request(administrators_only)

REQUIRED = _l("This field is required.")


class DatesForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[
        InputRequired(REQUIRED), NumberRange(1900, 2200, message=_l("Give a year like 2027."))])
    start = DateField(_l("First day"), validators=[Optional()])
    end = DateField(_l("Last day"), validators=[Optional()])
    source_url = URLField(_l("Where the organiser published the dates"), validators=[
        InputRequired(REQUIRED), URL(message=_l("Enter a full web address starting with "
                                                "https://")),
        Length(max=500, message=_l("Use at most %(max)d characters.", max=500))])
    checked = DateField(_l("Checked on"), validators=[InputRequired(REQUIRED)])
    save = SubmitField(_l("Save the dates"))


class WithdrawForm(FlaskForm):
    """Withdrawing a year's dates: its own form behind a confirmation (issue 14), so
    no second button in the save form removes dates at once. Field ids start with
    `withdraw-` beside the save form's."""

    year = IntegerField(_l("Year"), validators=[
        InputRequired(REQUIRED), NumberRange(1900, 2200, message=_l("Give a year like 2027."))])
    source_url = URLField(_l("Where the organiser said the dates are withdrawn"), validators=[
        InputRequired(REQUIRED), URL(message=_l("Enter a full web address starting with "
                                                "https://")),
        Length(max=500, message=_l("Use at most %(max)d characters.", max=500))])
    checked = DateField(_l("Checked on"), validators=[InputRequired(REQUIRED)])


def _today() -> datetime:
    return datetime.now(current_app.extensions["calendar_settings"].zone)


def _name(row: Observance) -> str:
    return row.name_en if current_language() == "en" else row.name_nl


@bp.get("/")
def listing() -> str:
    session = db_session()
    entered = browser_dates.entries_by_key(session)
    return render_template(
        "admin/dates.html", observances=browser_dates.announced_observances(session),
        entered=entered, name=_name)


def _observance(key: str) -> Observance:
    try:
        return browser_dates.observance(db_session(), key)
    except NotFound:
        abort(404)


@bp.get("/<key>")
def show(key: str) -> str:
    form = DatesForm(formdata=None, year=_today().year + 1, checked=_today().date())
    return _show(_observance(key), form, _fresh_withdraw())


def _fresh_withdraw() -> WithdrawForm:
    return WithdrawForm(formdata=None, prefix="withdraw", year=_today().year + 1,
                        checked=_today().date())


def _show(row: Observance, form: DatesForm, withdraw: WithdrawForm) -> str:
    return render_template(
        "admin/dates_observance.html", observance=row, name=_name(row), form=form,
        withdraw_form=withdraw, dates=(row.record.get("rule") or {}).get("dates", []),
        entries=browser_dates.entries_of(db_session(), row.key), as_date=date.fromisoformat)


@bp.post("/<key>")
def save(key: str) -> ResponseReturnValue:
    row = _observance(key)
    form = DatesForm()
    if not form.validate_on_submit():
        return _show(row, form, _fresh_withdraw()), 400
    if form.start.data is None or form.end.data is None:
        for field in (form.start, form.end):
            if field.data is None:
                field.errors = [*field.errors, _("Give the first and the last day.")]
        return _show(row, form, _fresh_withdraw()), 400
    year = form.year.data or 0
    refusal = _store(key, year, form.start.data, form.end.data, form.source_url.data or "",
                     form.checked.data)
    if refusal:
        target = form._fields.get(refusal[0] or "") or form.start
        target.errors = [*target.errors, refusal[1]]
        return _show(_observance(key), form, _fresh_withdraw()), 400
    flash(_("The dates of %(name)s in %(year)d are saved; the feeds show them now.",
            name=_name(row), year=year))
    return redirect(url_for("admin_dates.show", key=key))


@bp.post("/<key>/withdraw")
def withdraw(key: str) -> ResponseReturnValue:
    """The confirmed withdrawal: the year's dates are gone from every feed."""
    row = _observance(key)
    form = WithdrawForm(prefix="withdraw")
    fresh = DatesForm(formdata=None, year=_today().year + 1, checked=_today().date())
    if not form.validate_on_submit():
        return _show(row, fresh, form), 400
    year = form.year.data or 0
    refusal = _store(key, year, None, None, form.source_url.data or "", form.checked.data)
    if refusal:
        target = form._fields.get(refusal[0] or "") or form.year
        target.errors = [*target.errors, refusal[1]]
        return _show(_observance(key), fresh, form), 400
    flash(_("The dates of %(name)s in %(year)d are withdrawn.", name=_name(row), year=year))
    return redirect(url_for("admin_dates.show", key=key))


def _store(key: str, year: int, start: date | None, end: date | None, source_url: str,
           checked: date | None) -> tuple[str | None, str] | None:
    """Saves (or, without days, withdraws) and commits; the refused field's name and
    message when the service says no."""
    session = db_session()
    user = current_user()
    assert user is not None
    try:
        browser_dates.save_dates(
            session, key=key, year=year, start=start, end=end, source_url=source_url,
            checked=checked or _today().date(), actor=user, now=datetime.now(UTC))
    except ServiceError as error:
        session.rollback()
        return error.field, _message(error)
    session.commit()
    return None


def _message(error: ServiceError) -> str:
    """The service's refusal in the page's language."""
    text = str(error)
    if text.startswith("the first day must be in"):
        return _("The first day must be in the year given.")
    if text.startswith("the last day is before"):
        return _("The last day is before the first.")
    if text.startswith("at least one date"):
        return _("At least one date of this observance must remain; correct it instead.")
    return text


@bp.get("/unannounced")
def unannounced() -> str:
    today = _today().date()
    items = unannounced_service.unannounced(db_session(), today=today)
    return render_template("admin/unannounced.html", items=items, name=_name,
                           until=unannounced_service.horizon(today))
