"""Plans that repeat and are shared: copy an activity, repeat it as a series, name its
co-organisers.

Each action is a page with a form (GET shows it, only the POST acts), reached from the
activity's review page, whose extra section (`series_panel`) this module also fills.
Editing "this and all that follow" happens in the activity form itself
(`update_scope`, called by web/activities.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import Field

from calendar_app.models import Activity
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from calendar_app.services import coorganisers
from calendar_app.services import copies
from calendar_app.services import series
from calendar_app.services.errors import ServiceError
from calendar_app.services.organisers import coorganiser_ids
from calendar_app.web import activity_access as access
from calendar_app.web.forms import options
from calendar_app.web.permissions import current_user
from calendar_app.web.permissions import login_required
from calendar_app.web.series_forms import CoorganisersForm
from calendar_app.web.series_forms import CopyForm
from calendar_app.web.series_forms import ScopeForm
from calendar_app.web.series_forms import SeriesForm
from calendar_app.web.session import db_session

bp = Blueprint("activity_series", __name__, url_prefix="/activities")


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
        "occurrences": series.occurrences(session, activity.series_id, access.zone())
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
    series.update_following(db_session(), actor=access.user(), activity=activity, data=data,
                            zone=access.zone(), now=datetime.now(UTC))


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
    activity = access.permitted(public_id, copies.may_copy)
    return render_template("activity_series/copy.html", activity=activity,
                           form=CopyForm(formdata=None))


@bp.post("/<public_id>/copy")
@login_required
def copy(public_id: str) -> ResponseReturnValue:
    activity = access.permitted(public_id, copies.may_copy)
    form = CopyForm()

    def save(session: Session) -> tuple[Activity, str]:
        duplicate = copies.copy_activity(session, actor=access.user(), activity=activity,
                                         day=form.day.data, zone=access.zone(),
                                         now=datetime.now(UTC))
        return duplicate, _("The copy is saved as a proposal. Check it and change what "
                            "differs.")

    return _saved(form, form.day, "activity_series/copy.html", activity, save)


@bp.get("/<public_id>/repeat")
@login_required
def repeat_form(public_id: str) -> str:
    activity = access.permitted(public_id, series.may_repeat)
    return render_template("activity_series/repeat.html", activity=activity,
                           form=SeriesForm(formdata=None))


@bp.post("/<public_id>/repeat")
@login_required
def repeat(public_id: str) -> ResponseReturnValue:
    activity = access.permitted(public_id, series.may_repeat)
    form = SeriesForm()

    def save(session: Session) -> tuple[Activity, str]:
        recurrence = series.Recurrence(
            frequency=form.frequency.data or "", until=form.until.data,
            skip=tuple(form.skip.data or ()), moves=dict(form.moves.data or {}))
        made = series.create_series(session, actor=access.user(), activity=activity,
                                    recurrence=recurrence, zone=access.zone(),
                                    now=datetime.now(UTC))
        return activity, _("The series has %(count)d activities.", count=len(made))

    return _saved(form, form.until, "activity_series/repeat.html", activity, save)


def _saved(form: FlaskForm, fallback: Field, template: str, activity: Activity,
           save: Callable[[Session], tuple[Activity, str]]) -> ResponseReturnValue:
    """A valid form's `save`: commit, say its message, show the activity it names.

    A refusal from the service goes beside the field it names (`fallback` when it names
    none of the form's), and the form is shown again with what was typed.
    """
    if form.validate_on_submit():
        session = db_session()
        try:
            shown, message = save(session)
        except ServiceError as error:
            target = form._fields.get(error.field or "") or fallback
            target.errors = [*target.errors, refusal_text(error)]
        else:
            session.commit()
            flash(message)
            return redirect(url_for("activities.review", public_id=shown.public_id))
    return render_template(template, activity=activity, form=form), 400


@bp.post("/<public_id>/coorganisers")
@login_required
def save_coorganisers(public_id: str) -> ResponseReturnValue:
    activity = access.permitted(public_id, coorganisers.may_choose)
    form = CoorganisersForm()
    _coorganiser_choices(form, activity)
    if not form.validate_on_submit():
        abort(400)  # only checkboxes: a refused value is a forged or stale form
    session = db_session()
    try:
        coorganisers.set_coorganisers(session, actor=access.user(), activity=activity,
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
