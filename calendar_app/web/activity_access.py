"""Who reaches an activity's pages: the signed-in user, and the activity if they may;
anyone, for a published one (`public`).

Shared by the activity form, its copies and series and the proposal review, so each
asks the same question the same way: an activity the user may not see is a 404 (its
existence stays private), one they may see but not change is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from flask import abort
from flask import current_app
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import User
from calendar_app.services import activities as workflow
from calendar_app.services.errors import NotFound
from calendar_app.web.permissions import current_user
from calendar_app.web.session import db_session


def zone() -> ZoneInfo:
    """The calendar's time zone: forms and pages show local times."""
    return current_app.extensions["calendar_settings"].zone  # type: ignore[no-any-return]


def user() -> User:
    """The signed-in user, on views guarded by `login_required`."""
    found = current_user()
    assert found is not None  # guarded by login_required
    return found


def visible(public_id: str) -> Activity:
    """The activity, for members of its organising workgroups and administrators (404
    for others)."""
    try:
        activity = workflow.by_public_id(db_session(), public_id)
    except NotFound:
        abort(404)
    if not workflow.may_view(user(), activity):
        abort(404)
    return activity


def public(public_id: str, session: Session | None = None) -> Activity:
    """A published or cancelled activity, for anyone; proposals and declined ones do not
    exist here (404). `session` for a view that holds its own (a sign-up's write)."""
    try:
        activity = workflow.by_public_id(session or db_session(), public_id)
    except NotFound:
        abort(404)
    if activity.status not in ("published", "cancelled"):
        abort(404)
    return activity


def permitted(public_id: str, may: Callable[[User, Activity], bool]) -> Activity:
    """The visible activity if `may(user, activity)` allows the step (403 otherwise)."""
    activity = visible(public_id)
    if not may(user(), activity):
        abort(403)
    return activity
