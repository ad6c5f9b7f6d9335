"""Anonymous feedback: what a response row may hold, validation, the evaluation form."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import inspect
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from calendar_app.models import ActivityChange
from calendar_app.models import FeedbackResponse
from calendar_app.services import feedback
from calendar_app.services.accounts import create_user
from calendar_app.services.activities import PermissionDenied
from calendar_app.services.errors import ServiceError
from tests.factories import make_activity
from tests.factories import make_workgroup

NOW = datetime(2026, 5, 17, 15, 42, 7, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Amsterdam")
DAY = date(2026, 5, 17)


def test_the_response_table_has_no_column_that_could_identify_anyone(
        session: Session) -> None:
    columns = {column["name"]: str(column["type"]).upper()
               for column in inspect(session.connection()).get_columns("feedback_responses")}
    assert set(columns) == {"id", "activity_id", "submitted_on", "ratings", "comment"}
    assert columns["submitted_on"] == "DATE"


def test_a_stored_response_holds_the_date_ratings_and_comment_only(session: Session) -> None:
    activity = make_activity(session, make_workgroup(session), on=DAY)
    first, second = feedback.questionnaire(session, activity.workgroup_id)[:2]
    feedback.submit_feedback(session, activity=activity, answers={first.id: 5, second.id: 2},
                             comment="  Fijne sfeer ", today=DAY, zone=ZONE)
    raw = session.execute(text(
        "SELECT activity_id, submitted_on, ratings, comment FROM feedback_responses")).one()
    stored_day = raw.submitted_on if isinstance(raw.submitted_on, date) \
        else date.fromisoformat(raw.submitted_on)
    assert stored_day == DAY and not isinstance(raw.submitted_on, datetime)
    assert "15:42" not in str(raw.submitted_on)
    row = session.scalars(select(FeedbackResponse)).one()
    assert (row.activity_id, row.ratings, row.comment) == (
        activity.id, {str(first.id): 5, str(second.id): 2}, "Fijne sfeer")


def test_a_workgroup_starts_with_the_default_questionnaire_once(session: Session) -> None:
    workgroup = make_workgroup(session)
    rows = feedback.questionnaire(session, workgroup.id)
    again = feedback.questionnaire(session, workgroup.id)
    assert [row.text_nl for row in rows] == [nl for nl, _ in feedback.DEFAULT_QUESTIONS]
    assert [row.id for row in again] == [row.id for row in rows]


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_ratings_outside_one_to_five_are_refused(session: Session, rating: int) -> None:
    activity = make_activity(session, make_workgroup(session), on=DAY)
    question = feedback.questionnaire(session, activity.workgroup_id)[0]
    with pytest.raises(ServiceError, match="1 to 5"):
        feedback.submit_feedback(session, activity=activity, answers={question.id: rating},
                                 comment="", today=DAY, zone=ZONE)


def test_an_empty_response_is_refused(session: Session) -> None:
    activity = make_activity(session, make_workgroup(session), on=DAY)
    with pytest.raises(ServiceError, match="at least one"):
        feedback.submit_feedback(session, activity=activity, answers={}, comment="  ",
                                 today=DAY, zone=ZONE)


def test_another_workgroups_question_is_refused(session: Session) -> None:
    activity = make_activity(session, make_workgroup(session), on=DAY)
    other = make_workgroup(session, slug="oost", name="Oost")
    foreign = feedback.questionnaire(session, other.id)[0]
    with pytest.raises(ServiceError, match="unknown question"):
        feedback.submit_feedback(session, activity=activity, answers={foreign.id: 3},
                                 comment="", today=DAY, zone=ZONE)


@pytest.mark.parametrize(("status", "today"), [
    ("published", date(2026, 5, 16)),   # before the activity
    ("published", date(2026, 7, 17)),   # more than 60 days after
    ("proposed", DAY), ("cancelled", DAY)])
def test_feedback_is_open_only_for_a_published_activity_that_has_begun(
        session: Session, status: str, today: date) -> None:
    activity = make_activity(session, make_workgroup(session), on=DAY, status=status)
    with pytest.raises(ServiceError, match="closed"):
        feedback.submit_feedback(session, activity=activity, answers={}, comment="Hoi",
                                 today=today, zone=ZONE)


def test_the_coordinator_records_attendance_cost_and_notes_with_an_audit_row(
        session: Session) -> None:
    workgroup = make_workgroup(session)
    coordinator = create_user(session, email="c@example.org", name="C", workgroup_slug="zuid",
                              role="coordinator", now=NOW)
    activity = make_activity(session, workgroup, on=DAY)
    data = feedback.EvaluationInput(attendance=42, actual_cost=Decimal("1300.25"),
                                    notes="Volle zaal")
    feedback.record_evaluation(session, actor=coordinator, activity=activity, data=data, now=NOW)
    assert (activity.attendance, activity.actual_cost) == (42, Decimal("1300.25"))
    assert feedback.evaluation_of(session, activity).notes == "Volle zaal"  # type: ignore[union-attr]
    change = session.scalars(select(ActivityChange)).one()
    assert change.action == "evaluated"
    assert change.details["attendance"] == [None, "42"]
    assert activity.sequence == 0  # the feeds do not change for an evaluation


def test_a_member_cannot_record_the_evaluation(session: Session) -> None:
    workgroup = make_workgroup(session)
    member = create_user(session, email="m@example.org", name="M", workgroup_slug="zuid",
                         now=NOW)
    activity = make_activity(session, workgroup, on=DAY)
    with pytest.raises(PermissionDenied):
        feedback.record_evaluation(session, actor=member, activity=activity,
                                   data=feedback.EvaluationInput(3, None, ""), now=NOW)


def test_the_coordinator_writes_the_workgroups_own_questions(session: Session) -> None:
    workgroup = make_workgroup(session)
    coordinator = create_user(session, email="c@example.org", name="C", workgroup_slug="zuid",
                              role="coordinator", now=NOW)
    feedback.set_questionnaire(session, actor=coordinator, workgroup_id=workgroup.id,
                               questions=[("Was het nuttig?", "Was it useful?"), ("Leuk?", "")])
    rows = feedback.questionnaire(session, workgroup.id)
    assert [(row.text_nl, row.text_en) for row in rows] == [
        ("Was het nuttig?", "Was it useful?"), ("Leuk?", "Leuk?")]
