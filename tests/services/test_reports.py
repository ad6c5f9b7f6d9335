"""The evaluation report against a seeded quarter whose figures are worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.models import Observance
from calendar_app.models import Workgroup
from calendar_app.models import YearBudget
from calendar_app.services import feedback
from calendar_app.services import reports
from calendar_app.services.errors import ServiceError
from tests.factories import CREATED
from tests.factories import load_catalogue
from tests.factories import make_activity
from tests.factories import make_workgroup

ZONE = ZoneInfo("Europe/Amsterdam")
Q2 = (date(2026, 4, 1), date(2026, 6, 30))


def seed_quarter(session: Session) -> Workgroup:
    """Zuid's second quarter of 2026 (the figures in the tests below follow from this)."""
    load_catalogue(session)
    zuid = make_workgroup(session)
    oost = make_workgroup(session, slug="oost", name="Oost")
    session.add(YearBudget(workgroup_id=zuid.id, year=2026, amount=Decimal("30000.00"),
                           updated_at=CREATED))
    key = {row.key: row.id for row in session.scalars(select(Observance))}
    lunch = make_activity(session, zuid, title="Lunchlezing", on=date(2026, 4, 10),
                          phase="bewustwording", themes=["gender"],
                          budget_estimate=Decimal("100.00"), actual_cost=Decimal("120.50"),
                          attendance=25)
    idahot = make_activity(session, zuid, title="IDAHOT-borrel", on=date(2026, 5, 17),
                           phase="toerusting", themes=["lhbti", "gender"],
                           budget_estimate=Decimal("250.00"), actual_cost=Decimal("200.00"),
                           attendance=40, observance_id=key["idahot"])
    make_activity(session, zuid, title="Leesclub", on=date(2026, 5, 20),
                  budget_estimate=Decimal("50.00"))
    make_activity(session, zuid, title="Oranjeontbijt", on=date(2026, 4, 27), phase="borging",
                  attendance=10, observance_id=key["koningsdag"])
    make_activity(session, zuid, title="Afgelast", on=date(2026, 6, 3), status="cancelled",
                  phase="bewustwording", budget_estimate=Decimal("300.00"),
                  actual_cost=Decimal("75.10"))
    make_activity(session, zuid, title="Voorstel", on=date(2026, 6, 10), status="proposed")
    make_activity(session, zuid, title="Keti Koti", on=date(2026, 7, 1))
    elsewhere = make_activity(session, oost, title="Elders", on=date(2026, 5, 1), attendance=99)
    q1, q2, q3 = feedback.questionnaire(session, zuid.id)
    answers = [(lunch, {q1.id: 5, q2.id: 4}, "Fijne sfeer", date(2026, 4, 10)),
               (idahot, {q1.id: 3, q2.id: 4, q3.id: 5}, "", date(2026, 5, 17)),
               (idahot, {q1.id: 4}, "Meer van dit", date(2026, 5, 18)),
               (lunch, {}, "Te kort", date(2026, 4, 11))]
    for activity, ratings, comment, day in answers:
        feedback.submit_feedback(session, activity=activity, answers=ratings, comment=comment,
                                 today=day, zone=ZONE)
    oost_question = feedback.questionnaire(session, oost.id)[0]
    feedback.submit_feedback(session, activity=elsewhere, answers={oost_question.id: 1},
                             comment="Niet van Zuid", today=date(2026, 5, 1), zone=ZONE)
    return zuid


@pytest.fixture
def report(session: Session) -> reports.Report:
    return reports.evaluation_report(session, workgroup=seed_quarter(session), first=Q2[0],
                                     last=Q2[1], zone=ZONE)


def test_held_means_published_and_starting_in_the_period(report: reports.Report) -> None:
    assert [row.activity.title for row in report.held] == [
        "Lunchlezing", "Oranjeontbijt", "IDAHOT-borrel", "Leesclub"]
    assert report.cancelled == 1


def test_activities_per_phase_and_theme(report: reports.Report) -> None:
    assert report.per_phase == (("bewustwording", 1), ("toerusting", 1), ("borging", 1),
                                ("none", 1))
    assert report.per_theme == (("gender", 2), ("lhbti", 1))


def test_activities_per_month_and_phase_feed_the_chart(report: reports.Report) -> None:
    assert [(row.month, row.counts) for row in report.per_month] == [
        (date(2026, 4, 1), (1, 0, 1, 0)),
        (date(2026, 5, 1), (0, 1, 0, 1)),
        (date(2026, 6, 1), (0, 0, 0, 0))]


def test_attendance_adds_the_recorded_numbers(report: reports.Report) -> None:
    assert (report.attendance, report.attendance_recorded) == (75, 3)  # 25 + 40 + 10


def test_feedback_averages_spread_and_distribution(report: reports.Report) -> None:
    welcome, learned, recommend = report.questions
    assert report.responses == 4
    # q1: 5, 3, 4 -> mean 4; population sd = sqrt((1 + 1 + 0) / 3) = 0.816... -> 0.8
    assert (welcome.count, welcome.mean, welcome.spread) == (3, Decimal("4.0"),
                                                             Decimal("0.8"))
    assert welcome.distribution == (0, 0, 1, 1, 1)
    assert (learned.count, learned.mean, learned.spread) == (2, Decimal("4.0"),
                                                             Decimal("0.0"))
    assert (recommend.count, recommend.mean, recommend.distribution) == (
        1, Decimal("5.0"), (0, 0, 0, 0, 1))


def test_comments_in_date_order_without_other_workgroups(report: reports.Report) -> None:
    assert [(c.activity, c.submitted_on, c.text) for c in report.comments] == [
        ("Lunchlezing", date(2026, 4, 10), "Fijne sfeer"),
        ("Lunchlezing", date(2026, 4, 11), "Te kort"),
        ("IDAHOT-borrel", date(2026, 5, 18), "Meer van dit")]


def test_budget_use(report: reports.Report) -> None:
    assert report.estimated == Decimal("400.00")   # 100 + 250 + 50
    assert report.spent == Decimal("395.60")       # 120.50 + 200.00 + 75.10 (cancelled)
    assert report.budgeted == Decimal("30000.00")


def test_observances_passed_without_an_activity(report: reports.Report) -> None:
    assert [row.key for row in report.missed] == [
        "pesach", "wereld-autisme-dag", "pasen", "internationale-romadag", "orthodox-pasen",
        "dag-tegen-pesten", "lesbische-zichtbaarheidsdag", "vesak", "dodenherdenking",
        "bevrijdingsdag", "hemelvaartsdag", "sjavoeot", "pinksteren", "offerfeest",
        "week-jonge-mantelzorger", "islamitisch-nieuwjaar", "wereldvluchtelingendag", "asjoera"]


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
    ("2026-h2", date(2026, 7, 1), date(2026, 12, 31)),
    ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31))])
def test_periods_by_name(text: str, first: date, last: date) -> None:
    assert reports.period_span(text) == (first, last)


@pytest.mark.parametrize("text", ["2026-Q5", "2026", "Q1-2026", "2026-H3"])
def test_bad_period_names_are_refused(text: str) -> None:
    with pytest.raises(ServiceError):
        reports.period_span(text)


def test_a_report_writes_nothing_for_a_workgroup_without_questions(session: Session) -> None:
    """A report is a read: it must not create the default questionnaire (a GET would write)."""
    from calendar_app.models import FeedbackQuestion

    oost = make_workgroup(session, slug="oost")
    result = reports.evaluation_report(session, workgroup=oost, first=Q2[0], last=Q2[1],
                                       zone=ZONE)
    assert result.questions == ()
    assert not session.new and not session.dirty
    assert session.scalars(select(FeedbackQuestion)).all() == []


def test_an_activity_after_today_is_still_to_come_not_held(session: Session) -> None:
    zuid = seed_quarter(session)
    result = reports.evaluation_report(session, workgroup=zuid, first=Q2[0], last=Q2[1],
                                       zone=ZONE, today=date(2026, 5, 17))
    assert [row.activity.title for row in result.held] == [
        "Lunchlezing", "Oranjeontbijt", "IDAHOT-borrel"]
    assert (result.upcoming, result.cancelled) == (1, 1)
