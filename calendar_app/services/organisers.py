"""Which workgroups organise an activity: its owner and its co-organisers.

The one definition of "the activities of workgroup X", as a SQL condition
(`organised_by`, for queries that select, order and limit in the database: workgroup
pages, year plans, workgroup feeds) and as a set for an activity already loaded
(`organiser_ids`, for reminders and permissions). The owner alone keeps the budget
and the evaluation report; those ask for `Activity.workgroup_id` directly.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy import exists
from sqlalchemy import or_
from sqlalchemy import select

from calendar_app.models import Activity
from calendar_app.models import ActivityCoorganiser
from calendar_app.models import Workgroup


def organised_by(workgroup_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """SQL: the activity is the workgroup's own, or the workgroup co-organises it."""
    return or_(Activity.workgroup_id == workgroup_id,
               exists().where(ActivityCoorganiser.activity_id == Activity.id,
                              ActivityCoorganiser.workgroup_id == workgroup_id))


def organised_by_slug(slug: str) -> ColumnElement[bool]:
    """`organised_by` for the workgroup with this slug (none: matches nothing)."""
    workgroup_id = select(Workgroup.id).where(Workgroup.slug == slug).scalar_subquery()
    return organised_by(workgroup_id)


def organiser_ids(activity: Activity) -> set[int]:
    """The owner's id and every co-organiser's id."""
    return {activity.workgroup_id, *(row.workgroup_id for row in activity.coorganisers)}


def coorganiser_ids(activity: Activity) -> list[int]:
    """The co-organisers' ids, without the owner, in a stable order."""
    return sorted(row.workgroup_id for row in activity.coorganisers
                  if row.workgroup_id != activity.workgroup_id)
