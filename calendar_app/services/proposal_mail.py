"""Mail about proposals: nobody waits on a proposal without hearing of it.

A new (or resubmitted) proposal goes to each coordinator of the workgroup; a
publication and a decline, with its reason, go to the proposer. Every message is an
outbox row (`outbox.enqueue`), so it is sent exactly once like a reminder, and its
dedupe key names the activity and the step:

- `proposal:<activity>:r<round>:u<coordinator>` — the round counts submissions, so a
  proposal edited after a decline reaches the coordinators again under a new key;
- `proposal-published:<activity>:s<sequence>:u<proposer>`;
- `proposal-declined:<activity>:s<sequence>:u<proposer>`.

Payloads carry paths, not addresses: the notifier puts its `base_url` in front, so the
domain needs no web settings. The actor is never mailed about their own step.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import ActivityChange
from calendar_app.models import Membership
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services.outbox import enqueue

#: Audit actions that (re)submit a proposal to the coordinators.
SUBMISSIONS = ("proposed", "resubmitted")


def coordinators(session: Session, workgroup_id: int) -> list[User]:
    """The active coordinators of a workgroup, by id (a stable order for tests and logs)."""
    return list(session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.workgroup_id == workgroup_id, Membership.role == "coordinator",
               User.is_active.is_(True))
        .order_by(User.id)))


def submission_round(session: Session, activity: Activity) -> int:
    """How many times the activity was submitted (1 for a fresh proposal)."""
    return len(list(session.scalars(select(ActivityChange.id).where(
        ActivityChange.activity_id == activity.id, ActivityChange.action.in_(SUBMISSIONS)))))


def notify_submitted(session: Session, activity: Activity, *, actor: User,
                     now: datetime) -> int:
    """Queue one mail per coordinator about a new or resubmitted proposal; how many."""
    rounds = submission_round(session, activity)
    workgroup = session.get_one(Workgroup, activity.workgroup_id)
    queued = 0
    for coordinator in coordinators(session, activity.workgroup_id):
        if coordinator.id == actor.id:
            continue
        _enqueue(session, f"proposal:{activity.public_id}:r{rounds}:u{coordinator.id}",
                 "proposal", coordinator, activity, now, {
                     "title": activity.title, "workgroup": workgroup.name,
                     "proposer": actor.name, "resubmitted": rounds > 1,
                     **_when(activity),
                     "review_path": f"/activities/{activity.public_id}/review"})
        queued += 1
    return queued


def notify_published(session: Session, activity: Activity, *, actor: User,
                     now: datetime) -> bool:
    """Tell the proposer their proposal is published (unless they published it)."""
    return _tell_proposer(session, activity, actor, now, "proposal-published",
                          {"activity_path": f"/activities/{activity.public_id}"})


def notify_declined(session: Session, activity: Activity, *, actor: User, reason: str,
                    now: datetime) -> bool:
    """Tell the proposer their proposal is declined, and why."""
    return _tell_proposer(session, activity, actor, now, "proposal-declined",
                          {"reason": reason,
                           "edit_path": f"/activities/{activity.public_id}/edit"})


def _tell_proposer(session: Session, activity: Activity, actor: User, now: datetime,
                   kind: str, extra: dict[str, Any]) -> bool:
    """The coordinator's decision to the proposer, once per SEQUENCE (see the keys above)."""
    proposer = _proposer(session, activity, actor)
    if proposer is None:
        return False
    workgroup = session.get_one(Workgroup, activity.workgroup_id)
    _enqueue(session, f"{kind}:{activity.public_id}:s{activity.sequence}:u{proposer.id}",
             kind, proposer, activity, now, {
                 "title": activity.title, "workgroup": workgroup.name,
                 "coordinator": actor.name, **_when(activity), **extra})
    return True


def _proposer(session: Session, activity: Activity, actor: User) -> User | None:
    if activity.created_by_id is None or activity.created_by_id == actor.id:
        return None
    proposer = session.get(User, activity.created_by_id)
    return proposer if proposer is not None and proposer.is_active else None


def _when(activity: Activity) -> dict[str, Any]:
    """When it is: ISO days for an all-day activity, the UTC start and end otherwise
    (the notifier shows them in the calendar's time zone)."""
    if activity.all_day:
        first, last = activity.start_date, activity.end_date
        return {"start_date": first.isoformat() if first else None,
                "end_date": last.isoformat() if last and last != first else None}
    return {"starts_at": activity.start_at.isoformat() if activity.start_at else None,
            "ends_at": activity.end_at.isoformat() if activity.end_at else None}


def _enqueue(session: Session, key: str, kind: str, user: User, activity: Activity,
             now: datetime, context: dict[str, Any]) -> None:
    lang = user.lang if user.lang in ("nl", "en") else "nl"
    enqueue(session, dedupe_key=key, kind=kind, recipient_email=user.email,
            recipient_id=user.id, lang=lang, now=now, activity_id=activity.id,
            payload={"to_name": user.name, "context": context})
