"""The activity workflow: a member proposes, a coordinator publishes, edits or declines.

Every change is recorded (who, when, what) as an `ActivityChange`, raises the
activity's SEQUENCE so calendar clients take the new version, and bumps the site's
data version, which every cached feed body is keyed on (a workgroup's internal feed
shows its proposals, so a change to a proposal counts too). Permissions are checked here,
not only in the views, so the CLI and any later API obey the same rules. Roles come
from memberships, never from how a person logged in, so single sign-on can be added
without touching this module.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import ActivityChange
from calendar_app.models import Observance
from calendar_app.models import ProgrammeItem
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.organisers import organised_by
from calendar_app.services.organisers import organiser_ids
from calendar_app.services.proposal_mail import notify_declined
from calendar_app.services.proposal_mail import notify_published
from calendar_app.services.proposal_mail import notify_submitted
from calendar_app.services.site import bump_data_version

FORM_KINDS = ("activity", "workshop", "synergy-day")
PHASES = ("bewustwording", "toerusting", "borging")


class PermissionDenied(ServiceError):
    """The actor has no right to do this to this workgroup or activity."""


@dataclass(frozen=True)
class SessionInput:
    """One session of a synergy day's programme."""

    title: str
    start_at: datetime
    end_at: datetime
    room: str = ""
    online_url: str = ""
    host: str = ""


@dataclass(frozen=True)
class ActivityInput:
    """Everything the form edits. Timed activities fill start_at/end_at (aware)."""

    workgroup_id: int
    title: str
    kind: str = "activity"
    description: str = ""
    all_day: bool = False
    start_date: date | None = None
    end_date: date | None = None
    start_at: datetime | None = None
    end_at: datetime | None = None
    location: str = ""
    online_url: str = ""
    observance_id: int | None = None
    phase: str | None = None
    themes: list[str] = field(default_factory=list)
    accessibility: dict[str, Any] = field(default_factory=dict)
    expected_participants: int | None = None
    budget_estimate: Decimal | None = None
    programme: list[SessionInput] = field(default_factory=list)


def role_in(user: User | None, workgroup_id: int) -> str | None:
    if user is None:
        return None
    for membership in user.memberships:
        if membership.workgroup_id == workgroup_id and not membership.pending:
            return membership.role
    return None


def may_propose(user: User | None, workgroup_id: int) -> bool:
    return user is not None and (user.is_admin or role_in(user, workgroup_id) is not None)


def may_moderate(user: User | None, workgroup_id: int) -> bool:
    """Coordinators of the workgroup and site administrators publish, edit and decline."""
    return user is not None and (user.is_admin or role_in(user, workgroup_id) == "coordinator")


def may_view(user: User | None, activity: Activity) -> bool:
    """Members of the owning or a co-organising workgroup, and administrators."""
    return any(may_propose(user, workgroup_id) for workgroup_id in organiser_ids(activity))


def may_edit(user: User | None, activity: Activity) -> bool:
    """Moderators edit (also those of a co-organising workgroup); the proposer may still
    edit a proposal nobody has handled yet, and a declined one (saving it resubmits it,
    see `update`)."""
    if user is not None and activity.status == "declined":
        return activity.created_by_id == user.id and was_declined(activity)
    if activity.status not in ("proposed", "published") or user is None:
        return False
    if any(may_moderate(user, workgroup_id) for workgroup_id in organiser_ids(activity)):
        return True
    return activity.status == "proposed" and activity.created_by_id == user.id


def was_declined(activity: Activity) -> bool:
    """Declined by a coordinator (not withdrawn by the proposer): the last word on it."""
    steps = [change.action for change in activity.changes
             if change.action in ("declined", "withdrawn")]
    return bool(steps) and steps[-1] == "declined"


def decline_reason(activity: Activity) -> str | None:
    """The reason given with the latest decline, for the review page."""
    for change in reversed(activity.changes):
        if change.action == "declined":
            return str(change.details.get("reason") or "") or None
    return None


def may_cancel(user: User | None, activity: Activity) -> bool:
    if activity.status not in ("proposed", "published") or user is None:
        return False
    return may_moderate(user, activity.workgroup_id) or activity.created_by_id == user.id


def by_public_id(session: Session, public_id: str) -> Activity:
    activity = session.scalar(select(Activity).where(Activity.public_id == public_id))
    if activity is None:
        raise NotFound(f"no activity {public_id!r}")
    return activity


def of_workgroup(session: Session, workgroup_id: int) -> list[Activity]:
    """All activities a workgroup organises (its own and those it co-organises) for its
    overview: open proposals first, the one waiting longest on top, then the rest newest
    first."""
    rows = list(session.scalars(
        select(Activity).where(organised_by(workgroup_id))
        .order_by(Activity.created_at.desc(), Activity.id.desc())))
    waiting = sorted((row for row in rows if row.status == "proposed"), key=submitted_at)
    return waiting + [row for row in rows if row.status != "proposed"]


def submitted_at(activity: Activity) -> datetime:
    """When the proposal was last (re)submitted: how long it has been waiting."""
    for change in reversed(activity.changes):
        if change.action in ("proposed", "resubmitted"):
            return change.at
    return activity.created_at


def propose(session: Session, *, actor: User, data: ActivityInput, now: datetime,
            notify: bool = True) -> Activity:
    """Create a proposal; nothing is public until a coordinator publishes it.

    `notify=False` is for the later dates of a series (services/series.py): the
    coordinators heard of the first one, and nine mails for one plan help nobody.
    """
    check(session, data)
    if not may_propose(actor, data.workgroup_id):
        raise PermissionDenied("only members of the workgroup can propose activities",
                               field="workgroup")
    activity = Activity(public_id=str(uuid.uuid4()), status="proposed", sequence=0,
                        created_by_id=actor.id, created_at=now, updated_at=now)
    apply(activity, data)
    session.add(activity)
    session.flush()
    _record(session, activity, actor, "proposed", {}, now)
    if notify:
        notify_submitted(session, activity, actor=actor, now=now)
    return activity


def update(session: Session, *, actor: User, activity: Activity, data: ActivityInput,
           now: datetime) -> Activity:
    """Change the activity; the audit row lists each changed field as [old, new]."""
    if not may_edit(actor, activity):
        raise PermissionDenied("you cannot edit this activity")
    # A co-organiser's coordinator edits it but cannot take it (and its budget) over.
    owner_side = may_moderate(actor, activity.workgroup_id) or activity.created_by_id == actor.id
    if data.workgroup_id != activity.workgroup_id and not (
            owner_side and may_moderate(actor, data.workgroup_id)):
        raise PermissionDenied("you cannot move it to that workgroup", field="workgroup")
    check(session, data)
    before = _snapshot(activity)
    apply(activity, data)
    session.flush()
    after = _snapshot(activity)
    details = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if activity.status == "declined":
        # The proposer reworked a declined proposal: it goes back to the coordinators.
        activity.status = "proposed"
        _record(session, activity, actor, "resubmitted", details, now)
        notify_submitted(session, activity, actor=actor, now=now)
    elif details:
        _record(session, activity, actor, "edited", details, now)
    return activity


def publish(session: Session, *, actor: User, activity: Activity, now: datetime) -> None:
    _moderate(actor, activity, allowed=("proposed",))
    activity.status = "published"
    _record(session, activity, actor, "published", {}, now)
    notify_published(session, activity, actor=actor, now=now)


#: Longest decline reason kept (it goes into an e-mail and the audit trail).
MAX_REASON = 2000


def decline(session: Session, *, actor: User, activity: Activity, reason: str,
            now: datetime) -> None:
    """Refuse a proposal, saying why: it stays in the workgroup's history, is never
    public, and the proposer hears the reason and may rework and resubmit it.

    Raises:
        ServiceError: (field "reason") the reason is empty or longer than MAX_REASON.
    """
    reason = reason.strip()
    if not reason:
        raise ServiceError("say why the proposal is declined", field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(f"use at most {MAX_REASON} characters", field="reason")
    _moderate(actor, activity, allowed=("proposed",))
    activity.status = "declined"
    _record(session, activity, actor, "declined", {"reason": reason}, now)
    notify_declined(session, activity, actor=actor, reason=reason, now=now)


def cancel(session: Session, *, actor: User, activity: Activity, now: datetime) -> None:
    """Cancel a published activity (kept, shown as cancelled) or withdraw a proposal.

    A proposal that was never published is withdrawn rather than cancelled: it becomes
    "declined", so it never shows up publicly as a cancelled event nobody announced.
    """
    if not may_cancel(actor, activity):
        raise PermissionDenied("you cannot cancel this activity")
    if activity.status == "proposed":
        activity.status = "declined"
        _record(session, activity, actor, "withdrawn", {}, now)
        return
    activity.status = "cancelled"
    activity.cancelled_at = now
    _record(session, activity, actor, "cancelled", {}, now)


def _moderate(actor: User, activity: Activity, *, allowed: tuple[str, ...]) -> None:
    if not may_moderate(actor, activity.workgroup_id):
        raise PermissionDenied("only a coordinator of the workgroup can do this")
    if activity.status not in allowed:
        raise ServiceError(f"the activity is {activity.status}")


def record_change(session: Session, activity: Activity, actor: User, action: str,
                  details: dict[str, Any], now: datetime) -> None:
    """Audit a change made by another service (series, co-organisers), as `_record`."""
    _record(session, activity, actor, action, details, now)


def _record(session: Session, activity: Activity, actor: User, action: str,
            details: dict[str, Any], now: datetime) -> None:
    """Audit the change, raise SEQUENCE, and tell the feed caches.

    Every change bumps the data version, also of a proposal: the internal feed shows
    proposals and is cached per data version like the public feeds. A public feed whose
    bytes did not change keeps its ETag (a hash of the bytes), so its subscribers still
    get 304 to If-None-Match.
    """
    activity.sequence += 1
    activity.updated_at = now
    activity.changes.append(ActivityChange(actor_id=actor.id, action=action,
                                           details=details, at=now))
    session.flush()
    bump_data_version(session, now=now)


def check(session: Session, data: ActivityInput) -> None:
    """The rules the database or the public pages rely on, whatever the caller."""
    if not data.title.strip():
        raise ServiceError("an activity needs a title", field="title")
    if data.kind not in FORM_KINDS:
        raise ServiceError(f"unknown kind {data.kind!r}", field="kind")
    if data.phase is not None and data.phase not in PHASES:
        raise ServiceError(f"unknown phase {data.phase!r}", field="phase")
    if session.get(Workgroup, data.workgroup_id) is None:
        raise NotFound("unknown workgroup", field="workgroup")
    if data.observance_id is not None:
        observance = session.get(Observance, data.observance_id)
        if observance is None or observance.retired_at is not None:
            raise NotFound("unknown observance", field="observance")
    if data.all_day:
        if data.start_date is None or data.end_date is None or data.end_date < data.start_date:
            raise ServiceError("the end lies before the start", field="end_date")
    elif data.start_at is None or data.end_at is None or data.end_at < data.start_at:
        raise ServiceError("the end lies before the start", field="end_date")
    for item in data.programme:
        if item.end_at < item.start_at:
            raise ServiceError("a session ends before it starts", field="programme")


def apply(activity: Activity, data: ActivityInput) -> None:
    for spec in fields(data):
        if spec.name != "programme":
            setattr(activity, spec.name, getattr(data, spec.name))
    if data.all_day:
        activity.start_at = activity.end_at = None
    else:
        activity.start_date = activity.end_date = None
    activity.programme = [
        ProgrammeItem(title=item.title, start_at=item.start_at, end_at=item.end_at,
                      room=item.room, online_url=item.online_url, host=item.host)
        for item in data.programme]


def _snapshot(activity: Activity) -> dict[str, Any]:
    """The editable fields as JSON-friendly values, for the audit trail."""
    names = [spec.name for spec in fields(ActivityInput) if spec.name != "programme"]
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(activity, name)
        values[name] = value if isinstance(value, (str, int, bool, list, dict, type(None))) \
            else str(value)
    values["programme"] = [
        [item.title, item.start_at.isoformat(), item.end_at.isoformat(), item.room,
         item.online_url, item.host] for item in activity.programme]
    return values
