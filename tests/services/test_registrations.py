"""Sign-up, confirmation, cancellation and the waiting list (both engines)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import icalendar
import pytest
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from calendar_app.config import Settings
from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import OutboxMessage
from calendar_app.models import Registration
from calendar_app.models import User
from calendar_app.services import registrations as reg
from calendar_app.services.accounts import create_user
from calendar_app.services.registration_links import MANAGE
from calendar_app.services.registration_links import token
from calendar_app.services.registration_links import token_hash
from tests.factories import make_activity
from tests.factories import make_workgroup

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
START = datetime(2026, 6, 20, 15, 0, tzinfo=UTC)


def open_activity(session: Session, capacity: int | None = 2, *, waitlist: bool = True,
                  slug: str = "zuid") -> Activity:
    workgroup = make_workgroup(session, slug=slug)
    activity = make_activity(session, workgroup, title="Iftar", start_at=START,
                             end_at=START + timedelta(hours=2), location="Stadhuis")
    admin = User(email=f"admin-{slug}@example.org", name="Admin", is_admin=True, created_at=NOW)
    session.add(admin)
    session.flush()
    reg.configure(session, actor=admin, activity=activity,
                  options=reg.Options(enabled=True, capacity=capacity, waitlist=waitlist),
                  now=NOW)
    return activity


def sign_up(session: Session, settings: Settings, activity: Activity, email: str,
            name: str = "Anna") -> Registration:
    return reg.sign_up(session, settings, activity=activity,
                       data=reg.SignUp(name=name, email=email), now=NOW)


def confirmed(session: Session, settings: Settings, activity: Activity,
              email: str) -> Registration:
    registration = sign_up(session, settings, activity, email)
    return reg.confirm(session, settings, registration=registration, activity=activity,
                       now=NOW)


def steps(session: Session, email: str) -> list[str]:
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_email == email)
                           .order_by(OutboxMessage.id))
    return [row.payload["context"]["step"] for row in rows]


def test_a_sign_up_waits_for_the_confirmation_and_mails_the_link(
        session: Session, settings: Settings) -> None:
    activity = open_activity(session)
    registration = sign_up(session, settings, activity, "Anna@Example.org")
    assert (registration.status, registration.email) == ("pending", "anna@example.org")
    assert steps(session, "anna@example.org") == ["confirm"]


def test_confirmation_places_until_full_then_waitlists(session: Session,
                                                       settings: Settings) -> None:
    activity = open_activity(session, capacity=2)
    states = [confirmed(session, settings, activity, f"p{i}@example.org").status
              for i in range(3)]
    assert states == ["confirmed", "confirmed", "waitlisted"]
    assert steps(session, "p0@example.org") == ["confirm", "confirmed"]
    assert steps(session, "p2@example.org") == ["confirm", "waitlisted"]
    invitation = session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient_email == "p0@example.org",
        OutboxMessage.dedupe_key.like("reg-request:%"))).one()
    assert invitation.payload["ics_method"] == "REQUEST"
    assert "qr_png" in invitation.payload


def test_the_same_address_twice_is_one_registration(session: Session,
                                                    settings: Settings) -> None:
    activity = open_activity(session)
    first = sign_up(session, settings, activity, "anna@example.org")
    second = sign_up(session, settings, activity, " ANNA@example.org ")
    assert first.id == second.id
    assert session.scalar(select(func.count()).select_from(Registration)) == 1


def test_cancelling_frees_the_place_for_the_first_waiting(session: Session,
                                                          settings: Settings) -> None:
    activity = open_activity(session, capacity=1)
    first = confirmed(session, settings, activity, "first@example.org")
    waiting = confirmed(session, settings, activity, "second@example.org")
    assert waiting.status == "waitlisted"
    reg.cancel(session, settings, registration=first, activity=activity, now=NOW)
    assert (first.status, waiting.status) == ("cancelled", "confirmed")
    assert steps(session, "second@example.org")[-1] == "promoted"
    cancel_row = session.scalars(select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like(f"reg-cancel:{first.id}:%"))).one()
    assert cancel_row.payload["ics_method"] == "CANCEL"


def invitations(session: Session, email: str) -> list[tuple[str, int]]:
    """(METHOD, SEQUENCE) of each calendar part mailed to `email`, in the order enqueued."""
    rows = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_email == email)
                           .order_by(OutboxMessage.id))
    found = []
    for row in rows:
        if "ics" in row.payload:
            calendar = icalendar.Calendar.from_ical(row.payload["ics"])
            [event] = calendar.walk("VEVENT")
            found.append((str(calendar["METHOD"]), int(event["SEQUENCE"])))
    return found


def test_signing_up_again_after_cancelling_outranks_the_cancel(
        session: Session, settings: Settings) -> None:
    activity = open_activity(session)
    first = confirmed(session, settings, activity, "anna@example.org")
    reg.cancel(session, settings, registration=first, activity=activity, now=NOW)
    again = confirmed(session, settings, activity, "anna@example.org")
    assert again.status == "confirmed"
    mails = invitations(session, "anna@example.org")
    assert [method for method, _ in mails] == ["REQUEST", "CANCEL", "REQUEST"]
    [invited, withdrawn, reinvited] = [sequence for _, sequence in mails]
    assert invited <= withdrawn < reinvited


def test_without_a_waiting_list_a_full_activity_refuses(session: Session,
                                                        settings: Settings) -> None:
    activity = open_activity(session, capacity=1, waitlist=False)
    confirmed(session, settings, activity, "first@example.org")
    late = sign_up(session, settings, activity, "late@example.org")
    with pytest.raises(reg.ActivityFull):
        reg.confirm(session, settings, registration=late, activity=activity, now=NOW)


def test_sign_up_closes_at_the_deadline(session: Session, settings: Settings) -> None:
    activity = open_activity(session)
    row = reg.settings_of(session, activity)
    assert row is not None
    row.deadline_at = NOW - timedelta(minutes=1)
    with pytest.raises(reg.RegistrationClosed):
        sign_up(session, settings, activity, "anna@example.org")


@pytest.mark.parametrize("email", ["", "anna", "anna@localhost", "a b@example.org",
                                   "a@example.org,b@example.org"])
def test_a_bad_address_is_refused(session: Session, settings: Settings, email: str) -> None:
    activity = open_activity(session)
    with pytest.raises(reg.ServiceError) as raised:
        sign_up(session, settings, activity, email)
    assert raised.value.field == "email"


def test_links_are_stored_only_as_hashes(session: Session, settings: Settings) -> None:
    activity = open_activity(session)
    registration = sign_up(session, settings, activity, "anna@example.org")
    link = token(settings, registration, MANAGE)
    assert registration.token_hash == token_hash(link)
    assert link not in str(registration.__dict__)


def test_fifty_parallel_sign_ups_for_ten_places(database: Database, settings: Settings) -> None:
    """Every placement locks the settings row: exactly 10 confirmed, 40 waiting, no error."""
    with database.transaction() as session:
        activity = open_activity(session, capacity=10)
        activity_id = activity.id
        user_ids = [create_user(session, email=f"colleague{i}@example.org", name=f"C {i}",
                                now=NOW).id for i in range(50)]
    barrier = threading.Barrier(50, timeout=60)

    def one(user_id: int) -> str:
        barrier.wait()
        with database.transaction() as session:
            activity = session.get_one(Activity, activity_id)
            user = session.get_one(User, user_id)
            return reg.sign_up_member(session, settings, activity=activity, user=user,
                                      now=NOW).status

    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(one, user_ids))
    assert sorted(results).count("confirmed") == 10
    assert results.count("waitlisted") == 40
    with database.session() as session:
        rows = session.execute(select(Registration.status, func.count(
            func.distinct(Registration.email))).group_by(Registration.status)).all()
        placed = session.scalars(select(Registration.placed_at).where(
            Registration.status == "waitlisted")).all()
    assert dict(rows) == {"confirmed": 10, "waitlisted": 40}
    assert len(placed) == 40
