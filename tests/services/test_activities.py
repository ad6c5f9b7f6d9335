"""The activity workflow: who may do what, the audit trail, SEQUENCE and the data version."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities as workflow
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import create_workgroup
from calendar_app.services.errors import ServiceError
from calendar_app.services.site import data_version

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Cast:
    def __init__(self, session: Session) -> None:
        self.zuid: Workgroup = create_workgroup(session, slug="zuid", name="Zuid", now=NOW)
        self.oost: Workgroup = create_workgroup(session, slug="oost", name="Oost", now=NOW)
        self.member: User = create_user(session, email="m@example.org", name="M",
                                        workgroup_slug="zuid", now=NOW)
        self.coordinator: User = create_user(session, email="c@example.org", name="C",
                                             workgroup_slug="zuid", role="coordinator",
                                             now=NOW)
        self.other: User = create_user(session, email="o@example.org", name="O",
                                       workgroup_slug="oost", role="coordinator", now=NOW)
        self.admin: User = create_user(session, email="a@example.org", name="A",
                                       is_admin=True, now=NOW)


@pytest.fixture
def cast(session: Session) -> Cast:
    return Cast(session)


def _input(workgroup: Workgroup, **changes: object) -> workflow.ActivityInput:
    values: dict[str, object] = {
        "workgroup_id": workgroup.id, "title": "Lunch", "start_at": NOW + timedelta(days=5),
        "end_at": NOW + timedelta(days=5, hours=1), "location": "Stadhuis",
        "phase": "bewustwording"}
    values.update(changes)
    return workflow.ActivityInput(**values)  # type: ignore[arg-type]


def test_a_member_proposes_and_it_is_not_public(session: Session, cast: Cast) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    assert activity.status == "proposed"
    assert [change.action for change in activity.changes] == ["proposed"]
    assert data_version(session)[0] == 1  # the internal feed shows proposals


def test_an_outsider_cannot_propose(session: Session, cast: Cast) -> None:
    with pytest.raises(workflow.PermissionDenied):
        workflow.propose(session, actor=cast.other, data=_input(cast.zuid), now=NOW)


@pytest.mark.parametrize("who", ["member", "other"])
def test_only_a_coordinator_of_the_workgroup_publishes(session: Session, cast: Cast,
                                                       who: str) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    with pytest.raises(workflow.PermissionDenied):
        workflow.publish(session, actor=getattr(cast, who), activity=activity, now=NOW)
    assert activity.status == "proposed"


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_publishing_records_who_and_bumps_the_data_version(session: Session, cast: Cast,
                                                           who: str) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    later = NOW + timedelta(hours=1)
    workflow.publish(session, actor=getattr(cast, who), activity=activity, now=later)
    assert activity.status == "published"
    last = activity.changes[-1]
    assert (last.action, last.actor_id, last.at) == ("published", getattr(cast, who).id, later)
    assert activity.sequence == 2
    assert data_version(session)[0] == 2


def test_a_declined_proposal_cannot_be_published_later(session: Session, cast: Cast) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    workflow.decline(session, actor=cast.coordinator, activity=activity,
                     reason="Past niet in de planning.", now=NOW)
    assert activity.status == "declined"
    with pytest.raises(ServiceError):
        workflow.publish(session, actor=cast.coordinator, activity=activity, now=NOW)
    assert data_version(session)[0] == 2  # proposed, declined: both change the internal feed


def test_cancelling_a_published_activity_keeps_it_as_cancelled(session: Session,
                                                                cast: Cast) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    workflow.publish(session, actor=cast.coordinator, activity=activity, now=NOW)
    workflow.cancel(session, actor=cast.member, activity=activity, now=NOW)  # the creator
    assert (activity.status, activity.cancelled_at) == ("cancelled", NOW)
    assert data_version(session)[0] == 3


def test_withdrawing_a_proposal_never_makes_it_public(session: Session, cast: Cast) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    workflow.cancel(session, actor=cast.member, activity=activity, now=NOW)
    assert activity.status == "declined"
    assert activity.changes[-1].action == "withdrawn"


def test_another_workgroups_coordinator_cannot_cancel(session: Session, cast: Cast) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    with pytest.raises(workflow.PermissionDenied):
        workflow.cancel(session, actor=cast.other, activity=activity, now=NOW)


def test_an_edit_records_old_and_new_values(session: Session, cast: Cast) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    workflow.publish(session, actor=cast.coordinator, activity=activity, now=NOW)
    workflow.update(session, actor=cast.coordinator, activity=activity,
                    data=_input(cast.zuid, title="Long lunch"), now=NOW)
    assert activity.changes[-1].details == {"title": ["Lunch", "Long lunch"]}
    assert activity.sequence == 3
    assert data_version(session)[0] == 3


def test_a_member_cannot_edit_after_publication(session: Session, cast: Cast) -> None:
    activity = workflow.propose(session, actor=cast.member, data=_input(cast.zuid), now=NOW)
    workflow.publish(session, actor=cast.coordinator, activity=activity, now=NOW)
    with pytest.raises(workflow.PermissionDenied):
        workflow.update(session, actor=cast.member, activity=activity,
                        data=_input(cast.zuid, title="Mine"), now=NOW)


def test_the_service_refuses_an_end_before_the_start(session: Session, cast: Cast) -> None:
    with pytest.raises(ServiceError) as refused:
        workflow.propose(session, actor=cast.member, now=NOW, data=_input(
            cast.zuid, end_at=NOW))
    assert refused.value.field == "end_date"


def test_the_service_refuses_an_unknown_observance(session: Session, cast: Cast) -> None:
    with pytest.raises(ServiceError) as refused:
        workflow.propose(session, actor=cast.member, now=NOW,
                         data=_input(cast.zuid, observance_id=999_999))
    assert refused.value.field == "observance"


def test_a_synergy_day_keeps_its_programme(session: Session, cast: Cast) -> None:
    start = NOW + timedelta(days=5)
    sessions = [workflow.SessionInput(title=f"S{n}", start_at=start + timedelta(hours=n),
                                      end_at=start + timedelta(hours=n + 1), host="H")
                for n in (1, 2)]
    activity = workflow.propose(session, actor=cast.member, now=NOW, data=_input(
        cast.zuid, kind="synergy-day", start_at=start, end_at=start + timedelta(hours=8),
        programme=sessions))
    assert [item.title for item in activity.programme] == ["S1", "S2"]
