"""Anonymous feedback after an activity, and the coordinator's evaluation.

Anonymous means the response row holds the activity, the *date* (no time of day),
the ratings and the free text, and nothing else: no account, address, IP or user
agent ever reaches this module, so no caller can store one by mistake. "One response
per browser" and rate limits are the web layer's job and leave no trace here.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.models import ActivityChange
from calendar_app.models import ActivityEvaluation
from calendar_app.models import FeedbackQuestion
from calendar_app.models import FeedbackResponse
from calendar_app.models import User
from calendar_app.services.activities import PermissionDenied
from calendar_app.services.activities import may_moderate
from calendar_app.services.budget import check_amount
from calendar_app.services.errors import ServiceError
from calendar_app.services.registration_links import first_day

#: The questionnaire a workgroup starts with (Dutch, English), until it writes its own.
DEFAULT_QUESTIONS = (
    ("Hoe welkom voelde je je?", "How welcome did you feel?"),
    ("Heb je iets geleerd dat je gaat gebruiken?", "Did you learn something you will use?"),
    ("Zou je dit een collega aanraden?", "Would you recommend this to a colleague?"),
)
MAX_QUESTIONS = 8
MAX_COMMENT = 2000
#: Feedback stays open this long after the activity's first day.
OPEN_DAYS = 60
RATINGS = range(1, 6)


def stored_questions(session: Session, workgroup_id: int) -> list[FeedbackQuestion]:
    """The workgroup's questions in order, as stored (none until first use); reads only."""
    return list(session.scalars(
        select(FeedbackQuestion).where(FeedbackQuestion.workgroup_id == workgroup_id)
        .order_by(FeedbackQuestion.position, FeedbackQuestion.id)))


def questionnaire(session: Session, workgroup_id: int) -> list[FeedbackQuestion]:
    """The workgroup's questions in order; the defaults are added on first use."""
    rows = stored_questions(session, workgroup_id)
    if rows:
        return rows
    rows = [FeedbackQuestion(workgroup_id=workgroup_id, position=index, text_nl=nl, text_en=en)
            for index, (nl, en) in enumerate(DEFAULT_QUESTIONS)]
    session.add_all(rows)
    session.flush()
    return rows


def set_questionnaire(session: Session, *, actor: User, workgroup_id: int,
                      questions: Sequence[tuple[str, str]]) -> list[FeedbackQuestion]:
    """Replace the questions. Old answers keep their ratings; reports show current ones."""
    if not may_moderate(actor, workgroup_id):
        raise PermissionDenied("only a coordinator of the workgroup can change the questions")
    cleaned = [(nl.strip(), (en.strip() or nl.strip())) for nl, en in questions if nl.strip()]
    if not cleaned or len(cleaned) > MAX_QUESTIONS:
        raise ServiceError(f"give 1 to {MAX_QUESTIONS} questions", field="questions")
    if any(len(nl) > 300 or len(en) > 300 for nl, en in cleaned):
        raise ServiceError("a question is at most 300 characters", field="questions")
    existing = questionnaire(session, workgroup_id)
    for row in existing[len(cleaned):]:
        session.delete(row)
    rows = []
    for index, (nl, en) in enumerate(cleaned):
        row = existing[index] if index < len(existing) else FeedbackQuestion(
            workgroup_id=workgroup_id)
        row.position, row.text_nl, row.text_en = index, nl, en
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


def feedback_open(activity: Activity, *, today: date, zone: ZoneInfo) -> bool:
    """Published, begun (feedback is collected at the session) and not long past."""
    start = first_day(activity, zone)
    return activity.status == "published" and start <= today <= start + timedelta(OPEN_DAYS)


def feedback_over(activity: Activity, *, today: date, zone: ZoneInfo) -> bool:
    """The window has passed: the pages then say "closed", never when it opens."""
    return today > first_day(activity, zone) + timedelta(OPEN_DAYS)


def submit_feedback(session: Session, *, activity: Activity, answers: Mapping[int, int],
                    comment: str, today: date, zone: ZoneInfo) -> FeedbackResponse:
    """Store one anonymous response: the date, the ratings and the comment only."""
    if not feedback_open(activity, today=today, zone=zone):
        raise ServiceError("feedback for this activity is closed")
    known = {row.id for row in questionnaire(session, activity.workgroup_id)}
    ratings: dict[str, int] = {}
    for question_id, rating in answers.items():
        if question_id not in known:
            raise ServiceError("unknown question", field="ratings")
        if rating not in RATINGS:
            raise ServiceError("a rating is a whole number from 1 to 5", field="ratings")
        ratings[str(question_id)] = rating
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise ServiceError(f"the comment is longer than {MAX_COMMENT} characters",
                           field="comment")
    if not ratings and not comment:
        raise ServiceError("answer at least one question or write a comment", field="ratings")
    response = FeedbackResponse(activity_id=activity.id, submitted_on=today, ratings=ratings,
                                comment=comment)
    session.add(response)
    session.flush()
    return response


@dataclass(frozen=True)
class EvaluationInput:
    attendance: int | None
    actual_cost: Decimal | None
    notes: str


def evaluation_of(session: Session, activity: Activity) -> ActivityEvaluation | None:
    return session.scalar(select(ActivityEvaluation).where(
        ActivityEvaluation.activity_id == activity.id))


def record_evaluation(session: Session, *, actor: User, activity: Activity,
                      data: EvaluationInput, now: datetime) -> ActivityEvaluation:
    """Attendance, actual cost and notes after the activity; audited, feeds untouched."""
    if not may_moderate(actor, activity.workgroup_id):
        raise PermissionDenied("only a coordinator of the workgroup can record this")
    if activity.status not in ("published", "cancelled"):
        raise ServiceError(f"the activity is {activity.status}")
    if data.attendance is not None and not 0 <= data.attendance <= 100_000:
        raise ServiceError("attendance is a number of people from 0", field="attendance")
    cost = None if data.actual_cost is None else check_amount(data.actual_cost)
    details = {name: [str(old) if old is not None else None, str(new) if new is not None
                      else None]
               for name, old, new in (("attendance", activity.attendance, data.attendance),
                                      ("actual_cost", activity.actual_cost, cost))
               if old != new}
    activity.attendance, activity.actual_cost = data.attendance, cost
    evaluation = evaluation_of(session, activity) or ActivityEvaluation(activity_id=activity.id)
    if (evaluation.notes or "") != data.notes.strip():
        details["notes"] = ["…", "…"]
    evaluation.notes, evaluation.updated_by_id, evaluation.updated_at = \
        data.notes.strip(), actor.id, now
    session.add(evaluation)
    if details:
        session.add(ActivityChange(activity_id=activity.id, actor_id=actor.id,
                                   action="evaluated", details=details, at=now))
    session.flush()
    return evaluation
