"""The activity form as data: its choices, its planning check, and the way between
the form and the service.

The form shows local times and the service takes UTC instants, so `to_input` and
`fill` are where the two meet; a refusal from the service is put beside the field it
concerns (`field_error`). Kept apart from the views in `web/activities.py`, which only
parse, call and render.
"""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import time

from flask_babel import gettext as _
from sqlalchemy import select

from calendar_app.models import Activity
from calendar_app.models import Observance
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from calendar_app.services import planning_check
from calendar_app.services.accounts import workgroups_of
from calendar_app.services.catalogue_sync import active_themes
from calendar_app.services.errors import ServiceError
from calendar_app.web import activity_series
from calendar_app.web.activity_access import user
from calendar_app.web.activity_access import zone
from calendar_app.web.forms import ACCESS_FIELDS
from calendar_app.web.forms import ActivityForm
from calendar_app.web.forms import options
from calendar_app.web.i18n import current_language
from calendar_app.web.session import db_session


def form_check(form: ActivityForm) -> dict[str, object] | None:
    return check_between(form.start_date.data, form.end_date.data)


def stored_check(activity: Activity) -> dict[str, object] | None:
    """The planning check for the activity's own dates (local days), as stored.

    Shown where a coordinator decides: on the review page before "Publish".
    """
    if activity.all_day:
        return check_between(activity.start_date, activity.end_date)
    if activity.start_at is None or activity.end_at is None:
        return None
    local_zone = zone()
    return check_between(activity.start_at.astimezone(local_zone).date(),
                          activity.end_at.astimezone(local_zone).date())


def check_between(first: object, last: object) -> dict[str, object] | None:
    """The planning check for the form's dates; an end before the start counts
    as the start day, so the check answers while the dates are still being typed."""
    if not isinstance(first, date):
        return None
    last = last if isinstance(last, date) and last >= first else first
    try:
        result = planning_check.planning_check(db_session(), first, last)
    except planning_check.RangeError:
        return {"first": first, "last": last, "overlaps": [], "too_long": True, "result": None}
    return {"first": first, "last": last, "overlaps": result.overlaps, "too_long": False,
            "result": result}


def choices(form: ActivityForm, activity: Activity | None) -> None:
    """Fill the selects from the database: the user's workgroups, active observances, themes."""
    session = db_session()
    language = current_language()
    groups = [group for group in workgroups_of(session, user())
              if activity is None or group.id == activity.workgroup_id
              or workflow.may_moderate(user(), group.id)]
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


def _utc(day: date, clock: time | None) -> datetime:
    return datetime.combine(day, clock or time(0), tzinfo=zone()).astimezone(UTC)


def to_input(form: ActivityForm) -> workflow.ActivityInput:
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
            title=row.form.title.data.strip(), start_at=_utc(first, row.form.start_time.data),
            end_at=_utc(first, row.form.end_time.data), room=row.form.room.data or "",
            online_url=row.form.online_url.data or "", host=row.form.host.data or "")
        for row in form.sessions if not row.form.is_empty()
    ] if form.kind.data == "synergy-day" else []
    return workflow.ActivityInput(
        workgroup_id=int(form.workgroup.data), title=(form.title.data or "").strip(),
        kind=form.kind.data or "activity", description=form.description.data or "",
        all_day=all_day, start_date=first if all_day else None,
        end_date=last if all_day else None,
        start_at=None if all_day else _utc(first, form.start_time.data),
        end_at=None if all_day else _utc(last, form.end_time.data),
        location=(form.location.data or "").strip(),
        online_url=(form.online_url.data or "").strip(), observance_id=observance_id,
        phase=form.phase.data or None, themes=list(form.themes.data or []),
        accessibility=form.accessibility(),
        expected_participants=form.expected_participants.data,
        budget_estimate=form.budget_estimate.data, programme=programme)


def fill(form: ActivityForm, activity: Activity) -> None:
    """Put a stored activity into the form, in local time."""
    local_zone = zone()
    form.workgroup.data = activity.workgroup_id
    form.kind.data = activity.kind
    form.title.data = activity.title
    form.description.data = activity.description
    form.all_day.data = activity.all_day
    if activity.all_day:
        form.start_date.data, form.end_date.data = activity.start_date, activity.end_date
    elif activity.start_at and activity.end_at:
        start = activity.start_at.astimezone(local_zone)
        end = activity.end_at.astimezone(local_zone)
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
        row.form.start_time.data = item.start_at.astimezone(local_zone).time()
        row.form.end_time.data = item.end_at.astimezone(local_zone).time()
        row.form.room.data, row.form.online_url.data = item.room, item.online_url
        row.form.host.data = item.host


def field_error(form: ActivityForm, error: ServiceError) -> None:
    """A refusal from the service, shown beside the field it concerns."""
    names = {"programme": "sessions", "observance": "observance", "workgroup": "workgroup"}
    target = form._fields.get(names.get(error.field or "", error.field or "")) or form.title
    target.errors = [*target.errors, activity_series.refusal_text(error)]
