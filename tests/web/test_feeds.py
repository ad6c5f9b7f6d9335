"""The feeds over HTTP: published data only, caching headers, conditional requests."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from calendar_app.db import Database
from calendar_app.services.feeds import issue_feed_token
from tests.factories import load_catalogue
from tests.factories import make_activity
from tests.factories import make_workgroup

TODAY = datetime.now(UTC).date()


@pytest.fixture
def seeded(database: Database) -> Iterator[dict[str, str]]:
    """The catalogue, a workgroup with a published, a proposed and a declined activity."""
    with database.transaction() as session:
        load_catalogue(session)
        zuid = make_workgroup(session)
        soon = TODAY + timedelta(days=10)
        published = make_activity(session, zuid, title="Keti Koti-lunch", on=soon,
                                  themes=["racisme"])
        proposed = make_activity(session, zuid, title="Concept: filmavond", status="proposed",
                                 on=soon)
        declined = make_activity(session, zuid, title="Afgewezen borrel", status="declined",
                                 on=soon)
        token = issue_feed_token(session, zuid)
        ids = {"published": published.public_id, "proposed": proposed.public_id,
               "declined": declined.public_id, "token": token}
    yield ids


def summaries(body: bytes) -> list[str]:
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(body).walk("VEVENT")]


def test_feed_is_a_calendar_for_subscription(client, seeded) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/feed.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Content-Disposition" not in response.headers
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    assert "max-age" in response.headers["Cache-Control"]


def test_feed_holds_observances_and_published_activities_only(client, seeded) -> None:  # type: ignore[no-untyped-def]
    titles = summaries(client.get("/feed.ics").data)
    assert "Keti Koti-lunch" in titles
    assert "Concept: filmavond" not in titles
    assert "Afgewezen borrel" not in titles
    assert any(title == "Paarse Vrijdag" for title in titles)


def test_drafts_never_leak_through_any_public_feed_or_download(client, seeded) -> None:  # type: ignore[no-untyped-def]
    for url in ("/feed.ics", "/feed.ics?type=activity", "/feeds/activiteiten.ics",
                "/feeds/werkgroep/zuid.ics", "/feed.ics?lang=en", "/feeds/thema/racisme.ics"):
        body = client.get(url).data
        assert b"Concept: filmavond" not in body, url
        assert b"Afgewezen borrel" not in body, url
    assert client.get(f"/activities/{seeded['proposed']}.ics").status_code == 404
    assert client.get(f"/activities/{seeded['declined']}.ics").status_code == 404


def test_internal_feed_shows_proposals_as_tentative(client, seeded) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/feeds/intern/{seeded['token']}.ics")
    assert response.status_code == 200
    events = {str(e["SUMMARY"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}
    assert str(events["Concept: filmavond"]["STATUS"]) == "TENTATIVE"
    assert "Afgewezen borrel" not in events
    assert "private" in response.headers["Cache-Control"]
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_wrong_token_is_not_found(client, seeded) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/feeds/intern/not-the-token.ics").status_code == 404


def test_if_none_match_answers_304(client, seeded) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/feed.ics")
    again = client.get("/feed.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_if_modified_since_answers_304(client, seeded) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/feed.ics")
    again = client.get("/feed.ics",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert again.status_code == 304


def _admin(session):  # type: ignore[no-untyped-def]
    from calendar_app.services.accounts import create_user

    return create_user(session, email="beheer@example.org", name="Beheer",
                       now=datetime.now(UTC), is_admin=True)


def _cancel_published(session, ids: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    from calendar_app.services import activities

    activity = activities.by_public_id(session, ids["published"])
    activities.cancel(session, actor=_admin(session), activity=activity, now=datetime.now(UTC))


def _decline_proposal(session, ids: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    from calendar_app.services import activities

    activity = activities.by_public_id(session, ids["proposed"])
    activities.decline(session, actor=_admin(session), activity=activity,
                       reason="Dubbel gepland.", now=datetime.now(UTC))


def _retire_paarse_vrijdag(session, ids: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """events.yaml without Paarse Vrijdag, loaded as `load-events` loads it."""
    from dataclasses import replace

    from calendar_app.catalogue import load_file
    from calendar_app.services.catalogue_sync import sync_catalogue
    from tests.factories import ROOT

    catalogue = load_file(ROOT / "events.yaml")
    kept = {key: spec for key, spec in catalogue.observances.items() if key != "paarse-vrijdag"}
    sync_catalogue(session, replace(catalogue, observances=kept), now=datetime.now(UTC))


@pytest.mark.parametrize(("change", "url", "before", "after"), [
    (_cancel_published, "/feed.ics", b"SUMMARY:Keti Koti-lunch", b"SUMMARY:Geannuleerd: Keti"),
    (_retire_paarse_vrijdag, "/feed.ics", b"SUMMARY:Paarse Vrijdag", None),
    (_decline_proposal, "/feeds/intern/{token}.ics", b"SUMMARY:Concept: filmavond", None),
], ids=["cancel", "retire", "decline"])
def test_a_change_of_data_changes_the_etag_and_moves_last_modified_forward(
        client, seeded, database: Database, change, url: str, before: bytes,  # type: ignore[no-untyped-def]
        after: bytes | None) -> None:
    url = url.format(token=seeded["token"])
    first = client.get(url)
    with database.transaction() as session:
        change(session, seeded)  # the service the app's own views and CLI call
    client.application.extensions["feed_cache"].forget_version()  # as after VERSION_TTL
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert before in first.data
    assert second.status_code == by_date.status_code == 200
    assert before not in second.data
    assert after is None or after in second.data
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.last_modified > first.last_modified


def test_gzip_only_when_accepted(client, seeded) -> None:  # type: ignore[no-untyped-def]
    plain = client.get("/feed.ics")
    packed = client.get("/feed.ics", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == plain.data
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert "Accept-Encoding" in packed.headers["Vary"]


def test_gzip_can_be_turned_off(app, client, seeded) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    app.extensions["calendar_settings"] = replace(
        app.extensions["calendar_settings"], feed_gzip=False)
    packed = client.get("/feed.ics", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in packed.headers
    assert packed.data.startswith(b"BEGIN:VCALENDAR")


def test_head_answers_without_a_body(client, seeded) -> None:  # type: ignore[no-untyped-def]
    response = client.head("/feed.ics")
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["ETag"]


def test_theme_filter_keeps_matching_observances_and_activities(client, seeded) -> None:  # type: ignore[no-untyped-def]
    titles = summaries(client.get("/feed.ics?theme=lhbtiq").data)
    assert "Coming Out Day" in titles
    assert "Keti Koti" not in titles
    assert "Keti Koti-lunch" not in titles
    racisme = summaries(client.get("/feed.ics?theme=racisme").data)
    assert "Keti Koti-lunch" in racisme


def test_type_filter(client, seeded) -> None:  # type: ignore[no-untyped-def]
    assert summaries(client.get("/feed.ics?type=activity").data) == ["Keti Koti-lunch"]
    assert "Keti Koti-lunch" not in summaries(client.get("/feed.ics?type=observance").data)


def test_named_feeds_carry_their_own_calendar_names(client, seeded) -> None:  # type: ignore[no-untyped-def]
    names = {url: str(Calendar.from_ical(client.get(url).data)["X-WR-CALNAME"])
             for url in ("/feed.ics", "/feeds/thema/lhbtiq.ics", "/feeds/werkgroep/zuid.ics",
                         "/feeds/themadagen.ics")}
    assert names["/feed.ics"] == "Diversiteitskalender"
    assert names["/feeds/thema/lhbtiq.ics"] == "Diversiteitskalender – LHBTIQ+"
    assert names["/feeds/werkgroep/zuid.ics"] == "Diversiteitskalender – Stadsdeel Zuid"
    assert len(set(names.values())) == 4


def test_english_feed(client, seeded) -> None:  # type: ignore[no-untyped-def]
    titles = summaries(client.get("/feed.ics?lang=en").data)
    assert "Purple Friday" in titles


@pytest.mark.parametrize(("url", "status", "message"), [
    ("/feed.ics?theme=astrologie", 400, b"unknown theme 'astrologie'"),
    ("/feed.ics?type=party", 400, b"type='party'"),
    ("/feed.ics?lang=fr", 400, b"lang='fr'"),
    ("/feed.ics?workgroup=nope", 404, b""),
    ("/feeds/thema/nope.ics", 404, b""),
    ("/observances/nope/2026-1.ics", 404, b""),
])
def test_bad_feed_urls_say_what_is_wrong(client, seeded, url: str, status: int,  # type: ignore[no-untyped-def]
                                         message: bytes) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert message in response.data


def test_add_to_my_calendar_download_has_no_calendar_name(client, seeded) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/activities/{seeded['published']}.ics")
    assert response.status_code == 200
    assert b"X-WR-CALNAME" not in response.data
    assert "attachment" in response.headers["Content-Disposition"]
    assert summaries(response.data) == ["Keti Koti-lunch"]


def test_observance_download(client, seeded) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/observances/ramadan/2030-2.ics")
    assert response.status_code == 200
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert event["DTSTART"].dt == date(2030, 12, 26)


def test_the_feed_parses_in_icaljs(client, seeded, icaljs) -> None:  # type: ignore[no-untyped-def]
    parsed = icaljs(client.get("/feed.ics").data)
    assert parsed  # the parser's summary of the calendar
    uids = [event["uid"] for event in parsed["events"]]
    assert len(uids) == len(set(uids)) > 40


def test_the_body_is_built_once_per_change(app, client, seeded, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from calendar_app.web import feeds as web_feeds

    calls = []
    original = web_feeds._render
    monkeypatch.setattr(web_feeds, "_render", lambda *a, **k: calls.append(1) or original(*a, **k))
    for _ in range(5):
        client.get("/feed.ics")
    assert len(calls) == 1


def test_a_warm_feed_request_runs_no_sql(app, client, seeded) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import event

    client.get("/feed.ics")
    statements: list[str] = []
    engine = app.extensions["database"].engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/feed.ics").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements == []


def test_a_synergy_day_lists_its_programme_in_the_description(client, database: Database) -> None:  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from calendar_app.models import ProgrammeItem

    amsterdam = ZoneInfo("Europe/Amsterdam")
    day = TODAY + timedelta(days=20)
    with database.transaction() as session:
        zuid = make_workgroup(session)
        start = datetime(day.year, day.month, day.day, 9, 0, tzinfo=amsterdam)
        synergy = make_activity(session, zuid, title="Synergiedag", kind="synergy-day",
                                start_at=start, end_at=start + timedelta(hours=8))
        for hour, title, room in ((10, "Workshop bewustwording", "Zaal 1"),
                                  (13, "Toerusting: het goede gesprek", "Zaal 2")):
            begin = start.replace(hour=hour)
            session.add(ProgrammeItem(activity_id=synergy.id, title=title, start_at=begin,
                                      end_at=begin + timedelta(hours=1), room=room, host="Sam"))
    event = Calendar.from_ical(client.get("/feed.ics?type=activity").data).walk("VEVENT")[0]
    description = str(event["DESCRIPTION"])
    assert "10:00–11:00 Workshop bewustwording (Zaal 1), Sam" in description
    assert "13:00–14:00 Toerusting: het goede gesprek (Zaal 2), Sam" in description
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTSTART"].dt.hour == 9


def test_a_cancelled_activity_stays_30_days_as_cancelled(client, database: Database) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    with database.transaction() as session:
        zuid = make_workgroup(session)
        make_activity(session, zuid, title="Filmavond", status="cancelled",
                      on=TODAY + timedelta(days=5), cancelled_at=now - timedelta(days=29),
                      sequence=3, updated_at=now - timedelta(days=29))
        make_activity(session, zuid, title="Oude borrel", status="cancelled",
                      on=TODAY + timedelta(days=5), cancelled_at=now - timedelta(days=31))
    events = Calendar.from_ical(client.get("/feed.ics?type=activity").data).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Geannuleerd: Filmavond"]
    assert str(events[0]["STATUS"]) == "CANCELLED"
    assert int(events[0]["SEQUENCE"]) == 3
    english = Calendar.from_ical(client.get("/feed.ics?type=activity&lang=en").data)
    assert str(english.walk("VEVENT")[0]["SUMMARY"]) == "Cancelled: Filmavond"


#: The UIDs of every event in the feed window around 1 June 2026, as committed: both
#: engines and every reload must give exactly these (a changed UID duplicates events in
#: every subscribed calendar). Regenerate with UPDATE_GOLDEN=1 only for a new or renamed
#: entry in events.yaml.
GOLDEN_UIDS = Path(__file__).resolve().parent.parent / "data" / "feed_uids_2026-06-01.txt"
GOLDEN_TODAY = date(2026, 6, 1)
FIXED_ACTIVITY = "3f2c7a1e-0d4b-4c3e-9a57-6b1f0e2d8c90"


def _window_uids(session, settings) -> list[str]:  # type: ignore[no-untyped-def]
    from calendar_app.services import feeds
    from calendar_app.web.feeds import links

    at = datetime.combine(GOLDEN_TODAY, datetime.min.time(), tzinfo=UTC)
    return sorted(event.uid for event in feeds.feed_events(
        session, feeds.FeedQuery(), settings=settings, today=GOLDEN_TODAY, now=at,
        links=links(settings)))


def test_uids_are_the_same_on_both_engines_and_across_reloads(
        database: Database, db_settings) -> None:  # type: ignore[no-untyped-def]
    with database.transaction() as session:
        load_catalogue(session)
        make_activity(session, make_workgroup(session), public_id=FIXED_ACTIVITY,
                      on=date(2026, 7, 1))
        first = _window_uids(session, db_settings)
    with database.transaction() as session:  # a reload without one entry retires it ...
        _retire_paarse_vrijdag(session, {})
        assert not any("paarse-vrijdag" in uid for uid in _window_uids(session, db_settings))
    with database.transaction() as session:  # ... and the next full reload brings it back
        load_catalogue(session, now=datetime.now(UTC))
        reloaded = _window_uids(session, db_settings)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN_UIDS.write_text("\n".join(first) + "\n")
    assert reloaded == first
    assert first == GOLDEN_UIDS.read_text().split()
    assert len(first) == len(set(first))
