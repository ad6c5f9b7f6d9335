"""A feed changes as soon as its data does, through the app's own services.

Feeds are cached per data version (see calendar_app/web/feeds.py), so every service
that changes what a feed shows must bump it; these tests make the change the way the
app makes it and then read the feed over HTTP, as a subscribed client does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from datetime import datetime
from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from icalendar import Calendar

from calendar_app.db import Database
from calendar_app.models import Activity
from calendar_app.models import User
from calendar_app.models import Workgroup
from calendar_app.services import activities
from calendar_app.services.accounts import create_user
from calendar_app.services.accounts import create_workgroup
from calendar_app.services.accounts import update_workgroup
from calendar_app.services.feeds import issue_feed_token

NOW = datetime.now(UTC).replace(microsecond=0)
DAY = NOW.date() + timedelta(days=10)


@dataclass(frozen=True)
class Zuid:
    """A workgroup with a coordinator, and the address of its internal feed."""

    workgroup_id: int
    coordinator_id: int
    internal: str


@pytest.fixture
def zuid(database: Database) -> Iterator[Zuid]:
    with database.transaction() as session:
        workgroup = create_workgroup(session, slug="zuid", name="Zuid", now=NOW)
        token = issue_feed_token(session, workgroup)
        user = create_user(session, email="co@example.org", name="Co", now=NOW,
                           workgroup_slug="zuid", role="coordinator")
        found = Zuid(workgroup.id, user.id, f"/feeds/intern/{token}.ics")
    yield found


def fetch(client: FlaskClient, url: str, **headers: str):  # type: ignore[no-untyped-def]
    """GET `url` as a client polling after VERSION_TTL has passed."""
    client.application.extensions["feed_cache"].forget_version()
    return client.get(url, headers=headers)


def summaries(body: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(body).walk("VEVENT")]


def propose(database: Database, zuid: Zuid, title: str, *, now: datetime = NOW) -> int:
    with database.transaction() as session:
        activity = activities.propose(
            session, actor=session.get(User, zuid.coordinator_id), now=now,
            data=activities.ActivityInput(workgroup_id=zuid.workgroup_id, title=title,
                                          all_day=True, start_date=DAY, end_date=DAY))
        return activity.id


def edit(database: Database, zuid: Zuid, activity_id: int, title: str,
         *, now: datetime = NOW) -> None:
    with database.transaction() as session:
        activities.update(
            session, actor=session.get(User, zuid.coordinator_id),
            activity=session.get(Activity, activity_id), now=now,
            data=activities.ActivityInput(workgroup_id=zuid.workgroup_id, title=title,
                                          all_day=True, start_date=DAY, end_date=DAY))


def act(database: Database, zuid: Zuid, activity_id: int, action: str,
        *, now: datetime = NOW) -> None:
    """Run activities.publish / cancel / decline on the activity as its coordinator."""
    with database.transaction() as session:
        extra = {"reason": "Dubbel gepland."} if action == "decline" else {}
        getattr(activities, action)(session, actor=session.get(User, zuid.coordinator_id),
                                    activity=session.get(Activity, activity_id), now=now,
                                    **extra)


def test_a_new_proposal_is_in_the_internal_feed_at_once(
        client: FlaskClient, database: Database, zuid: Zuid) -> None:
    before = fetch(client, zuid.internal)
    propose(database, zuid, "Nieuw voorstel")
    after = fetch(client, zuid.internal, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert summaries(after.data) == ["Nieuw voorstel"]


def test_an_edited_proposal_changes_the_internal_feed(
        client: FlaskClient, database: Database, zuid: Zuid) -> None:
    activity_id = propose(database, zuid, "Eerste titel")
    before = fetch(client, zuid.internal)
    edit(database, zuid, activity_id, "Betere titel")
    after = fetch(client, zuid.internal, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert summaries(after.data) == ["Betere titel"]


@pytest.mark.parametrize("action", ["cancel", "decline"])
def test_a_withdrawn_or_declined_proposal_leaves_the_internal_feed(
        client: FlaskClient, database: Database, zuid: Zuid, action: str) -> None:
    activity_id = propose(database, zuid, "Toch niet")
    before = fetch(client, zuid.internal)
    act(database, zuid, activity_id, action)
    after = fetch(client, zuid.internal, **{"If-None-Match": before.headers["ETag"]})
    assert summaries(before.data) == ["Toch niet"]
    assert (after.status_code, summaries(after.data)) == (200, [])


def test_a_proposal_leaves_the_public_feed_bytes_and_etag_alone(
        client: FlaskClient, database: Database, zuid: Zuid) -> None:
    before = fetch(client, "/feed.ics?type=activity")
    propose(database, zuid, "Nog geheim")
    after = fetch(client, "/feed.ics?type=activity",
                  **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 304


def test_renaming_a_workgroup_renames_its_feeds(
        client: FlaskClient, database: Database, zuid: Zuid) -> None:
    before = fetch(client, "/feeds/werkgroep/zuid.ics")
    with database.transaction() as session:
        update_workgroup(session, session.get(Workgroup, zuid.workgroup_id),
                         name="Stadsdeel Zuid", description="", budget=None, now=NOW)
    public = fetch(client, "/feeds/werkgroep/zuid.ics",
                   **{"If-None-Match": before.headers["ETag"]})
    internal = fetch(client, zuid.internal)
    assert public.status_code == 200
    assert str(Calendar.from_ical(public.data)["X-WR-CALNAME"]) == \
        "Diversiteitskalender – Stadsdeel Zuid"
    assert str(Calendar.from_ical(internal.data)["X-WR-CALNAME"]) == \
        "Diversiteitskalender – Stadsdeel Zuid (intern)"


def test_an_edit_keeps_the_uid_and_raises_sequence_last_modified_and_etag(
        client: FlaskClient, database: Database, zuid: Zuid) -> None:
    activity_id = propose(database, zuid, "Lunchlezing", now=NOW - timedelta(minutes=2))
    act(database, zuid, activity_id, "publish", now=NOW - timedelta(minutes=1))
    first = fetch(client, "/feeds/activiteiten.ics")
    edit(database, zuid, activity_id, "Lunchlezing (nieuwe zaal)", now=NOW)
    second = fetch(client, "/feeds/activiteiten.ics")
    [old] = Calendar.from_ical(first.data).walk("VEVENT")
    [new] = Calendar.from_ical(second.data).walk("VEVENT")
    assert str(new["SUMMARY"]) == "Lunchlezing (nieuwe zaal)"
    assert str(new["UID"]) == str(old["UID"])
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert new["LAST-MODIFIED"].dt > old["LAST-MODIFIED"].dt
    assert second.headers["ETag"] != first.headers["ETag"]


def test_two_changes_within_one_second_give_two_last_modified_values(
        client: FlaskClient, database: Database, zuid: Zuid) -> None:
    activity_id = propose(database, zuid, "Lunchlezing")
    act(database, zuid, activity_id, "publish")
    first = fetch(client, "/feeds/activiteiten.ics")
    act(database, zuid, activity_id, "cancel")  # the same second as the publication
    second = fetch(client, "/feeds/activiteiten.ics",
                   **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert second.status_code == 200
    assert summaries(second.data) == ["Geannuleerd: Lunchlezing"]
    assert second.last_modified > first.last_modified
