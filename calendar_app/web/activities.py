"""The activity form and its workflow: propose, edit, publish, decline, cancel.

The form works without JavaScript: "Check dates" re-renders it with the observances
the dates overlap (the inclusive planning check), "Add a session" with one more empty
programme row. Nothing typed is lost on either, nor on an error. The views parse,
call and render; the form's data lives in `activity_form`, and who may open an
activity's pages in `activity_access`.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime

from flask import Blueprint
from flask import abort
from flask import flash
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.errors import ServiceError
from calendar_app.web import activity_access as access
from calendar_app.web import activity_form
from calendar_app.web import activity_series
from calendar_app.web import registration_form
from calendar_app.web.forms import FIRST_YEAR
from calendar_app.web.forms import LAST_YEAR
from calendar_app.web.forms import ActionForm
from calendar_app.web.forms import ActivityForm
from calendar_app.web.history import changed_fields
from calendar_app.web.i18n import clock_time
from calendar_app.web.i18n import day_span
from calendar_app.web.i18n import long_day
from calendar_app.web.pages import render_markdown
from calendar_app.web.permissions import current_user
from calendar_app.web.permissions import login_required
from calendar_app.web.session import db_session

bp = Blueprint("activities", __name__, url_prefix="/activities")


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"current_user": current_user, "status_label": status_label,
            "activity_when": activity_when, "change_label": change_label,
            "changed_fields": changed_fields, "logout_form": ActionForm}


@bp.app_template_test("message")
def is_message(value: object) -> bool:
    """An error message (plain or lazily translated), not a nested list of row errors."""
    return not isinstance(value, (list, tuple, dict))


def change_label(action: str) -> str:
    labels = {"proposed": _("proposed"), "edited": _("edited"), "published": _("published"),
              "declined": _("declined"), "cancelled": _("cancelled"),
              "withdrawn": _("withdrawn"), "resubmitted": _("resubmitted")}
    return labels.get(action, action)


def status_label(status: str) -> str:
    labels = {"proposed": _("Proposed"), "published": _("Published"),
              "declined": _("Declined"), "cancelled": _("Cancelled")}
    return labels.get(status, status)


def activity_when(activity: Activity) -> str:
    """"17 mei 2027" / "17 mei 2027, 09:30–16:00" in local time, in the page's language."""
    if activity.all_day and activity.start_date and activity.end_date:
        return day_span(activity.start_date, activity.end_date)
    if activity.start_at and activity.end_at:
        zone = access.zone()
        start, end = activity.start_at.astimezone(zone), activity.end_at.astimezone(zone)
        if start.date() == end.date():
            return f"{long_day(start.date())}, {clock_time(start)}–{clock_time(end)}"
        return (f"{long_day(start.date())}, {clock_time(start)} – "
                f"{long_day(end.date())}, {clock_time(end)}")
    return ""


@bp.get("/new")
@login_required
def new() -> str:
    form = ActivityForm(formdata=None)
    activity_form.choices(form, None)
    chosen = db_session().scalar(
        select(Workgroup.id).where(Workgroup.slug == request.args.get("workgroup", "")))
    if chosen in {choice.value for choice in form.workgroup.choices or []}:
        form.workgroup.data = chosen
    return render_template("activities/form.html", form=form, activity=None, check=None)


@bp.post("/new")
@login_required
def create() -> ResponseReturnValue:
    form = ActivityForm()
    shown = _not_saved_yet(form, None)
    if shown is not None:
        return shown
    session = db_session()
    try:
        activity = workflow.propose(session, actor=access.user(),
                                    data=activity_form.to_input(form), now=datetime.now(UTC))
        registration_form.save(session, form, activity, access.user(), access.zone())
    except ServiceError as error:
        activity_form.field_error(form, error)
        return _invalid(form, None)
    session.commit()
    if workflow.may_moderate(access.user(), activity.workgroup_id):
        flash(_("Your proposal is saved. You coordinate this workgroup: you can publish it "
                "below."))
    else:
        flash(_("Your proposal is saved. A coordinator of the workgroup will review it."))
    return redirect(url_for("activities.review", public_id=activity.public_id))


@bp.get("/<public_id>/review")
@login_required
def review(public_id: str) -> str:
    activity = access.visible(public_id)
    user = access.user()
    return render_template(
        "activities/review.html", activity=activity, action_form=ActionForm(),
        description=render_markdown(activity.description), zone=access.zone(),
        observance=db_session().get(Observance, activity.observance_id)
        if activity.observance_id else None,
        themes=active_themes(db_session()), actors=_actor_names(activity),
        may_moderate=workflow.may_moderate(user, activity.workgroup_id),
        may_edit=workflow.may_edit(user, activity),
        may_cancel=workflow.may_cancel(user, activity),
        decline_reason=workflow.decline_reason(activity), declined_on=_declined_on(activity),
        check=activity_form.stored_check(activity))


def _declined_on(activity: Activity) -> date | None:
    """The local day of the decline that still stands, for the page of a declined
    proposal that the reader cannot act on (it says who can)."""
    if activity.status != "declined" or not workflow.was_declined(activity):
        return None
    at = next(change.at for change in reversed(activity.changes)
              if change.action == "declined")
    return at.astimezone(access.zone()).date()


@bp.get("/<public_id>/edit")
@login_required
def edit(public_id: str) -> str:
    activity = access.permitted(public_id, workflow.may_edit)
    form = ActivityForm(formdata=None)
    activity_form.choices(form, activity)
    activity_form.fill(form, activity)
    registration_form.fill(db_session(), form, activity, access.zone())
    # A coordinator editing a proposal sees at once what its dates overlap.
    return render_template("activities/form.html", form=form, activity=activity,
                           check=activity_form.form_check(form))


@bp.post("/<public_id>/edit")
@login_required
def update(public_id: str) -> ResponseReturnValue:
    activity = access.permitted(public_id, workflow.may_edit)
    form = ActivityForm()
    shown = _not_saved_yet(form, activity)
    if shown is not None:
        return shown
    session = db_session()
    try:
        if activity_series.update_scope(activity) == "following":
            activity_series.update_following(activity, activity_form.to_input(form))
        else:
            workflow.update(session, actor=access.user(), activity=activity,
                            data=activity_form.to_input(form), now=datetime.now(UTC))
        # Registration settings are each occurrence's own (a deadline is a date).
        registration_form.save(session, form, activity, access.user(), access.zone())
    except ServiceError as error:
        activity_form.field_error(form, error)
        return _invalid(form, activity)
    session.commit()
    flash(_("Changes saved."))
    return redirect(url_for("activities.review", public_id=public_id))


@bp.post("/<public_id>/<any(publish, cancel):action>")
@login_required
def act(public_id: str, action: str) -> ResponseReturnValue:
    activity = access.visible(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    step = {"publish": workflow.publish, "cancel": workflow.cancel}[action]
    session = db_session()
    try:
        step(session, actor=access.user(), activity=activity, now=datetime.now(UTC))
    except workflow.PermissionDenied:
        abort(403)
    except ServiceError:
        abort(409)
    session.commit()
    messages = {"publish": _("The activity is published."),
                "cancel": _("The activity is cancelled.")}
    flash(messages[action])
    return redirect(url_for("activities.review", public_id=public_id))


def _actor_names(activity: Activity) -> dict[int, str]:
    ids = {change.actor_id for change in activity.changes if change.actor_id is not None}
    users = db_session().scalars(select(User).where(User.id.in_(ids))) if ids else []
    return {user.id: user.name for user in users}


def _not_saved_yet(form: ActivityForm, activity: Activity | None) -> ResponseReturnValue | None:
    """The posted form shown again when it asks for that or is invalid; None to save it."""
    activity_form.choices(form, activity)
    if form.check_dates.data or form.add_session.data:
        return _rerender(form, activity)
    if not form.validate_on_submit():
        return _invalid(form, activity)
    return None


def _rerender(form: ActivityForm, activity: Activity | None) -> str:
    """"Check dates" or "Add a session": show the form again, with what was typed."""
    if form.add_session.data and len(form.sessions) < (form.sessions.max_entries or 20):
        form.sessions.append_entry()
    check = activity_form.form_check(form)
    return render_template("activities/form.html", form=form, activity=activity, check=check,
                           focus_session=bool(form.add_session.data))


def _invalid(form: ActivityForm, activity: Activity | None) -> tuple[str, int]:
    return render_template("activities/form.html", form=form, activity=activity,
                           check=activity_form.form_check(form)), 400


@bp.get("/planning-check")
@login_required
def planning_check_fragment() -> ResponseReturnValue:
    """The planning check as an HTML fragment, for planning-check.js in the activity form.

    The same check as the "Check dates" button (the no-JS fallback), without the layout.
    """
    first, last = _iso_date(request.args.get("from")), _iso_date(request.args.get("to"))
    check = activity_form.check_between(first, last)
    if check is None:
        return "", 204
    return render_template("activities/_planning_check.html", check=check)


def _iso_date(value: str | None) -> date | None:
    try:
        parsed = date.fromisoformat(value or "")
    except ValueError:
        return None
    return parsed if FIRST_YEAR <= parsed.year <= LAST_YEAR else None
