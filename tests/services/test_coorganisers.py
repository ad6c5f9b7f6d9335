"""Co-organised activities: named by the owner, seen and edited by the co-organisers,
budgeted by the owner alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from calendar_app.models import Activity
from calendar_app.services import activities as workflow
from calendar_app.services import budget
from calendar_app.services import planning
from calendar_app.services import registrations
from calendar_app.services.coorganisers import set_coorganisers
from calendar_app.services.copies import input_of
from calendar_app.services.errors import NotFound
from calendar_app.services.organisers import organiser_ids
from tests.services.test_activities import Cast

ZONE = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def cast(session: Session) -> Cast:
    return Cast(session)


def _shared(session: Session, cast: Cast) -> Activity:
    """Zuid's published cooperation day on 4 March 2027, co-organised by Oost."""
    activity = workflow.propose(session, actor=cast.coordinator, data=workflow.ActivityInput(
        workgroup_id=cast.zuid.id, title="Eerste samenwerking", all_day=True,
        start_date=date(2027, 3, 4), end_date=date(2027, 3, 4), location="Zuid"), now=NOW)
    workflow.publish(session, actor=cast.coordinator, activity=activity, now=NOW)
    set_coorganisers(session, actor=cast.coordinator, activity=activity,
                     workgroup_ids=[cast.oost.id], now=NOW)
    return activity


def test_the_owner_names_co_organisers_and_it_is_audited(session: Session, cast: Cast) -> None:
    activity = _shared(session, cast)
    assert organiser_ids(activity) == {cast.zuid.id, cast.oost.id}
    assert activity.changes[-1].details == {"coorganisers": [[], [cast.oost.id]]}


def test_a_co_organisers_coordinator_may_edit_but_not_take_it_over(
        session: Session, cast: Cast) -> None:
    activity = _shared(session, cast)
    assert workflow.may_edit(cast.other, activity)
    workflow.update(session, actor=cast.other, activity=activity,
                    data=replace(input_of(activity), title="Samenwerking Oost-Zuid"), now=NOW)
    assert activity.title == "Samenwerking Oost-Zuid"
    with pytest.raises(workflow.PermissionDenied):
        workflow.update(session, actor=cast.other, activity=activity,
                        data=replace(input_of(activity), workgroup_id=cast.oost.id), now=NOW)


def test_only_the_owners_coordinator_names_co_organisers(session: Session, cast: Cast) -> None:
    activity = _shared(session, cast)
    with pytest.raises(workflow.PermissionDenied):
        set_coorganisers(session, actor=cast.other, activity=activity, workgroup_ids=[],
                         now=NOW)
    with pytest.raises(workflow.PermissionDenied):
        set_coorganisers(session, actor=cast.member, activity=activity, workgroup_ids=[],
                         now=NOW)


def test_an_unknown_workgroup_is_refused(session: Session, cast: Cast) -> None:
    activity = _shared(session, cast)
    with pytest.raises(NotFound):
        set_coorganisers(session, actor=cast.coordinator, activity=activity,
                         workgroup_ids=[987654], now=NOW)
    assert organiser_ids(activity) == {cast.zuid.id, cast.oost.id}


def test_it_appears_in_both_year_plans(session: Session, cast: Cast) -> None:
    activity = _shared(session, cast)
    for workgroup, coorganised in ((cast.zuid, False), (cast.oost, True)):
        plan = planning.year_plan(session, workgroup=workgroup, year=2027, zone=ZONE)
        rows = [row for quarter in plan.quarters for row in quarter.activities]
        assert [(row.public_id, row.coorganised) for row in rows] == [
            (activity.public_id, coorganised)]


def test_the_budget_stays_with_the_owner(session: Session, cast: Cast) -> None:
    activity = _shared(session, cast)
    activity.budget_estimate = Decimal("500")
    session.flush()
    assert budget.overview(session, workgroup=cast.zuid, year=2027, zone=ZONE) \
        .committed == Decimal("500")
    assert budget.overview(session, workgroup=cast.oost, year=2027, zone=ZONE) \
        .committed == Decimal("0")


def test_the_co_organisers_overview_lists_it(session: Session, cast: Cast) -> None:
    activity = _shared(session, cast)
    assert activity in workflow.of_workgroup(session, cast.oost.id)
    assert activity in workflow.of_workgroup(session, cast.zuid.id)


def test_a_co_organisers_coordinator_may_set_up_registration(session: Session,
                                                             cast: Cast) -> None:
    activity = _shared(session, cast)
    row = registrations.configure(session, actor=cast.other, activity=activity, now=NOW,
                                  options=registrations.Options(enabled=True, capacity=30))
    assert row.capacity == 30


def test_the_co_organisers_plan_export_leaves_the_owners_money_out(session: Session,
                                                                   cast: Cast) -> None:
    from calendar_app.exports.csv import plan_rows

    activity = _shared(session, cast)
    activity.budget_estimate = Decimal("500")
    session.flush()
    for workgroup, expected in ((cast.zuid, "500.00"), (cast.oost, "")):
        plan = planning.year_plan(session, workgroup=workgroup, year=2027, zone=ZONE)
        [row] = [row for row in plan_rows(plan, "en") if row["type"] == "Activity"]
        assert row["budget_estimate"] == expected, workgroup.slug
