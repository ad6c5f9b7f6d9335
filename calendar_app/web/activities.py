"""The activity form and its workflow: propose, edit, publish, decline, cancel.

The form works without JavaScript: "Check dates" re-renders it with the observances
the dates overlap (the inclusive planning check), "Add a session" with one more empty
programme row. Nothing typed is lost on either, nor on an error.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time
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
from flask_babel import gettext as _
from sqlalchemy import select

from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from calendar_app.services import planning_check
from calendar_app.services.accounts import workgroups_of
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.web import activity_series
from calendar_app.web import registration_form
from calendar_app.web.forms import ACCESS_FIELDS
from calendar_app.web.forms import FIRST_YEAR
from calendar_app.web.forms import LAST_YEAR
from calendar_app.web.forms import ActionForm
from calendar_app.web.forms import ActivityForm
from calendar_app.web.forms import options
from calendar_app.web.i18n import clock_time
from calendar_app.web.i18n import current_language
from calendar_app.web.i18n import day_span
from calendar_app.web.i18n import long_day
from calendar_app.web.pages import render_markdown
from calendar_app.web.permissions import current_user
from calendar_app.web.permissions import login_required
from calendar_app.web.session import db_session

bp = Blueprint("activities", __name__, url_prefix="/activities")


def _zone() -> ZoneInfo:
    return current_app.extensions["calendar_settings"].zone  # type: ignore[no-any-return]


def _user() -> User:
    user = current_user()
    assert user is not None  # guarded by login_required
    return user


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"current_user": current_user, "status_label": status_label,
            "activity_when": activity_when, "change_label": change_label,
            "logout_form": ActionForm}


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
        start, end = activity.start_at.astimezone(_zone()), activity.end_at.astimezone(_zone())
        if start.date() == end.date():
            return f"{long_day(start.date())}, {clock_time(start)}–{clock_time(end)}"
        return (f"{long_day(start.date())}, {clock_time(start)} – "
                f"{long_day(end.date())}, {clock_time(end)}")
    return ""


@bp.get("/new")
@login_required
def new() -> str:
    form = ActivityForm(formdata=None)
    _choices(form, None)
    chosen = db_session().scalar(
        select(Workgroup.id).where(Workgroup.slug == request.args.get("workgroup", "")))
    if chosen in {choice.value for choice in form.workgroup.choices or []}:
        form.workgroup.data = chosen
    return render_template("activities/form.html", form=form, activity=None, check=None)


@bp.post("/new")
@login_required
def create() -> ResponseReturnValue:
    form = ActivityForm()
    _choices(form, None)
    if form.check_dates.data or form.add_session.data:
        return _rerender(form, None)
    if not form.validate_on_submit():
        return _invalid(form, None)
    session = db_session()
    try:
        activity = workflow.propose(session, actor=_user(), data=_input(form),
                                    now=datetime.now(UTC))
        registration_form.save(session, form, activity, _user(), _zone())
    except ServiceError as error:
        _field_error(form, error)
        return _invalid(form, None)
    session.commit()
    flash(_("Your proposal is saved. A coordinator of the workgroup will review it."))
    return redirect(url_for("activities.review", public_id=activity.public_id))


@bp.get("/<public_id>/review")
@login_required
def review(public_id: str) -> str:
    activity = _visible(public_id)
    user = _user()
    return render_template(
        "activities/review.html", activity=activity, action_form=ActionForm(),
        description=render_markdown(activity.description), zone=_zone(),
        observance=db_session().get(Observance, activity.observance_id)
        if activity.observance_id else None,
        themes=active_themes(db_session()), actors=_actor_names(activity),
        may_moderate=workflow.may_moderate(user, activity.workgroup_id),
        may_edit=workflow.may_edit(user, activity),
        may_cancel=workflow.may_cancel(user, activity),
        decline_reason=workflow.decline_reason(activity), check=_stored_check(activity))


@bp.get("/<public_id>/edit")
@login_required
def edit(public_id: str) -> str:
    activity = _editable(public_id)
    form = ActivityForm(formdata=None)
    _choices(form, activity)
    _fill(form, activity)
    registration_form.fill(db_session(), form, activity, _zone())
    # A coordinator editing a proposal sees at once what its dates overlap.
    return render_template("activities/form.html", form=form, activity=activity,
                           check=_planning_check(form))


@bp.post("/<public_id>/edit")
@login_required
def update(public_id: str) -> ResponseReturnValue:
    activity = _editable(public_id)
    form = ActivityForm()
    _choices(form, activity)
    if form.check_dates.data or form.add_session.data:
        return _rerender(form, activity)
    if not form.validate_on_submit():
        return _invalid(form, activity)
    session = db_session()
    try:
        if activity_series.update_scope(activity) == "following":
            activity_series.update_following(activity, _input(form))
        else:
            workflow.update(session, actor=_user(), activity=activity, data=_input(form),
                            now=datetime.now(UTC))
        # Registration settings are each occurrence's own (a deadline is a date).
        registration_form.save(session, form, activity, _user(), _zone())
    except ServiceError as error:
        _field_error(form, error)
        return _invalid(form, activity)
    session.commit()
    flash(_("Changes saved."))
    return redirect(url_for("activities.review", public_id=public_id))


@bp.post("/<public_id>/<any(publish, cancel):action>")
@login_required
def act(public_id: str, action: str) -> ResponseReturnValue:
    activity = _visible(public_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    step = {"publish": workflow.publish, "cancel": workflow.cancel}[action]
    session = db_session()
    try:
        step(session, actor=_user(), activity=activity, now=datetime.now(UTC))
    except workflow.PermissionDenied:
        abort(403)
    except ServiceError:
        abort(409)
    session.commit()
    messages = {"publish": _("The activity is published."),
                "cancel": _("The activity is cancelled.")}
    flash(messages[action])
    return redirect(url_for("activities.review", public_id=public_id))


def _visible(public_id: str) -> Activity:
    """The activity, for members of its organising workgroups and administrators (404
    for others)."""
    try:
        activity = workflow.by_public_id(db_session(), public_id)
    except NotFound:
        abort(404)
    if not workflow.may_view(_user(), activity):
        abort(404)
    return activity


def _actor_names(activity: Activity) -> dict[int, str]:
    ids = {change.actor_id for change in activity.changes if change.actor_id is not None}
    users = db_session().scalars(select(User).where(User.id.in_(ids))) if ids else []
    return {user.id: user.name for user in users}


def _editable(public_id: str) -> Activity:
    activity = _visible(public_id)
    if not workflow.may_edit(_user(), activity):
        abort(403)
    return activity


def _rerender(form: ActivityForm, activity: Activity | None) -> str:
    """"Check dates" or "Add a session": show the form again, with what was typed."""
    if form.add_session.data and len(form.sessions) < (form.sessions.max_entries or 20):
        form.sessions.append_entry()
    check = _planning_check(form)
    return render_template("activities/form.html", form=form, activity=activity, check=check,
                           focus_session=bool(form.add_session.data))


def _invalid(form: ActivityForm, activity: Activity | None) -> tuple[str, int]:
    return render_template("activities/form.html", form=form, activity=activity,
                           check=_planning_check(form)), 400


def _planning_check(form: ActivityForm) -> dict[str, object] | None:
    return _check_between(form.start_date.data, form.end_date.data)


def _stored_check(activity: Activity) -> dict[str, object] | None:
    """The planning check for the activity's own dates (local days), as stored.

    Shown where a coordinator decides: on the review page before "Publish".
    """
    if activity.all_day:
        return _check_between(activity.start_date, activity.end_date)
    if activity.start_at is None or activity.end_at is None:
        return None
    zone = _zone()
    return _check_between(activity.start_at.astimezone(zone).date(),
                          activity.end_at.astimezone(zone).date())


def _check_between(first: object, last: object) -> dict[str, object] | None:
    """The overlapping observances for the form's dates; an end before the start counts
    as the start day, so the check answers while the dates are still being typed."""
    if not isinstance(first, date):
        return None
    last = last if isinstance(last, date) and last >= first else first
    try:
        overlaps = planning_check.overlapping(db_session(), first, last)
    except planning_check.RangeError:
        return {"first": first, "last": last, "overlaps": [], "too_long": True}
    return {"first": first, "last": last, "overlaps": overlaps, "too_long": False}


@bp.get("/planning-check")
@login_required
def planning_check_fragment() -> ResponseReturnValue:
    """The planning check as an HTML fragment, for planning-check.js in the activity form.

    The same check as the "Check dates" button (the no-JS fallback), without the layout.
    """
    first, last = _iso_date(request.args.get("from")), _iso_date(request.args.get("to"))
    check = _check_between(first, last)
    if check is None:
        return "", 204
    return render_template("activities/_planning_check.html", check=check)


def _iso_date(value: str | None) -> date | None:
    try:
        parsed = date.fromisoformat(value or "")
    except ValueError:
        return None
    return parsed if FIRST_YEAR <= parsed.year <= LAST_YEAR else None


def _choices(form: ActivityForm, activity: Activity | None) -> None:
    """Fill the selects from the database: the user's workgroups, active observances, themes."""
    session = db_session()
    language = current_language()
    groups = [group for group in workgroups_of(session, _user())
              if activity is None or group.id == activity.workgroup_id
              or workflow.may_moderate(_user(), group.id)]
    if activity is not None and activity.workgroup_id not in {group.id for group in groups}:
        # A co-organiser's coordinator edits it; the owning workgroup stays selectable.
        owner = session.get(Workgroup, activity.workgroup_id)
        groups = [owner, *groups] if owner is not None else groups
    form.workgroup.choices = options(*((group.id, group.name) for group in groups))
    observances = session.scalars(select(Observance).where(Observance.retired_at.is_(None)))
    named = sorted(((row.key, row.name_en if language == "en" else row.name_nl)
                    for row in observances), key=lambda pair: pair[1].lower())
    form.observance.choices = options(("", _("None")), *named)
    form.themes.choices = options(*((key, title.get(language))
                                    for key, title in active_themes(session).items()))


def _local(day: date, clock: time | None) -> datetime:
    return datetime.combine(day, clock or time(0), tzinfo=_zone()).astimezone(UTC)


def _input(form: ActivityForm) -> workflow.ActivityInput:
    """The validated form as the service's input; local times become UTC."""
    first, last = form.start_date.data, form.end_date.data
    assert isinstance(first, date) and isinstance(last, date)
    all_day = bool(form.all_day.data)
    observance_id = None
    if form.observance.data:
        observance_id = db_session().scalar(
            select(Observance.id).where(Observance.key == form.observance.data))
    programme = [
        workflow.SessionInput(
            title=row.form.title.data.strip(), start_at=_local(first, row.form.start_time.data),
            end_at=_local(first, row.form.end_time.data), room=row.form.room.data or "",
            online_url=row.form.online_url.data or "", host=row.form.host.data or "")
        for row in form.sessions if not row.form.is_empty()
    ] if form.kind.data == "synergy-day" else []
    return workflow.ActivityInput(
        workgroup_id=int(form.workgroup.data), title=(form.title.data or "").strip(),
        kind=form.kind.data or "activity", description=form.description.data or "",
        all_day=all_day, start_date=first if all_day else None,
        end_date=last if all_day else None,
        start_at=None if all_day else _local(first, form.start_time.data),
        end_at=None if all_day else _local(last, form.end_time.data),
        location=(form.location.data or "").strip(),
        online_url=(form.online_url.data or "").strip(), observance_id=observance_id,
        phase=form.phase.data or None, themes=list(form.themes.data or []),
        accessibility=form.accessibility(),
        expected_participants=form.expected_participants.data,
        budget_estimate=form.budget_estimate.data, programme=programme)


def _fill(form: ActivityForm, activity: Activity) -> None:
    """Put a stored activity into the form, in local time."""
    zone = _zone()
    form.workgroup.data = activity.workgroup_id
    form.kind.data = activity.kind
    form.title.data = activity.title
    form.description.data = activity.description
    form.all_day.data = activity.all_day
    if activity.all_day:
        form.start_date.data, form.end_date.data = activity.start_date, activity.end_date
    elif activity.start_at and activity.end_at:
        start, end = activity.start_at.astimezone(zone), activity.end_at.astimezone(zone)
        form.start_date.data, form.start_time.data = start.date(), start.time()
        form.end_date.data, form.end_time.data = end.date(), end.time()
    form.location.data = activity.location
    form.online_url.data = activity.online_url
    observance = db_session().get(Observance, activity.observance_id) \
        if activity.observance_id else None
    form.observance.data = observance.key if observance else ""
    form.phase.data = activity.phase or ""
    form.themes.data = list(activity.themes or [])
    access = activity.accessibility or {}
    for name in ACCESS_FIELDS:
        form[name].data = bool(access.get(name.replace("_", "-")))
    form.accessibility_other.data = str(access.get("other") or "")
    form.expected_participants.data = activity.expected_participants
    form.budget_estimate.data = activity.budget_estimate
    while len(form.sessions) < len(activity.programme):
        form.sessions.append_entry()
    for row, item in zip(form.sessions, activity.programme, strict=False):
        row.form.title.data = item.title
        row.form.start_time.data = item.start_at.astimezone(zone).time()
        row.form.end_time.data = item.end_at.astimezone(zone).time()
        row.form.room.data, row.form.online_url.data = item.room, item.online_url
        row.form.host.data = item.host


def _field_error(form: ActivityForm, error: ServiceError) -> None:
    """A refusal from the service, shown beside the field it concerns."""
    names = {"programme": "sessions", "observance": "observance", "workgroup": "workgroup"}
    target = form._fields.get(names.get(error.field or "", error.field or "")) or form.title
    target.errors = [*target.errors, activity_series.refusal_text(error)]
