"""Naming the workgroups that organise an activity together with its owner.

"The first cooperation is organised by Oost, Zuid and SNAB": the activity stays the
owner's (budget, evaluation report), and each co-organiser sees it in its pages, year
plan, reminders and workgroup feed (through services/organisers.py), and its
coordinators may edit it. Only the owner's coordinators choose the co-organisers, so a
co-organiser cannot hand the activity on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import ActivityCoorganiser
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from calendar_app.services.errors import NotFound
from calendar_app.services.errors import ServiceError
from calendar_app.services.organisers import coorganiser_ids

#: More than this many co-organisers is a city-wide event, not a cooperation.
MAX_COORGANISERS = 20


def may_choose(user: User | None, activity: Activity) -> bool:
    """The owning workgroup's coordinators (and administrators) name co-organisers."""
    return activity.status in ("proposed", "published") and workflow.may_moderate(
        user, activity.workgroup_id)


def candidates(session: Session, activity: Activity) -> list[Workgroup]:
    """Every workgroup but the owner, by name: who could co-organise it."""
    return list(session.scalars(select(Workgroup).where(Workgroup.id != activity.workgroup_id)
                                .order_by(Workgroup.name, Workgroup.slug)))


def set_coorganisers(session: Session, *, actor: User, activity: Activity,
                     workgroup_ids: Iterable[int], now: datetime) -> list[int]:
    """Make exactly `workgroup_ids` the co-organisers (the owner is ignored if named).

    The change is audited and raises SEQUENCE like any edit: the workgroup feeds it
    enters or leaves are rebuilt at once. Returns the ids now stored.
    """
    if not may_choose(actor, activity):
        raise workflow.PermissionDenied("only a coordinator of the owning workgroup can do this")
    wanted = sorted(set(workgroup_ids) - {activity.workgroup_id})
    if len(wanted) > MAX_COORGANISERS:
        raise ServiceError(f"name at most {MAX_COORGANISERS} co-organisers",
                                    field="coorganisers")
    known = set(session.scalars(select(Workgroup.id).where(Workgroup.id.in_(wanted))))
    if known != set(wanted):
        raise NotFound("unknown workgroup", field="coorganisers")
    before = coorganiser_ids(activity)
    if before == wanted:
        return wanted
    kept = [row for row in activity.coorganisers if row.workgroup_id in wanted]
    activity.coorganisers = kept + [
        ActivityCoorganiser(activity_id=activity.id, workgroup_id=wid)
        for wid in wanted if wid not in before]
    session.flush()
    workflow.record_change(session, activity, actor, "edited",
                           {"coorganisers": [before, wanted]}, now)
    return wanted
