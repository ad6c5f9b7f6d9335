"""Plans that repeat and are shared: copy an activity, repeat it as a series, name its
co-organisers.

Each action is a page with a form (GET shows it, only the POST acts), reached from the
activity's review page, whose extra section (`series_panel`) this module also fills.
Editing "this and all that follow" happens in the activity form itself
(`update_scope`, called by web/activities.py).
"""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint
from flask import abort
from flask import current_app
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from calendar_app.models import Activity
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from calendar_app.services import coorganisers
from calendar_app.services import copies
from calendar_app.services import series
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.organisers import coorganiser_ids
from calendar_app.web.forms import options
from calendar_app.web.permissions import current_user
from calendar_app.web.permissions import login_required
from calendar_app.web.series_forms import CoorganisersForm
from calendar_app.web.series_forms import CopyForm
from calendar_app.web.series_forms import ScopeForm
from calendar_app.web.series_forms import SeriesForm
from calendar_app.web.session import db_session

bp = Blueprint("activity_series", __name__, url_prefix="/activities")


def _zone() -> ZoneInfo:
    return current_app.extensions["calendar_settings"].zone  # type: ignore[no-any-return]


def _user() -> User:
    user = current_user()
    assert user is not None  # guarded by login_required
    return user


def _activity(public_id: str) -> Activity:
    """The activity, for those who may see its review page (404 for others)."""
    try:
        activity = workflow.by_public_id(db_session(), public_id)
    except NotFound:
        abort(404)
    if not workflow.may_view(_user(), activity):
        abort(404)
    return activity


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"series_panel": series_panel, "scope_form": scope_form}


def series_panel(activity: Activity) -> dict[str, object]:
    """What the review page shows and offers about copies, series and co-organisers."""
    session, user = db_session(), current_user()
    names = dict(session.execute(select(Workgroup.id, Workgroup.name)).all())
    form = None
    if coorganisers.may_choose(user, activity):
        form = CoorganisersForm(formdata=None)
        _coorganiser_choices(form, activity)
        form.coorganisers.data = coorganiser_ids(activity)
    return {
        "may_copy": copies.may_copy(user, activity),
        "may_repeat": series.may_repeat(user, activity),
        "occurrences": series.occurrences(session, activity.series_id, _zone())
        if activity.series_id else [],
        "owner": names.get(activity.workgroup_id, ""),
        "coorganisers": [names.get(wid, "") for wid in coorganiser_ids(activity)],
        "coorganiser_form": form,
    }


def scope_form(activity: Activity | None) -> ScopeForm | None:
    """The "only this / all that follow" choice, for an activity in a series."""
    if activity is None or activity.series_id is None:
        return None
    return ScopeForm(request.form if request.method == "POST" else None)


def update_scope(activity: Activity) -> str:
    """"following" when the edit form asks to change the later occurrences too."""
    form = scope_form(activity)
    return "following" if form is not None and form.series_scope.data == "following" else "one"


def update_following(activity: Activity, data: workflow.ActivityInput) -> None:
    """The activity form's save for "this and all that follow" (flushes only)."""
    series.update_following(db_session(), actor=_user(), activity=activity, data=data,
                            zone=_zone(), now=datetime.now(UTC))


def refusal_text(error: ServiceError) -> str:
    """A refused copy or series date in the page's language."""
    if not isinstance(error, copies.DateRefused):
        return str(error)
    day = format_date(error.day, "dd-MM-yyyy") if error.day else ""
    texts = {
        "years": _("Choose a date from %(first)d to %(last)d.", first=copies.FIRST_YEAR,
                   last=copies.LAST_YEAR),
        "frequency": _("Not a valid choice."),
        "order": _("The end of the series lies before its first date."),
        "too-many": _("A series has at most %(count)d dates.", count=series.MAX_OCCURRENCES),
        "not-in-series": _("%(day)s is not a date of this series.", day=day),
        "first": _("%(day)s is the activity itself: change it on its edit page.", day=day),
        "same-day": _("Two dates of the series fall on the same day."),
        "too-few": _("A series needs at least two dates."),
    }
    return texts.get(error.code, str(error))


@bp.get("/<public_id>/copy")
@login_required
def copy_form(public_id: str) -> str:
    activity = _copyable(public_id)
    return render_template("activity_series/copy.html", activity=activity,
                           form=CopyForm(formdata=None))


@bp.post("/<public_id>/copy")
@login_required
def copy(public_id: str) -> ResponseReturnValue:
    activity = _copyable(public_id)
    form = CopyForm()
    if form.validate_on_submit():
        session = db_session()
        try:
            duplicate = copies.copy_activity(session, actor=_user(), activity=activity,
                                             day=form.day.data, zone=_zone(),
                                             now=datetime.now(UTC))
        except ServiceError as error:
            form.day.errors = [*form.day.errors, refusal_text(error)]
        else:
            session.commit()
            flash(_("The copy is saved as a proposal. Check it and change what differs."))
            return redirect(url_for("activities.review", public_id=duplicate.public_id))
    return render_template("activity_series/copy.html", activity=activity, form=form), 400


def _copyable(public_id: str) -> Activity:
    activity = _activity(public_id)
    if not copies.may_copy(_user(), activity):
        abort(403)
    return activity


@bp.get("/<public_id>/repeat")
@login_required
def repeat_form(public_id: str) -> str:
    activity = _repeatable(public_id)
    return render_template("activity_series/repeat.html", activity=activity,
                           form=SeriesForm(formdata=None))


@bp.post("/<public_id>/repeat")
@login_required
def repeat(public_id: str) -> ResponseReturnValue:
    activity = _repeatable(public_id)
    form = SeriesForm()
    if form.validate_on_submit():
        recurrence = series.Recurrence(
            frequency=form.frequency.data or "", until=form.until.data,
            skip=tuple(form.skip.data or ()), moves=dict(form.moves.data or {}))
        session = db_session()
        try:
            made = series.create_series(session, actor=_user(), activity=activity,
                                        recurrence=recurrence, zone=_zone(),
                                        now=datetime.now(UTC))
        except ServiceError as error:
            target = form._fields.get(error.field or "") or form.until
            target.errors = [*target.errors, refusal_text(error)]
        else:
            session.commit()
            flash(_("The series has %(count)d activities.", count=len(made)))
            return redirect(url_for("activities.review", public_id=public_id))
    return render_template("activity_series/repeat.html", activity=activity, form=form), 400


def _repeatable(public_id: str) -> Activity:
    activity = _activity(public_id)
    if not series.may_repeat(_user(), activity):
        abort(403)
    return activity


@bp.post("/<public_id>/coorganisers")
@login_required
def save_coorganisers(public_id: str) -> ResponseReturnValue:
    activity = _activity(public_id)
    if not coorganisers.may_choose(_user(), activity):
        abort(403)
    form = CoorganisersForm()
    _coorganiser_choices(form, activity)
    if not form.validate_on_submit():
        abort(400)  # only checkboxes: a refused value is a forged or stale form
    session = db_session()
    try:
        coorganisers.set_coorganisers(session, actor=_user(), activity=activity,
                                      workgroup_ids=form.coorganisers.data or [],
                                      now=datetime.now(UTC))
    except ServiceError:
        abort(400)
    session.commit()
    flash(_("Co-organisers saved."))
    return redirect(url_for("activities.review", public_id=public_id) + "#organised-by")


def _coorganiser_choices(form: CoorganisersForm, activity: Activity) -> None:
    form.coorganisers.choices = options(
        *((group.id, group.name) for group in coorganisers.candidates(db_session(), activity)))
